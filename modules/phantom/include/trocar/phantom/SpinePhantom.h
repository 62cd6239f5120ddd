#pragma once

#include <memory>
#include <vector>

#include "trocar/core/Vec3.h"
#include "trocar/phantom/Labels.h"
#include "trocar/phantom/Landmarks.h"
#include "trocar/phantom/PhantomSpec.h"

namespace trocar::phantom {

class SpineModel;  // the analytic shapes; private to the module

// What the phantom holds at one point, before noise.
struct PointSample {
  double hu = -1000;
  int level = 0;  // VerSe label, 0 when not vertebral bone
  Part part = Part::kBackground;
};

// A synthetic lumbar (thoraco-lumbo-sacral) spine defined by implicit solids in patient LPS mm:
// exact ground truth for segmentation, planning, cement and DRR tests. Cheap to copy (the
// geometry is shared and immutable). Throws std::invalid_argument for an impossible spec.
class SpinePhantom {
 public:
  explicit SpinePhantom(const PhantomSpec& spec = {});

  const PhantomSpec& spec() const;
  PointSample sample(const core::Vec3& pointMm) const;

  // Top to bottom; the sacrum (when present) last and without pedicles.
  const std::vector<LevelLandmarks>& landmarks() const { return landmarks_; }
  const LevelLandmarks* landmarksOf(int levelLabel) const;  // nullptr when not in the phantom

  // Axis-aligned box (world mm) holding all vertebral bone and discs.
  core::Vec3 spineMinMm() const;
  core::Vec3 spineMaxMm() const;

  const SpineModel& model() const { return *model_; }

 private:
  std::shared_ptr<const SpineModel> model_;
  std::vector<LevelLandmarks> landmarks_;
};

}  // namespace trocar::phantom
