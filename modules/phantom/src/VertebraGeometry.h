#pragma once

#include <optional>

#include "BodyShape.h"
#include "LevelTable.h"
#include "Shapes.h"
#include "Tissue.h"
#include "trocar/phantom/Landmarks.h"
#include "trocar/phantom/PhantomSpec.h"

namespace trocar::phantom {

// Every solid of one vertebra (or of the sacrum) in the vertebra's local frame, plus the disc
// below it and the stretch of spinal canal it encloses. Built once from LevelDims; queried per
// voxel by SpineModel.
class VertebraGeometry {
 public:
  // discAboveMm: height of the disc above (to extend the canal up to meet the level above);
  // 0 for the top level.
  VertebraGeometry(int label, const LevelDims& dims, const LocalFrame& frame,
                   const PhantomSpec& spec, double discAboveMm);

  // The level below, for the disc between the two bodies. Call before any query.
  void linkBelow(const VertebraGeometry& below);

  int label() const { return label_; }
  bool isSacrum() const { return sacrum_; }
  const LevelDims& dims() const { return dims_; }
  const LocalFrame& frame() const { return frame_; }
  const BodyShape& body() const { return body_; }
  const shapes::Tube& pedicle(int side) const { return pedicle_[side]; }  // 0 left, 1 right
  const shapes::Tube& transverse(int side) const { return transverse_[side]; }
  const shapes::Box& spinous() const { return spinous_; }
  double spinousLengthMm() const { return dims_.spinousLengthMm; }
  const shapes::EllipticPrism& canal() const { return canal_; }
  bool hasPedicles() const { return !sacrum_; }
  const std::optional<LesionSpec>& lesion() const { return lesion_; }
  double discBelowMm() const { return below_ ? dims_.discBelowMm : 0; }

  // Corners of a local box that holds everything this level owns (bone, canal, disc below).
  core::Vec3 localMin() const { return localMin_; }
  core::Vec3 localMax() const { return localMax_; }
  bool inLocalBox(const core::Vec3& p) const {
    return p.x >= localMin_.x && p.x <= localMax_.x && p.y >= localMin_.y && p.y <= localMax_.y &&
           p.z >= localMin_.z && p.z <= localMax_.z;
  }

  // Bone of this level (body with lesion, pedicles, posterior elements, sacral mass).
  std::optional<Hit> bone(const core::Vec3& local) const;
  // Canal, cord, and the disc below this level.
  std::optional<Hit> soft(const core::Vec3& local) const;
  // The pedicle screw of this level, if any, holds this point.
  bool inScrew(const core::Vec3& local) const;
  bool hasScrew() const { return screw_.has_value(); }

 private:
  std::optional<Hit> sacralMass(const core::Vec3& p) const;
  bool inDisc(const core::Vec3& p) const;

  int label_;
  bool sacrum_;
  LevelDims dims_;
  LocalFrame frame_;
  BodyShape body_;
  uint8_t level8_;

  shapes::Tube pedicle_[2];
  double pedicleShellMm_ = 1.0;
  shapes::EllipticPrism canal_, cord_, archOuter_;
  bool hasCord_ = false;
  double archFrontY_ = 0;
  shapes::Box spinous_;
  shapes::Tube transverse_[2];
  shapes::EllipticPrism superiorFacet_[2], inferiorFacet_[2];

  // Sacrum: S1 body plus alae, a dorsal block around the canal and a tapering lower part.
  shapes::Box alae_, sacralDorsal_;
  double tailTopZ_ = 0, tailBottomZ_ = 0;

  std::optional<LesionSpec> lesion_;
  std::optional<shapes::Tube> screw_;

  // Disc below: the lower level's frame expressed in this level's local frame.
  const VertebraGeometry* below_ = nullptr;
  LocalFrame belowInLocal_;
  core::Vec3 discCentre_, discLr_, discAp_, discSi_;
  double discHalfWidth_ = 0, discHalfDepth_ = 0;

  core::Vec3 localMin_, localMax_;
};

}  // namespace trocar::phantom
