// The mask and fill-time images, and the plan's cement settings as a request.
#include <gtest/gtest.h>

#include "trocar/cement/CementImages.h"
#include "trocar/cement/DarcyFrontModel.h"
#include "trocar/cement/SimulatePlan.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::cement;

namespace {
// A 20 mm block: cancellous core, a canal slab at low j (leak destination), oblique axes.
InjectionDomain slabDomain() {
  CementGrid g;
  g.size = {40, 40, 40};
  g.spacingMm = 0.5;
  g.originMm = {10, -20, 30};
  const double c = std::cos(0.3), s = std::sin(0.3);
  g.u = {c, s, 0};
  g.v = {-s, c, 0};
  g.w = {0, 0, 1};
  auto d = InjectionDomain::uniform(g, 2e-8, 0.85);
  for (size_t i = 0; i < d.voxelCount(); ++i)
    if (g.ijk(i)[1] < 12) d.tissue[i] = uint8_t(Tissue::kCanal);
  return d;
}
}  // namespace

TEST(CementImages, MaskLabelsEveryFilledVoxelByWhereItIsAndFillTimesReplayTheFrames) {
  const InjectionDomain d = slabDomain();
  InjectionRequest r;
  r.sources.push_back({"n", d.grid.pointMm(20, 16, 20), 1.0});
  r.stop.volumeMl = 1.0;
  auto result = makeDarcyFrontModel()->simulate(d, r);
  ASSERT_TRUE(result.ok());
  const auto mask = cementMaskImage(d, result.value());
  const auto times = fillTimeImage(result.value());
  // Geometry: the image's voxel (i, j, k) sits where the grid's does.
  itk::Point<double, 3> p;
  mask->TransformIndexToPhysicalPoint({{7, 9, 11}}, p);
  const core::Vec3 q = d.grid.pointMm(7, 9, 11);
  EXPECT_NEAR(p[0], q.x, 1e-9);
  EXPECT_NEAR(p[1], q.y, 1e-9);
  EXPECT_NEAR(p[2], q.z, 1e-9);
  size_t body = 0, canal = 0;
  for (size_t i = 0; i < d.voxelCount(); ++i) {
    const uint8_t m = mask->GetBufferPointer()[i];
    const float t = times->GetBufferPointer()[i];
    EXPECT_EQ(m != mask::kNone, result->saturation[i] > 0);
    EXPECT_EQ(t >= 0, result->saturation[i] > 0);
    if (m == mask::kBody) ++body;
    if (m == mask::kFirstLeak + uint8_t(LeakDestination::kCanal)) ++canal;
  }
  EXPECT_GT(body, 100u);
  EXPECT_GT(canal, 100u);  // the fill crosses into the slab, 4 mm from the tip
  // Voxel counts by fill time at each frame follow the frame volumes (each voxel holds its share).
  const double voxelMl = d.grid.voxelVolumeMl() * 0.85 * result->poreFillFraction;
  for (const CementFrame& f : result->frames) {
    size_t reached = 0;
    for (size_t i = 0; i < d.voxelCount(); ++i) reached += times->GetBufferPointer()[i] >= 0 && times->GetBufferPointer()[i] <= f.timeS;
    EXPECT_NEAR(double(reached) * voxelMl, f.simulatedMl, 2 * voxelMl) << f.timeS;
  }
  // Written and read back.
  const auto dir = testsupport::scratchDir("cement-images");
  ASSERT_TRUE(image::writeLabels(mask.GetPointer(), dir / "mask.nii.gz").ok());
  ASSERT_TRUE(writeFillTimeImage(result.value(), dir / "fill.nii.gz").ok());
  auto back = image::readLabels(dir / "mask.nii.gz");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(std::equal(mask->GetBufferPointer(), mask->GetBufferPointer() + d.voxelCount(),
                         back.value()->GetBufferPointer()));
}

TEST(CementPlanRequest, PlanSettingsBecomeTheRequestAndOverridesWin) {
  core::Plan plan;
  core::PlannedLevel level;
  level.name = "L3";
  level.cement.volumeMl = 5;
  level.cement.viscosity = core::CementViscosity::kLow;
  level.cement.injectionRateMlPerMin = 2;
  level.cement.stopCriterion = core::StopCriterion::kLeakage;
  plan.levels.push_back(level);
  for (const char* side : {"L3-left", "L3-right"}) {
    core::Needle n;
    n.id = side;
    n.level = "L3";
    n.targetMm = {side[3] == 'l' ? 5.0 : -5.0, 0, 0};
    plan.needles.push_back(n);
  }
  auto r = requestForLevel(plan, "L3");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sources.size(), 2u);
  EXPECT_DOUBLE_EQ(r->sources[0].rateMlPerMin, 1.0);  // the level's rate split between needles
  EXPECT_EQ(r->sources[1].tipMm, (core::Vec3{-5, 0, 0}));
  EXPECT_DOUBLE_EQ(r->stop.volumeMl, 5);
  EXPECT_TRUE(r->stop.stopOnLeak);
  EXPECT_DOUBLE_EQ(r->rheology.consistencyAt2MinPaSn, rheologyOf(core::CementViscosity::kLow).consistencyAt2MinPaSn);
  SimulationOverrides o;
  o.volumeMl = 3;
  o.viscosity = core::CementViscosity::kHigh;
  o.stopCriterion = core::StopCriterion::kPosteriorWall;
  auto r2 = requestForLevel(plan, "L3", o);
  ASSERT_TRUE(r2.ok());
  EXPECT_DOUBLE_EQ(r2->stop.volumeMl, 3);
  EXPECT_FALSE(r2->stop.stopOnLeak);
  EXPECT_TRUE(r2->stop.stopAtPosteriorQuarter);
  EXPECT_DOUBLE_EQ(r2->rheology.consistencyAt2MinPaSn, rheologyOf(core::CementViscosity::kHigh).consistencyAt2MinPaSn);
  EXPECT_FALSE(requestForLevel(plan, "L4").ok());
}

TEST(CementPlanRequest, ThePlansStartAndPressureLimitAreUsedUnlessOverridden) {
  core::Plan plan;
  core::PlannedLevel level;
  level.name = "L3";
  level.cement.viscosity = core::CementViscosity::kMedium;
  level.cement.startMinAfterMixing = 6.5;
  level.cement.stopCriterion = core::StopCriterion::kPressureLimit;
  level.cement.pressureLimitKpa = 80;
  plan.levels.push_back(level);
  core::Needle n;
  n.id = "L3";
  n.level = "L3";
  n.targetMm = {1, 0, 0};
  plan.needles.push_back(n);
  auto r = requestForLevel(plan, "L3");
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->startMin(), 6.5);
  EXPECT_DOUBLE_EQ(r->stop.pressureLimitKpa, 80);
  EXPECT_FALSE(r->stop.stopOnLeak || r->stop.stopAtPosteriorQuarter || r->stop.stopAtBothEndplates);
  // Another rule does not use the plan's limit; a given limit applies under any rule.
  SimulationOverrides o;
  o.stopCriterion = core::StopCriterion::kLeakage;
  EXPECT_DOUBLE_EQ(requestForLevel(plan, "L3", o)->stop.pressureLimitKpa, 0);
  o.pressureLimitKpa = 300;
  EXPECT_DOUBLE_EQ(requestForLevel(plan, "L3", o)->stop.pressureLimitKpa, 300);
  // Flags win; another class without its own start starts at its dough time.
  o = {};
  o.startMinAfterMixing = 2;
  EXPECT_DOUBLE_EQ(requestForLevel(plan, "L3", o)->startMin(), 2);
  o = {};
  o.viscosity = core::CementViscosity::kLow;
  EXPECT_DOUBLE_EQ(requestForLevel(plan, "L3", o)->startMin(),
                   core::usualStartMinAfterMixing(core::CementViscosity::kLow));
  o.viscosity = core::CementViscosity::kMedium;  // the plan's class: the plan's start
  EXPECT_DOUBLE_EQ(requestForLevel(plan, "L3", o)->startMin(), 6.5);
  // The rheology's usual start is core's dough time of each class.
  for (auto v : {core::CementViscosity::kLow, core::CementViscosity::kMedium, core::CementViscosity::kHigh})
    EXPECT_DOUBLE_EQ(rheologyOf(v).defaultStartMin, core::usualStartMinAfterMixing(v));
}
