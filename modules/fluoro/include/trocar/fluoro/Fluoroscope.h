#pragma once

#include <vector>

#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/fluoro/Drr.h"
#include "trocar/fluoro/Needle.h"

namespace trocar::fluoro {

// One case under the simulated C-arm, as a viewer holds it while the operator turns the gantry:
// the attenuation volume at full and at half resolution (both precomputed), the needles and the
// cement. interactive() renders every pixel from the half volume (for dragging), full() from
// every voxel (on release). On the clinical-size phantom the two differ by 0.2-0.3 % RMS.
class Fluoroscope {
 public:
  explicit Fluoroscope(const image::CtImage& ct, int threads = 0);

  void setNeedles(std::vector<NeedleModel> needles) { needles_ = std::move(needles); }
  const std::vector<NeedleModel>& needles() const { return needles_; }

  // Cement on the full grid (see cementVoxels); replaces any earlier cement, and an empty list
  // removes it. The half volume is updated block by block.
  void setCement(std::vector<CementVoxel> voxels);

  Drr interactive(const CArm& carm) const;
  Drr full(const CArm& carm) const;

  const AttenuationVolume& fullVolume() const { return full_; }
  const AttenuationVolume& halfVolume() const { return half_; }

 private:
  void refreshHalfBlock(int i, int j, int k);

  AttenuationVolume full_, half_;
  std::vector<NeedleModel> needles_;
  std::vector<CementVoxel> cement_;
  std::vector<float> replacedMu_;  // what the cement voxels held before, to take it out again
  int threads_ = 0;
};

}  // namespace trocar::fluoro
