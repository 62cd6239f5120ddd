#pragma once

#include <string>

namespace trocar::report {

// A number as the report shows it: never bare, always with its unit and a fixed precision, so a
// reader of the printed page cannot mistake millimetres for degrees.
struct Measure {
  double value = 0;
  std::string unit;  // "mm", "°", "mL", "%", "kPa", "G", "HU", "s", "mm²"
  int decimals = 1;
  bool applicable =
      true;  // false: the quantity does not apply (pedicle walls of a parapedicular needle)

  bool operator==(const Measure&) const = default;
};

inline Measure millimetres(double v, int decimals = 1) { return {v, "mm", decimals}; }
inline Measure degrees(double v, int decimals = 1) { return {v, "°", decimals}; }
inline Measure millilitres(double v, int decimals = 2) { return {v, "mL", decimals}; }
inline Measure percent(double fraction, int decimals = 0) {
  return {100 * fraction, "%", decimals};
}
inline Measure notApplicable(std::string unit) { return {0, std::move(unit), 0, false}; }

// "12.3 mm", "15.0°" (no space before a degree sign), "62 %", "n/a" when not applicable.
// A value that rounds to zero is written without a minus sign.
std::string formatMeasure(const Measure& m);

}  // namespace trocar::report
