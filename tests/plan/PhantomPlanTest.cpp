#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "PhantomCase.h"
#include "trocar/core/CArmAngles.h"
#include "trocar/core/NeedleGauges.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/plan/AssessNeedle.h"
#include "trocar/plan/PlanTable.h"
#include "trocar/plan/ProposePlan.h"

using namespace trocar;
using core::Vec3;

namespace {

// One lumbar phantom (L1-L5 and sacrum, 1 mm voxels) shared by the tests of this file.
struct Lumbar {
  plan::test::PhantomCase data;
  plan::PlanningCase planning;
};
const Lumbar& lumbar() {
  static const Lumbar l = [] {
    phantom::PhantomSpec spec;
    spec.firstLevel = phantom::level::kL1;
    spec.lastLevel = phantom::level::kL5;
    spec.ribs = spec.lungs = false;
    auto c = plan::test::makePhantomCase(spec, 1.0);
    auto p = plan::PlanningCase::create(c.volume, c.anatomy);
    if (!p) throw std::runtime_error(p.error().message());
    return Lumbar{std::move(c), std::move(p).value()};
  }();
  return l;
}

bool hasReason(const core::NeedleAssessment& a, const std::string& text) {
  for (const auto& r : a.reasons)
    if (r.find(text) != std::string::npos) return true;
  return false;
}

std::string reasons(const core::NeedleAssessment& a) {
  std::string s = core::toString(a.verdict) + ":";
  for (const auto& r : a.reasons) s += " [" + r + "]";
  return s;
}

// Exact check on the analytic phantom: every point of the needle's surface, widened by
// clearanceMm, is bone of `level` along the stretch where the needle is inside the pedicle.
double smallestPedicleClearance(const phantom::SpinePhantom& ph, const core::Needle& n, int level) {
  const phantom::LevelLandmarks* l = ph.landmarksOf(level);
  const phantom::PedicleTruth& t =
      n.side == core::BodySide::kLeft ? l->leftPedicle : l->rightPedicle;
  const Vec3 d = core::normalized(n.targetMm - n.boneEntryMm);
  const Vec3 e1 = core::normalized(core::cross(d, l->frame.si)), e2 = core::cross(d, e1);
  const double r = *core::outerDiameterMm(n.gauge) / 2;
  // The pedicle stretch: within 5 mm of the isthmus along its axis.
  double worst = 1e9;
  for (double s = -5; s <= 5; s += 0.5) {
    // The needle point whose projection on the pedicle axis is isthmus + s.
    const double tNeedle =
        core::dot(t.isthmusCentreMm + t.axis * s - n.boneEntryMm, t.axis) / core::dot(d, t.axis);
    const Vec3 p = n.boneEntryMm + d * tNeedle;
    for (int k = 0; k < 16; ++k) {
      const double a = 2 * M_PI * k / 16;
      const Vec3 dir = e1 * std::cos(a) + e2 * std::sin(a);
      // How far beyond the surface the bone goes in this direction (0.1 mm steps).
      double c = 0;
      while (c < 10 && ph.sample(p + dir * (r + c + 0.1)).level == level) c += 0.1;
      worst = std::min(worst, c);
    }
  }
  return worst;
}

}  // namespace

TEST(PhantomPlan, BipedicularPathsStayAMillimetreInsideThePedicleAndEndInTheAnteriorThird) {
  const Lumbar& l = lumbar();
  plan::ProposalRequest req;
  req.levels = {20, 21, 22, 23, 24};
  req.gauge = 11;
  auto p = plan::proposePlan(l.planning, req);
  ASSERT_TRUE(p.ok()) << p.error().message();
  std::printf("%s", plan::formatPlanTable(p.value()).c_str());
  ASSERT_EQ(p->needles.size(), 10u);
  for (const auto& n : p->needles) {
    const int level = phantom::levelFromName(n.level);
    const auto* lm = l.data.phantom.landmarksOf(level);
    const double clearance = smallestPedicleClearance(l.data.phantom, n, level);
    std::printf("%s exact pedicle clearance %.2f mm; %s\n", n.id.c_str(), clearance,
                reasons(n.assessment).c_str());
    EXPECT_GE(clearance, 1.0) << n.id;  // 1 mm of bone around the needle's surface, exactly
    EXPECT_GE(n.assessment.metrics.pedicleWallMarginMm, 1.0) << n.id;
    EXPECT_NE(n.assessment.verdict, core::Verdict::kUnsafe) << n.id << " " << reasons(n.assessment);
    // Target: in the body's anterior third (exact body, marched at 0.1 mm), in its own half.
    const Vec3 local = lm->frame.toLocal(n.targetMm);
    double front = 0, back = 0;
    while (l.data.phantom.sample(n.targetMm - lm->frame.ap * (front + 0.1)).part ==
           phantom::Part::kBody)
      front += 0.1;
    while (l.data.phantom.sample(n.targetMm + lm->frame.ap * (back + 0.1)).part ==
           phantom::Part::kBody)
      back += 0.1;
    EXPECT_LE(front / (front + back), 1.0 / 3.0) << n.id;
    EXPECT_GT(n.side == core::BodySide::kLeft ? local.x : -local.x, 0.0)
        << n.id << " target crosses the midline";
    // Down the barrel: the beam runs along the needle (0.5 degree tolerance).
    const Vec3 d = core::normalized(n.targetMm - n.skinEntryMm);
    const double off = core::angleDeg(core::beamDirection(n.views.downTheBarrel), d);
    EXPECT_LT(std::min(off, 180 - off), 0.5) << n.id;
  }
}

namespace {
// The proposed left needle of a level, then moved by `edit` and judged again.
template <typename Edit>
core::Needle editedNeedle(int level, Edit edit) {
  const Lumbar& l = lumbar();
  plan::ProposalRequest req;
  req.gauge = 11;
  auto n = plan::proposeNeedle(l.planning, level, core::BodySide::kLeft,
                               core::LevelStrategy::kBipedicular, req);
  if (!n) throw std::runtime_error(n.error().message());
  core::Needle needle = n.value();
  edit(needle, *l.data.phantom.landmarksOf(level));
  auto again = plan::reassessNeedle(l.planning, needle);
  if (!again) throw std::runtime_error(again.error().message());
  std::printf("%s edited: %s\n", needle.id.c_str(), reasons(again->assessment).c_str());
  return again.value();
}
}  // namespace

TEST(PhantomPlan, AMedialPathIsUnsafeWithAMedialWallBreachIntoTheCanal) {
  const core::Needle n =
      editedNeedle(22, [](core::Needle& needle, const phantom::LevelLandmarks& lm) {
        // Through a point 2 mm medial of the pedicle's medial wall at the isthmus.
        const auto& t = lm.leftPedicle;
        const Vec3 through = t.isthmusCentreMm - lm.frame.lr * (t.isthmusWidthMm / 2 + 2.0);
        const Vec3 d = core::normalized(needle.targetMm - through);
        needle.boneEntryMm = through - d * 15;
        needle.skinEntryMm = plan::findSkinEntry(lumbar().planning, needle.boneEntryMm, d).value();
      });
  EXPECT_EQ(n.assessment.verdict, core::Verdict::kUnsafe);
  EXPECT_TRUE(hasReason(n.assessment, "medial pedicle wall breach into the canal"))
      << reasons(n.assessment);
  EXPECT_LT(n.assessment.metrics.canalMarginMm, 0);
}

TEST(PhantomPlan, APathThroughTheSuperiorEndplateIsUnsafeForThatReason) {
  const core::Needle n =
      editedNeedle(22, [](core::Needle& needle, const phantom::LevelLandmarks& lm) {
        // The tip 4 mm above the superior endplate, in the disc.
        const Vec3 local = lm.frame.toLocal(needle.targetMm);
        const double top = lm.frame.toLocal(lm.superiorEndplateCentreMm).z;
        needle.targetMm = lm.frame.toWorld({local.x, local.y, top + 4});
        // Still one straight needle: the skin entry moves with the new line.
        const Vec3 d = core::normalized(needle.targetMm - needle.boneEntryMm);
        needle.skinEntryMm = plan::findSkinEntry(lumbar().planning, needle.boneEntryMm, d).value();
      });
  EXPECT_EQ(n.assessment.verdict, core::Verdict::kUnsafe);
  EXPECT_TRUE(hasReason(n.assessment, "crosses the superior endplate")) << reasons(n.assessment);
  EXPECT_LT(n.assessment.metrics.superiorEndplateMarginMm, 0);
}

TEST(PhantomPlan, APathLongerThanTheNeedleIsUnsafeForThatReason) {
  const core::Needle n = editedNeedle(22, [](core::Needle& needle, const phantom::LevelLandmarks&) {
    needle.lengthMm = std::floor(core::distance(needle.skinEntryMm, needle.targetMm)) - 5;
  });
  EXPECT_EQ(n.assessment.verdict, core::Verdict::kUnsafe);
  EXPECT_TRUE(hasReason(n.assessment, "needle too short")) << reasons(n.assessment);
  EXPECT_LT(n.assessment.metrics.spareLengthMm, 0);
  // Only that: the path itself is as safe as proposed.
  EXPECT_EQ(n.assessment.reasons.size(), 1u) << reasons(n.assessment);
}

TEST(PhantomPlan, UnipedicularTargetsCrossToWithin2mmOfTheMidline) {
  const Lumbar& l = lumbar();
  plan::ProposalRequest req;
  req.levels = {21, 23};
  req.strategy = core::LevelStrategy::kUnipedicular;
  req.gauge = 13;
  auto p = plan::proposePlan(l.planning, req);
  ASSERT_TRUE(p.ok()) << p.error().message();
  std::printf("%s", plan::formatPlanTable(p.value()).c_str());
  ASSERT_EQ(p->needles.size(), 2u);
  for (const auto& n : p->needles) {
    const auto* lm = l.data.phantom.landmarksOf(phantom::levelFromName(n.level));
    EXPECT_LE(std::abs(lm->frame.toLocal(n.targetMm).x), 2.0) << n.id;
    EXPECT_GE(smallestPedicleClearance(l.data.phantom, n, lm->label), 1.0) << n.id;
    EXPECT_NE(n.assessment.verdict, core::Verdict::kUnsafe) << reasons(n.assessment);
  }
}

TEST(PhantomPlan, DownTheBarrelAnglesProjectTheNeedleToAPointOnTheFluoroscopyCArm) {
  const Lumbar& l = lumbar();
  plan::ProposalRequest req;
  req.levels = {20, 22, 24};
  auto p = plan::proposePlan(l.planning, req);
  ASSERT_TRUE(p.ok()) << p.error().message();
  for (const auto& n : p->needles) {
    fluoro::CArm carm;
    carm.angles = n.views.downTheBarrel;
    carm.isocentreMm = n.targetMm;
    const fluoro::Projection view(carm);
    const Vec3 axis = core::normalized(n.targetMm - n.skinEntryMm);
    const double off = core::angleDeg(view.beam(), axis);
    const auto tip = view.project(n.targetMm), hub = view.project(n.skinEntryMm);
    ASSERT_TRUE(tip && hub);
    const double apartPx = std::hypot(tip->u - hub->u, tip->v - hub->v);
    std::printf("%s barrel %s: axis %.4f deg off the beam, skin and tip %.3f px apart\n",
                n.id.c_str(), core::describe(n.views.downTheBarrel).c_str(),
                std::min(off, 180 - off), apartPx);
    EXPECT_LT(std::min(off, 180 - off), 0.5) << n.id;
    // 0.5 degrees over the needle's length, magnified onto the detector.
    const double allowedPx = core::distance(n.skinEntryMm, n.targetMm) *
                             std::tan(0.5 * M_PI / 180) * carm.magnification() / carm.pixelPitchMm;
    EXPECT_LT(apartPx, allowedPx) << n.id;
    // True AP: the beam across the endplates' normal and across the left-right axis.
    const auto* lm = l.data.phantom.landmarksOf(phantom::levelFromName(n.level));
    EXPECT_LT(std::abs(90 - core::angleDeg(core::beamDirection(n.views.trueAp), lm->frame.si)), 0.5)
        << n.id;
    EXPECT_LT(std::abs(90 - core::angleDeg(core::beamDirection(n.views.trueAp), lm->frame.lr)), 0.5)
        << n.id;
  }
}

namespace {
// A thoracic phantom (T7-L1) with ribs and lungs, 1 mm voxels.
const Lumbar& thoracic() {
  static const Lumbar l = [] {
    phantom::PhantomSpec spec;
    spec.firstLevel = phantom::level::kT1 + 6;  // T7
    spec.lastLevel = phantom::level::kL1;
    spec.sacrum = false;
    auto c = plan::test::makePhantomCase(spec, 1.0);
    auto p = plan::PlanningCase::create(c.volume, c.anatomy);
    if (!p) throw std::runtime_error(p.error().message());
    return Lumbar{std::move(c), std::move(p).value()};
  }();
  return l;
}
}  // namespace

TEST(ThoracicPhantomPlan, NarrowPediclesGoParapedicularAndAvoidTheLung) {
  const Lumbar& l = thoracic();
  plan::ProposalRequest req;
  req.levels = {15, 16};  // T8, T9: isthmus about 7 mm wide
  req.gauge = 10;
  req.pedicleMarginMm = 2.0;  // 3.4 mm needle + 2 x 2 mm > 7 mm: too narrow
  auto p = plan::proposePlan(l.planning, req);
  ASSERT_TRUE(p.ok()) << p.error().message();
  std::printf("%s", plan::formatPlanTable(p.value()).c_str());
  for (const auto& n : p->needles) {
    EXPECT_EQ(n.approach, core::NeedleApproach::kParapedicular) << n.id;
    EXPECT_EQ(n.assessment.metrics.lungPathMm, 0.0) << n.id << " " << reasons(n.assessment);
    EXPECT_GE(n.assessment.metrics.canalMarginMm, 1.0) << n.id;
    EXPECT_NE(n.assessment.verdict, core::Verdict::kUnsafe) << n.id << " " << reasons(n.assessment);
  }
  // With the usual 1 mm allowance the same pedicles take an 11 G needle transpedicularly.
  req.gauge = 11;
  req.pedicleMarginMm = 1.0;
  auto q = plan::proposePlan(l.planning, req);
  ASSERT_TRUE(q.ok());
  for (const auto& n : q->needles)
    EXPECT_EQ(n.approach, core::NeedleApproach::kTranspedicular) << n.id;
}

TEST(ThoracicPhantomPlan, AStronglyLateralPathThroughTheLungIsUnsafeForThatReason) {
  const Lumbar& l = thoracic();
  plan::ProposalRequest req;
  auto n = plan::proposeNeedle(l.planning, 15, core::BodySide::kLeft,
                               core::LevelStrategy::kBipedicular, req);
  ASSERT_TRUE(n.ok()) << n.error().message();
  core::Needle needle = n.value();
  const auto* lm = l.data.phantom.landmarksOf(15);
  // From the same target, arriving 60 degrees from the sagittal plane: out through the chest wall.
  const double a = 60 * M_PI / 180;
  const Vec3 d = core::normalized(-lm->frame.ap * std::cos(a) - lm->frame.lr * std::sin(a));
  double t = 0;
  while (l.data.phantom.sample(needle.targetMm - d * (t + 0.1)).level == 15) t += 0.1;
  needle.boneEntryMm = needle.targetMm - d * t;
  const auto skin = plan::findSkinEntry(l.planning, needle.boneEntryMm, d);
  ASSERT_TRUE(skin.has_value());
  needle.skinEntryMm = *skin;
  needle.lengthMm = 150;
  auto judged = plan::reassessNeedle(l.planning, needle);
  ASSERT_TRUE(judged.ok());
  std::printf("lateral T8 path: %s, lung %.1f mm\n", reasons(judged->assessment).c_str(),
              judged->assessment.metrics.lungPathMm);
  EXPECT_EQ(judged->assessment.verdict, core::Verdict::kUnsafe);
  EXPECT_TRUE(hasReason(judged->assessment, "crosses lung")) << reasons(judged->assessment);
  EXPECT_GT(judged->assessment.metrics.lungPathMm, 5.0);
}

TEST(PhantomPlan, ATipPastTheAnteriorCortexIsUnsafeForThatReason) {
  const core::Needle n =
      editedNeedle(22, [](core::Needle& needle, const phantom::LevelLandmarks& lm) {
        // Push the tip along the needle until 3 mm beyond the exact anterior surface.
        const Vec3 d = core::normalized(needle.targetMm - needle.boneEntryMm);
        double t = 0;
        while (lumbar().data.phantom.sample(needle.targetMm + d * (t + 0.1)).level == lm.label)
          t += 0.1;
        needle.targetMm = needle.targetMm + d * (t + 3.0);
      });
  EXPECT_EQ(n.assessment.verdict, core::Verdict::kUnsafe);
  EXPECT_TRUE(hasReason(n.assessment, "beyond the anterior cortex")) << reasons(n.assessment);
  // 3 mm along an oblique needle is less straight out of the curved front of the body.
  EXPECT_LT(n.assessment.metrics.anteriorCortexMarginMm, -1.0);
  EXPECT_GT(n.assessment.metrics.anteriorCortexMarginMm, -3.5);
}

// A segmentation's frame turned about the endplates' normal and shifted sideways, as a lopsided
// body label or a bent canal turns it: the planner measures transverse angles from the vertebra's
// own plane of mirror symmetry, so its frame comes back to the phantom's and the pedicle axes read
// the phantom's medial angles. The superior axis stays the endplates' normal.
TEST(PhantomPlan, AMisturnedFrameIsSetBackByTheVertebrasMirrorSymmetry) {
  const Lumbar& l = lumbar();
  for (const double yawDeg : {-15.0, 12.0}) {
    segment::SpineAnatomy anatomy = l.data.anatomy;
    for (auto& v : anatomy.vertebrae) {
      if (v.label != 22) continue;
      const double r = yawDeg * M_PI / 180;
      const Vec3 left = v.frame.left * std::cos(r) + v.frame.anterior * std::sin(r);
      v.frame.anterior = core::cross(left, v.frame.superior);
      v.frame.left = left;
      v.frame.originMm = v.frame.originMm + left * 4.0;
    }
    auto f = plan::buildVertebraFields(anatomy, 22);
    ASSERT_TRUE(f.ok()) << f.error().message();
    const phantom::LevelLandmarks& lm = *l.data.phantom.landmarksOf(22);
    const segment::VertebraFrame& fr = f->frame;
    const double midlineMm = core::dot(fr.originMm - lm.frame.originMm, lm.frame.lr);
    std::printf("frame turned %+.0f deg: anterior %.2f deg off the truth, midline %.2f mm off\n",
                yawDeg, core::angleDeg(fr.anterior, -lm.frame.ap), midlineMm);
    EXPECT_LT(core::angleDeg(fr.anterior, -lm.frame.ap), 1.0) << yawDeg;
    EXPECT_LT(core::angleDeg(fr.superior, lm.frame.si), 0.01) << yawDeg;
    EXPECT_LT(std::abs(midlineMm), 0.5) << yawDeg;
    for (const bool leftSide : {true, false}) {
      const Vec3 a = f->pedicleOf(leftSide).axis;
      const double medialDeg =
          std::atan2(-(leftSide ? 1 : -1) * core::dot(a, fr.left), core::dot(a, fr.anterior)) *
          180 / M_PI;
      const auto& truth = leftSide ? lm.leftPedicle : lm.rightPedicle;
      EXPECT_NEAR(medialDeg, truth.medialAngleDeg, 1.5)
          << yawDeg << (leftSide ? " left" : " right");
    }
  }
}
