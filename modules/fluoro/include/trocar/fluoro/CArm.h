#pragma once

#include <optional>
#include <string_view>

#include "trocar/core/CArmAngles.h"
#include "trocar/core/Vec3.h"

namespace trocar::fluoro {

// A mobile C-arm with a flat-panel detector. Defaults are those of a common surgical C-arm:
// 1000 mm source-to-image distance, isocentre at 3/4 of it, a 300 mm square detector read out
// at 512 x 512. The gantry angles follow the project's convention (core::CArmAngles: where the
// detector sits around the patient), shared with the planning module.
struct CArm {
  double sidMm = 1000;                // focal spot to detector plane, along the central beam
  double sodMm = 750;                 // focal spot to isocentre (source-to-object distance)
  int columns = 512;                  // detector pixels across (along detector u)
  int rows = 512;                     // detector pixels down (along detector v)
  double pixelPitchMm = 300.0 / 512;  // square pixels at the detector plane
  core::CArmAngles angles;            // LAO/RAO and cranial/caudal
  core::Vec3 isocentreMm;             // the point the central beam passes through, LPS

  double detectorWidthMm() const { return columns * pixelPitchMm; }
  double detectorHeightMm() const { return rows * pixelPitchMm; }
  // Geometric magnification of an object at the isocentre.
  double magnification() const { return sidMm / sodMm; }
};

// The standard views of vertebroplasty. AP puts the detector anterior (beam posterior to
// anterior); lateral puts it on the patient's left (LAO 90). Down-the-barrel looks along a needle.
core::CArmAngles apAngles();
core::CArmAngles lateralAngles();
// The beam that runs from hub to tip, so the needle projects to a point (its tip in front).
core::CArmAngles barrelAngles(const core::Vec3& tipMm, const core::Vec3& hubMm);

// "ap", "lateral", or angles as "lao=20,cran=10" (also rao=, caud=; either part may be left out).
// Empty when the text is none of these.
std::optional<core::CArmAngles> parseViewAngles(std::string_view text);

}  // namespace trocar::fluoro
