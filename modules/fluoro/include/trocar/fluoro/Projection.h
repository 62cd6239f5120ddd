#pragma once

#include <optional>

#include "trocar/core/Vec3.h"
#include "trocar/fluoro/CArm.h"

namespace trocar::fluoro {

// A continuous detector position in pixels: u along a row (column index), v down the image (row
// index); (0, 0) is the centre of the top-left pixel.
struct DetectorUv {
  double u = 0, v = 0;
};

// The geometry of one view: focal spot, detector plane and its pixel axes in LPS.
// The image is shown as seen from the detector looking back at the source, with the patient's
// head up at 0/0: at AP the patient's left is on the image's right, at lateral (LAO 90) the
// patient's back is on the right. The axes turn rigidly with the C-arm.
class Projection {
 public:
  explicit Projection(const CArm& carm);

  const CArm& carm() const { return carm_; }
  const core::Vec3& sourceMm() const { return sourceMm_; }
  const core::Vec3& beam() const { return beam_; }    // unit, source to detector
  const core::Vec3& uAxis() const { return uAxis_; }  // unit, image right
  const core::Vec3& vAxis() const { return vAxis_; }  // unit, image down
  const core::Vec3& detectorCentreMm() const { return detectorCentreMm_; }

  // The LPS point of a detector position.
  core::Vec3 detectorPointMm(double u, double v) const;
  // Where the line from the source through `pointMm` meets the detector; empty when the point is
  // not in front of the source.
  std::optional<DetectorUv> project(const core::Vec3& pointMm) const;
  // SID over the distance from the source to the point along the central beam.
  double magnificationAt(const core::Vec3& pointMm) const;

 private:
  CArm carm_;
  core::Vec3 sourceMm_, beam_, uAxis_, vAxis_, detectorCentreMm_;
};

}  // namespace trocar::fluoro
