#include "trocar/report/Measure.h"

#include <cmath>
#include <cstdio>

namespace trocar::report {

std::string formatMeasure(const Measure& m) {
  if (!m.applicable || !std::isfinite(m.value)) return "n/a";
  // Keep "-0.0" off the page: a value that rounds to zero has no sign.
  const double scale = std::pow(10.0, m.decimals);
  double v = std::round(m.value * scale) / scale;
  if (v == 0) v = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", m.decimals, v);
  std::string text = buf;
  if (m.unit.empty()) return text;
  // Degrees attach to the number (SI brochure: 15°); every other unit is set apart by a space.
  return m.unit == "°" ? text + m.unit : text + " " + m.unit;
}

}  // namespace trocar::report
