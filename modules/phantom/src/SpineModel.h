#pragma once

#include <span>
#include <vector>

#include "Rib.h"
#include "Tissue.h"
#include "Torso.h"
#include "VertebraGeometry.h"
#include "trocar/phantom/Landmarks.h"
#include "trocar/phantom/PhantomSpec.h"

namespace trocar::phantom {

struct WorldBox {
  core::Vec3 min, max;
  bool contains(const core::Vec3& p) const {
    return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y && p.z >= min.z &&
           p.z <= max.z;
  }
};

// The whole analytic phantom: the column of vertebrae placed along the lordotic curve, their
// ribs, and the torso. Answers "what is at this point" for any point in LPS mm. Not copyable:
// levels refer to their neighbours by address.
class SpineModel {
 public:
  explicit SpineModel(const PhantomSpec& spec);
  SpineModel(const SpineModel&) = delete;
  SpineModel& operator=(const SpineModel&) = delete;

  const PhantomSpec& spec() const { return spec_; }
  const std::vector<VertebraGeometry>& levels() const { return levels_; }
  const std::vector<WorldBox>& levelBoxes() const { return levelBoxes_; }
  const std::vector<Rib>& ribs() const { return ribs_; }
  const std::vector<WorldBox>& ribBoxes() const { return ribBoxes_; }
  const Torso& torso() const { return torso_; }
  const HuTable& hu() const { return hu_; }
  double huOf(Tissue t) const { return hu_[static_cast<size_t>(t)]; }

  // Everything at p. The candidate lists name the levels and ribs worth testing (the rasteriser
  // culls them per slice); the short form tests them all. Precedence: screw metal, then bone
  // (upper level first where two touch), ribs, canal/cord/disc, then torso tissue.
  Hit evaluate(const core::Vec3& p) const;
  Hit evaluate(const core::Vec3& p, std::span<const int> levels, std::span<const int> ribs) const;

  // Bone of one level only (for marching along a pedicle axis).
  bool isBoneOfLevel(size_t index, const core::Vec3& p) const;

  // Box around all bone and discs.
  WorldBox spineBox() const;

 private:
  PhantomSpec spec_;
  HuTable hu_;
  std::vector<VertebraGeometry> levels_;
  std::vector<WorldBox> levelBoxes_;
  std::vector<Rib> ribs_;
  std::vector<WorldBox> ribBoxes_;
  std::vector<int> allLevels_, allRibs_;
  Torso torso_;
};

// Ground truth for each level of the model, top to bottom.
std::vector<LevelLandmarks> computeLandmarks(const SpineModel& model);

}  // namespace trocar::phantom
