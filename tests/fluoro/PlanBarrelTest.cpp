// The planning module's down-the-barrel angles, rendered by the fluoroscopy module: the planned
// needle (its gauge, its length, steel) images as a point, and the plan file's needles are the
// ones drawn.
#include <gtest/gtest.h>

#include <cmath>

#include "AnalyticPhantom.h"
#include "DrrTestUtil.h"
#include "trocar/fluoro/Materials.h"
#include "trocar/fluoro/PlanNeedles.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/plan/CArmViews.h"

using namespace trocar;
using namespace trocar::fluoro;
using namespace trocar::fluoro::reference;
using core::Vec3;

namespace {

core::Needle plannedNeedle(const Vec3& target, const Vec3& skin) {
  core::Needle n;
  n.id = "L3-left";
  n.level = "L3";
  n.gauge = 11;
  n.lengthMm = 125;
  n.targetMm = target;
  n.skinEntryMm = skin;
  n.boneEntryMm = target + (skin - target) * 0.4;
  segment::VertebraFrame frame;
  frame.originMm = target;
  n.views = plan::computeViews(frame, core::normalized(target - n.boneEntryMm),
                               core::normalized(target - skin));
  return n;
}

}  // namespace

TEST(PlanBarrel, ThePlannedNeedleIsAPointInThePlansDownTheBarrelView) {
  AnalyticPhantom body;
  body.cylinders.push_back({{0, 0, -60}, {0, 0, 60}, 55, materials::kMuWaterPerMm});
  body.spheres.push_back({{0, 10, 0}, 20, 2.0 * materials::kMuWaterPerMm});  // a "vertebral body"
  const AttenuationVolume volume =
      toAttenuationVolume(body.rasterize({120, 120, 130}, {-59.5, -59.5, -64.5}, {1, 1, 1}, 3));

  for (const auto& [target, skin] : {std::pair{Vec3{4, 5, 2}, Vec3{55, 95, 25}},
                                     std::pair{Vec3{-3, 8, -4}, Vec3{-60, 90, -30}}}) {
    const core::Needle planned = plannedNeedle(target, skin);
    const NeedleModel steel = needleFromPlan(planned);
    EXPECT_NEAR(steel.outerDiameterMm, 3.048, 1e-9);  // 11 G
    EXPECT_NEAR(core::distance(steel.tipMm, steel.hubMm), planned.lengthMm, 1e-9);

    CArm carm;
    carm.angles = barrelAnglesOf(planned);
    carm.isocentreMm = planned.targetMm;
    const NeedleModel list[] = {steel};
    Drr added = renderDrr(volume, carm, list);
    const Drr without = renderDrr(volume, carm);
    for (std::size_t i = 0; i < added.lineIntegral.size(); ++i)
      added.lineIntegral[i] -= without.lineIntegral[i];

    const Projection p(carm);
    const auto tip = p.project(steel.tipMm);
    const double radiusPx =
        0.5 * steel.outerDiameterMm * p.magnificationAt(steel.hubMm) / carm.pixelPitchMm;
    double extent = 0;
    int pixels = 0;
    for (int v = 0; v < added.rows; ++v)
      for (int u = 0; u < added.columns; ++u)
        if (added.at(u, v) > 0.5) {
          extent = std::max(extent, std::hypot(u - tip->u, v - tip->v));
          ++pixels;
        }
    std::printf(
        "[plan barrel] %s: %d needle pixels within %.2f px of the tip (needle radius %.2f px)\n",
        core::describe(carm.angles).c_str(), pixels, extent, radiusPx);
    EXPECT_GT(pixels, 0);
    EXPECT_LE(extent, radiusPx + 1.0);
  }
}
