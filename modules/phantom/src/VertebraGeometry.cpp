#include "VertebraGeometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "trocar/phantom/Labels.h"

namespace trocar::phantom {
namespace {

using core::Vec3;
constexpr double kDeg = std::numbers::pi / 180.0;

// Bone between the canal and a pedicle's medial cortex: the epidural fat and dura that a medial
// breach would cross first.
constexpr double kMedialGapMm = 1.5;
// The isthmus sits a little above mid-height: pedicles join the upper half of the body.
constexpr double kPedicleHeightFraction = 0.12;
// A pedicle widens to 1.5x its isthmus width 12 mm away from it (towards the body or lamina);
// its height hardly changes (1.1x), and it never rises above or below the body.
constexpr double kPedicleWidthFlarePerMm2 = 0.5 / (12.0 * 12.0);
constexpr double kPedicleHeightFlarePerMm2 = 0.1 / (12.0 * 12.0);
constexpr double kPedicleInsideEndplatesMm = 0.5;
constexpr double kPedicleBehindIsthmusMm = 6.0;
constexpr double kPedicleIntoBodyMm = 4.0;

Vec3 flat(const Vec3& v) { return core::normalized(v); }

}  // namespace

VertebraGeometry::VertebraGeometry(int label, const LevelDims& dims, const LocalFrame& frame,
                                   const PhantomSpec& spec, double discAboveMm)
    : label_(label),
      sacrum_(label == level::kSacrum),
      dims_(dims),
      frame_(frame),
      level8_(static_cast<uint8_t>(label)) {
  const double hh = dims.bodyHeightMm / 2;
  body_.halfWidthMm = dims.bodyWidthMm / 2;
  body_.halfDepthMm = dims.bodyDepthMm / 2;
  body_.halfHeightMm = hh;
  body_.waistFraction = sacrum_ ? 0.03 : 0.08;
  body_.shellMm = spec.corticalShellMm;
  body_.endplateMm = spec.endplateMm;
  for (const FractureSpec& f : spec.fractures)
    if (f.level == label)
      body_.anteriorLossMm = std::clamp(f.anteriorHeightLossFraction, 0.0, 0.8) * dims.bodyHeightMm;
  for (const LesionSpec& l : spec.lesions)
    if (l.level == label) lesion_ = l;

  const double b = body_.halfDepthMm;
  const double canalY = sacrum_ ? b + 8 : b + 1 + dims.canalDepthMm / 2;
  canal_ = {
      0, canalY, dims.canalWidthMm / 2, dims.canalDepthMm / 2, -hh - 1, hh + discAboveMm / 2 + 1};
  if (sacrum_) canal_.zMin = -60;
  const bool cordHere = !sacrum_ && label <= level::kL1;
  if (cordHere) {
    hasCord_ = true;
    // The cord lies slightly anterior in the thecal sac and ends (conus) at mid-L1.
    cord_ = {0, canalY - 1, 4.5, 3.5, label == level::kL1 ? 0.0 : canal_.zMin, canal_.zMax};
  }

  if (sacrum_) {
    alae_.centre = {0, 2, hh - 12};
    alae_.halfA = 55, alae_.halfB = 16, alae_.halfC = 9;
    sacralDorsal_.centre = {0, b + 9, -2};
    sacralDorsal_.halfA = 26, sacralDorsal_.halfB = 11, sacralDorsal_.halfC = hh + 1;
    tailTopZ_ = -hh + 3;
    tailBottomZ_ = -95;
    localMin_ = {-57, -b - 2, tailBottomZ_ - 1};
    localMax_ = {57, b + 22, canal_.zMax + 1};
    return;
  }

  const bool thoracic = level::isThoracic(label);
  const double pedW = dims.pedicleWidthMm, pedH = dims.pedicleHeightMm;
  const double medial = dims.pedicleMedialDeg * kDeg;
  // Seen along the left-right axis an angled pedicle is wider than its isthmus (by 1/cos), and
  // it widens further towards the body: keep its medial wall clear of the canal's widest point.
  const double isthmusX =
      dims.canalWidthMm / 2 + kMedialGapMm + 1.05 * pedW / (2 * std::cos(medial));
  const double isthmusZ = kPedicleHeightFraction * dims.bodyHeightMm;
  const double laminaMm = thoracic ? 6.0 : 7.0;

  for (int side = 0; side < 2; ++side) {
    const double sign = side == 0 ? 1.0 : -1.0;  // left is +x in LPS
    shapes::Tube& p = pedicle_[side];
    p.origin = {sign * isthmusX, canalY, isthmusZ};
    p.axis = flat({-sign * std::sin(medial), -std::cos(medial), 0});
    p.up = {0, 0, 1};
    p.side = flat(cross(p.axis, p.up));
    p.halfSide = pedW / 2;
    p.halfUp = pedH / 2;
    p.flareSidePerMm2 = kPedicleWidthFlarePerMm2;
    p.flareUpPerMm2 = kPedicleHeightFlarePerMm2;
    p.tMin = -kPedicleBehindIsthmusMm;
    // Run forward until the axis has entered the body, then a little further so the pedicle
    // merges into it rather than touching it.
    double tBody = 20;
    for (double t = 0; t < 60; t += 0.05)
      if (body_.containsOuter(p.origin + p.axis * t)) {
        tBody = t;
        break;
      }
    p.tMax = tBody + kPedicleIntoBodyMm;

    shapes::Tube& tp = transverse_[side];
    const double back = dims.transverseBackDeg * kDeg;
    // The process arises behind the isthmus, from the pedicle-lamina junction, so that the
    // isthmus stays the narrowest section of bone along the pedicle.
    tp.origin = {sign * (isthmusX + pedW * 0.25), canalY + 6.5, isthmusZ};
    tp.axis = {sign * std::cos(back), std::sin(back), 0};
    tp.up = {0, 0, 1};
    tp.side = flat(cross(tp.axis, tp.up));
    tp.halfSide = 3.5;
    tp.halfUp = thoracic ? 4.5 : 5.0;
    tp.tMin = -4;  // reaches back into the arch: no sliver of soft tissue at the junction
    tp.tMax = dims.transverseLengthMm;
  }

  const double archTop = isthmusZ + pedH / 2, archBottom = -hh - 2;
  archOuter_ = {0,
                canalY,
                dims.canalWidthMm / 2 + kMedialGapMm + pedW + 1,
                dims.canalDepthMm / 2 + laminaMm,
                archBottom,
                archTop};
  // The neural arch starts behind the isthmus plane: beside the isthmus there is only pedicle,
  // so the narrowest bony section is where the truth says it is.
  archFrontY_ = canalY + 2;

  const double slope = dims.spinousSlopeDeg * kDeg;
  const Vec3 spinousStart{0, canalY + dims.canalDepthMm / 2 + laminaMm / 2,
                          (archTop + archBottom) / 2};
  const Vec3 spinousDir{0, std::cos(slope), -std::sin(slope)};
  spinous_.centre = spinousStart + spinousDir * (dims.spinousLengthMm / 2);
  spinous_.axisA = {1, 0, 0};
  spinous_.axisB = spinousDir;
  spinous_.axisC = cross(spinous_.axisA, spinousDir);
  spinous_.halfA = thoracic ? 3.0 : 3.5;
  spinous_.halfB = dims.spinousLengthMm / 2;
  spinous_.halfC = dims.spinousHeightMm / 2;

  // Articular processes: the superior pair rises from the pedicle-lamina junction, the inferior
  // pair hangs from the lamina medial and posterior to where the next level's superior pair
  // stands, leaving a ~2 mm facet joint space between them.
  const double facetX = isthmusX, facetY = canalY + dims.canalDepthMm / 2;
  for (int side = 0; side < 2; ++side) {
    const double sign = side == 0 ? 1.0 : -1.0;
    superiorFacet_[side] = {sign * facetX, facetY, 4, 4, archTop - 6, archTop + 8};
    inferiorFacet_[side] = {sign * (facetX - 5), facetY + 9, 4, 4, archBottom - 8, archBottom + 5};
  }

  for (const ScrewSpec& s : spec.screws) {
    if (s.level != label) continue;
    const shapes::Tube& ped = pedicle_[s.left ? 0 : 1];
    // The screw enters where the pedicle axis leaves the posterior bone surface.
    double tEntry = 0;
    for (double t = 0; t > -60; t -= 0.05) {
      if (!bone(ped.origin + ped.axis * t)) break;
      tEntry = t;
    }
    shapes::Tube screw = ped;
    screw.origin = ped.origin + ped.axis * tEntry;
    screw.halfSide = screw.halfUp = s.diameterMm / 2;
    screw.flareSidePerMm2 = screw.flareUpPerMm2 = 0;
    screw.tMin = -s.protrusionMm;
    screw.tMax = s.lengthMm;
    screw_ = screw;
  }

  // Local bounds: everything above plus the disc below, with margins for the lordotic tilt of
  // the next body.
  double maxX = std::max({body_.halfWidthMm, archOuter_.radiusX, facetX + 4});
  double maxY = std::max({spinous_.centre.y + spinous_.halfB + spinous_.halfC, facetY + 13});
  for (const shapes::Tube& tp : transverse_) {
    const Vec3 tip = tp.origin + tp.axis * tp.tMax;
    maxX = std::max(maxX, std::abs(tip.x) + 6);
    maxY = std::max(maxY, tip.y + 6);
  }
  double minZ = std::min({-hh - dims.discBelowMm - 6, archBottom - 9,
                          spinous_.centre.z - spinous_.halfB - spinous_.halfC});
  double maxZ = std::max(canal_.zMax, archTop + 9);
  if (screw_) {
    for (double t : {screw_->tMin, screw_->tMax}) {
      const Vec3 end = screw_->origin + screw_->axis * t;
      maxX = std::max(maxX, std::abs(end.x) + (screw_->halfSide + 1));
      maxY = std::max(maxY, end.y + (screw_->halfSide + 1));
    }
  }
  localMin_ = {-maxX - 1, -body_.halfDepthMm - 2, minZ - 1};
  localMax_ = {maxX + 1, maxY + 1, maxZ + 1};
}

void VertebraGeometry::linkBelow(const VertebraGeometry& below) {
  below_ = &below;
  belowInLocal_.originMm = frame_.toLocal(below.frame_.originMm);
  const Vec3 zero = frame_.toLocal(Vec3{});
  auto direction = [&](const Vec3& worldDir) { return frame_.toLocal(worldDir) - zero; };
  belowInLocal_.lr = direction(below.frame_.lr);
  belowInLocal_.ap = direction(below.frame_.ap);
  belowInLocal_.si = direction(below.frame_.si);

  // The disc is an elliptic slab between our inferior endplate and the lower superior endplate,
  // its axis halfway between the two body axes (a lordotic disc is a wedge).
  const Vec3 ourEndplate{0, 0, -body_.halfHeightMm};
  const Vec3 theirEndplate = belowInLocal_.toWorld({0, 0, below.body_.topAt(0)});
  discCentre_ = (ourEndplate + theirEndplate) * 0.5;
  discSi_ = core::normalized(Vec3{0, 0, 1} + belowInLocal_.si);
  discLr_ = core::normalized(Vec3{1, 0, 0} + belowInLocal_.lr);
  discAp_ = cross(discSi_, discLr_);
  discHalfWidth_ = (body_.halfWidthMm + below.body_.halfWidthMm) / 2;
  discHalfDepth_ = (body_.halfDepthMm + below.body_.halfDepthMm) / 2;
  // The canal continues down to meet the lower level's canal halfway across the disc.
  if (!sacrum_) canal_.zMin = -body_.halfHeightMm - dims_.discBelowMm / 2 - 1;
  if (hasCord_ && label_ != level::kL1) cord_.zMin = canal_.zMin;
}

bool VertebraGeometry::inDisc(const Vec3& p) const {
  if (p.z >= -body_.halfHeightMm) return false;
  const Vec3 q = p - discCentre_;
  if (std::abs(dot(q, discSi_)) > dims_.discBelowMm + 10) return false;
  if (shapes::sq(dot(q, discLr_) / discHalfWidth_) + shapes::sq(dot(q, discAp_) / discHalfDepth_) >
      1)
    return false;
  const Vec3 pb = belowInLocal_.toLocal(p);
  return pb.z > below_->body_.topAt(pb.y);
}

std::optional<Hit> VertebraGeometry::bone(const Vec3& p) const {
  if (body_.containsOuter(p)) {
    if (lesion_) {
      const Vec3 d = p - lesion_->offsetMm;
      if (dot(d, d) <= lesion_->radiusMm * lesion_->radiusMm)
        return Hit{Tissue::kLesion, Part::kLesion, level8_};
    }
    return Hit{body_.containsInner(p) ? Tissue::kCancellous : Tissue::kCortical, Part::kBody,
               level8_};
  }
  if (sacrum_) return sacralMass(p);
  // A flaring pedicle must neither rise past the endplates nor bulge into the canal (at L5 it
  // would reach the canal's anterolateral corner).
  const bool pedicleAllowed =
      std::abs(p.z) <= body_.halfHeightMm - kPedicleInsideEndplatesMm && canal_.ellipse(p) > 1.0;
  for (int side = 0; side < 2 && pedicleAllowed; ++side) {
    if (pedicle_[side].radius(p) <= 1.0) {
      const bool core = pedicle_[side].radius(p, pedicleShellMm_) <= 1.0;
      return Hit{core ? Tissue::kCancellous : Tissue::kCortical,
                 side == 0 ? Part::kLeftPedicle : Part::kRightPedicle, level8_};
    }
  }
  const Hit posterior{Tissue::kPosteriorBone, Part::kPosteriorElements, level8_};
  if (archOuter_.contains(p) && p.y >= archFrontY_ && canal_.ellipse(p) > 1.0) return posterior;
  if (spinous_.contains(p)) return posterior;
  for (int side = 0; side < 2; ++side) {
    if (transverse_[side].contains(p) || superiorFacet_[side].contains(p) ||
        inferiorFacet_[side].contains(p))
      return posterior;
  }
  return std::nullopt;
}

std::optional<Hit> VertebraGeometry::sacralMass(const Vec3& p) const {
  const Hit sacrum{Tissue::kSacrum, Part::kPosteriorElements, level8_};
  const bool outsideCanal = canal_.ellipse(p) > 1.0 || p.z < canal_.zMin;
  if (alae_.contains(p)) return sacrum;
  if (sacralDorsal_.contains(p) && outsideCanal) return sacrum;
  if (p.z <= tailTopZ_ && p.z >= tailBottomZ_) {
    // Tapers from the S1 level (wide, deep) to the apex; the lower end curves back.
    const double s = (tailTopZ_ - p.z) / (tailTopZ_ - tailBottomZ_);
    const double rx = 45 - 33 * s, ry = 18 - 10 * s, cy = 4 + 4 * s;
    if (shapes::sq(p.x / rx) + shapes::sq((p.y - cy) / ry) <= 1.0 && outsideCanal) return sacrum;
  }
  return std::nullopt;
}

std::optional<Hit> VertebraGeometry::soft(const Vec3& p) const {
  if (canal_.contains(p)) {
    if (hasCord_ && cord_.contains(p)) return Hit{Tissue::kCord, Part::kCord, 0};
    return Hit{Tissue::kCsf, Part::kCanal, 0};
  }
  if (below_ && inDisc(p)) return Hit{Tissue::kDisc, Part::kDisc, 0};
  return std::nullopt;
}

bool VertebraGeometry::inScrew(const Vec3& p) const { return screw_ && screw_->contains(p); }

}  // namespace trocar::phantom
