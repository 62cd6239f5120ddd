#include "trocar/fluoro/CArm.h"

#include <charconv>
#include <string>

namespace trocar::fluoro {

core::CArmAngles apAngles() { return {0, 0}; }
core::CArmAngles lateralAngles() { return {90, 0}; }

core::CArmAngles barrelAngles(const core::Vec3& tipMm, const core::Vec3& hubMm) {
  return core::anglesForBeam(tipMm - hubMm);
}

std::optional<core::CArmAngles> parseViewAngles(std::string_view text) {
  if (text == "ap") return apAngles();
  if (text == "lateral") return lateralAngles();
  core::CArmAngles angles;
  bool any = false;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    if (comma != std::string_view::npos && comma + 1 == text.size())
      return std::nullopt;  // "lao=20,"
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view key = part.substr(0, eq), number = part.substr(eq + 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    if (key == "lao")
      angles.laoDeg = value;
    else if (key == "rao")
      angles.laoDeg = -value;
    else if (key == "cran")
      angles.cranialDeg = value;
    else if (key == "caud")
      angles.cranialDeg = -value;
    else
      return std::nullopt;
    any = true;
  }
  if (!any || angles.laoDeg < -180 || angles.laoDeg > 180 || angles.cranialDeg < -90 ||
      angles.cranialDeg > 90)
    return std::nullopt;
  return angles;
}

}  // namespace trocar::fluoro
