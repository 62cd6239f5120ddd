#pragma once

#include "trocar/core/Vec3.h"
#include "trocar/fluoro/Materials.h"

namespace trocar::fluoro {

// A straight needle as plain geometry: a solid cylinder from tip to hub (the cannula with its
// stylet in). 11 G (3.05 mm) and 13 G (2.41 mm) are the usual vertebroplasty gauges.
struct NeedleModel {
  core::Vec3 tipMm;
  core::Vec3 hubMm;
  double outerDiameterMm = 3.05;
  double muPerMm = materials::kMuSteelPerMm;
};

// Length (mm) of the ray source + t * direction (unit), t >= 0, inside the needle's cylinder:
// an exact chord, so the needle enters the line integral with its own material and no aliasing.
// Also returns the ray parameter of the chord's midpoint (mm from the source) in midTMm.
double needleChordMm(const NeedleModel& needle, const core::Vec3& sourceMm,
                     const core::Vec3& direction, double* midTMm = nullptr);

}  // namespace trocar::fluoro
