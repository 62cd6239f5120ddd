#pragma once

#include <array>
#include <optional>

namespace trocar::core {

// Vertebroplasty needles. Outer diameters are Stubs' (Birmingham) wire gauge nominal diameters:
// 10 G = 0.134", 11 G = 0.120", 13 G = 0.095", 15 G = 0.072" (the sizes of hypodermic tubing
// standard ISO 9626 follows for thin-wall cannulae).
struct NeedleGauge {
  int gauge;
  double outerDiameterMm;
};
inline constexpr std::array<NeedleGauge, 4> kNeedleGauges{
    {{10, 3.404}, {11, 3.048}, {13, 2.413}, {15, 1.829}}};
// Working lengths (cannula below the handle) offered by common vertebroplasty sets.
inline constexpr std::array<double, 3> kNeedleLengthsMm{100, 125, 150};

// The outer diameter of a catalogued gauge; nullopt for gauges not in the catalogue.
inline std::optional<double> outerDiameterMm(int gauge) {
  for (const auto& g : kNeedleGauges)
    if (g.gauge == gauge) return g.outerDiameterMm;
  return std::nullopt;
}

}  // namespace trocar::core
