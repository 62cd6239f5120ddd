#pragma once

#include "trocar/core/Plan.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"
#include "trocar/report/KeyImage.h"

namespace trocar::report {

struct NeedleSliceOptions {
  double fieldOfViewMm = 150;  // square, centred between the skin entry and the target
  double pixelMm = 0.4;
  double windowCentreHu = 400, windowWidthHu = 1800;  // a bone window
  // The patient's left and superior as the vertebra sees them (its frame); the slice is the plane
  // through the needle closest to the vertebra's axial plane.
  core::Vec3 left{1, 0, 0};
  core::Vec3 superior{0, 0, 1};
  const image::LabelImage* cement = nullptr;  // drawn as a tint where label > 0 (any grid)
};

// The oblique "axial" slice containing the whole needle path: CT resampled trilinearly, shown
// radiologically (patient's left on the image right, anterior up), the path from skin entry to
// target drawn at the needle's outer diameter, the bone entry and target marked, a 10 mm scale bar.
KeyImage needleSliceImage(const image::CtImage& ct, const core::Needle& needle,
                          const NeedleSliceOptions& options = {});

}  // namespace trocar::report
