// Trends on the synthetic lumbar spine: viscosity, cement age, bone density, volume; the
// breached posterior wall; plan integration.
#include <gtest/gtest.h>

#include <cstdio>

#include "CementPhantom.h"
#include "ShapeMeasures.h"
#include "trocar/cement/DarcyFrontModel.h"
#include "trocar/cement/ResultTable.h"
#include "trocar/cement/SimulatePlan.h"
#include "trocar/phantom/Labels.h"

using namespace trocar;
using namespace trocar::cement;
using core::CementViscosity;

namespace {

constexpr int kL3 = phantom::level::kL3;

struct Fixture {
  test::PhantomCase data;
  InjectionDomain domain;
};

Fixture makeFixture(phantom::PhantomSpec spec, const std::vector<NeedleShaft>& shafts = {}) {
  Fixture f{test::makeLumbarCase(spec), {}};
  auto d = buildInjectionDomain(f.data.volume, f.data.anatomy, kL3, shafts);
  if (!d) throw std::runtime_error(d.error().message());
  f.domain = std::move(d).value();
  return f;
}

const Fixture& healthy() {
  static const Fixture f = makeFixture({});
  return f;
}

InjectionRequest request(const core::Vec3& tip, double ml, CementViscosity c, double startMin = -1) {
  InjectionRequest r;
  r.sources.push_back({"tip", tip, 1.5});
  r.rheology = rheologyOf(c);
  r.startMinAfterMixing = startMin;
  r.stop.volumeMl = ml;
  return r;
}

CementResult run(const InjectionDomain& d, const InjectionRequest& r) {
  auto result = makeDarcyFrontModel()->simulate(d, r);
  if (!result) throw std::runtime_error(result.error().message());
  return std::move(result).value();
}

}  // namespace

TEST(CementPhantom, DomainSeesTheBodyShellAndLeakPathsOfL3) {
  const InjectionDomain& d = healthy().domain;
  const auto* l = healthy().data.phantom.landmarksOf(kL3);
  std::array<size_t, 12> count{};
  for (uint8_t t : d.tissue) ++count[t];
  for (int t = 0; t < 12; ++t) std::printf("%-24s %zu\n", toString(Tissue(t)).c_str(), count[size_t(t)]);
  std::printf("grid %d x %d x %d at %.2f mm; body %.1f mL (truth %.1f mL)\n", d.grid.size[0], d.grid.size[1],
              d.grid.size[2], d.grid.spacingMm, d.bodyVolumeMl, l->bodyVolumeMm3 * 1e-3);
  EXPECT_NEAR(d.bodyVolumeMl, l->bodyVolumeMm3 * 1e-3, 0.05 * l->bodyVolumeMm3 * 1e-3);
  for (Tissue t : {Tissue::kCancellous, Tissue::kCortex, Tissue::kSuperiorEndplate, Tissue::kInferiorEndplate,
                   Tissue::kVertebralBone, Tissue::kCanal, Tissue::kForamen, Tissue::kSuperiorDisc,
                   Tissue::kInferiorDisc, Tissue::kParavertebral, Tissue::kAnterior})
    EXPECT_GT(count[size_t(t)], 100u) << toString(t);
}

TEST(CementPhantom, MoreViscousCementFillsMoreCompactly) {
  const Fixture& f = healthy();
  const core::Vec3 tip = test::bodyPoint(f.data, kL3, {0, 4, 0});
  double last = 1e9;
  for (CementViscosity c : {CementViscosity::kLow, CementViscosity::kMedium, CementViscosity::kHigh}) {
    const auto r = run(f.domain, request(tip, 4.0, c));
    const double rg = test::gyrationRadiusMm(r);
    std::printf("%-6s gyration radius %.3f mm, body fill %.1f %%, leaked %.3f mL, peak %.0f kPa\n",
                core::toString(c).c_str(), rg, 100 * r.bodyFillFraction, r.leakedMl, r.sources[0].peakPressureKpa);
    EXPECT_LT(rg, last) << core::toString(c);
    last = rg;
  }
}

TEST(CementPhantom, VolumeFillsMoreAndDenseBoneNeedsMorePressure) {
  const Fixture& f = healthy();
  const core::Vec3 tip = test::bodyPoint(f.data, kL3, {0, 4, 0});
  double lastFill = 0;
  for (double ml : {2.0, 4.0, 6.0}) {
    const auto r = run(f.domain, request(tip, ml, CementViscosity::kMedium));
    std::printf("%.0f mL: body fill %.1f %%\n", ml, 100 * r.bodyFillFraction);
    EXPECT_GT(r.bodyFillFraction, lastFill + 0.03);
    lastFill = r.bodyFillFraction;
  }
  phantom::PhantomSpec osteoporotic;
  osteoporotic.hu.cancellous = 70;
  const Fixture soft = makeFixture(osteoporotic);
  const auto dense = run(f.domain, request(tip, 3.0, CementViscosity::kMedium));
  const auto porous = run(soft.domain, request(tip, 3.0, CementViscosity::kMedium));
  std::printf("tip pressure: 200 HU bone %.1f kPa, 70 HU bone %.1f kPa\n", dense.sources[0].finalPressureKpa,
              porous.sources[0].finalPressureKpa);
  EXPECT_GT(dense.sources[0].finalPressureKpa, 1.5 * porous.sources[0].finalPressureKpa);
}

namespace {
// L3 with a lytic lesion that replaces the posterior wall's centre.
const Fixture& breached() {
  static const Fixture f = [] {
    phantom::PhantomSpec spec;
    phantom::LesionSpec lesion;
    lesion.level = kL3;
    lesion.offsetMm = {0, 12, 0};  // y: posterior
    lesion.radiusMm = 7;
    spec.lesions.push_back(lesion);
    return makeFixture(spec);
  }();
  return f;
}
}  // namespace

TEST(CementPhantom, TipBesideABreachedPosteriorWallLeaksIntoTheCanalAndACentralTipDoesNot) {
  const Fixture& f = breached();
  const auto* l = f.data.phantom.landmarksOf(kL3);
  ASSERT_TRUE(l->lesion.has_value());
  ASSERT_TRUE(l->lesion->breachesPosteriorWall);
  std::printf("body depth %.1f mm; lesion centre %.1f mm behind the body centre, radius %.1f mm\n", l->bodyDepthMm,
              12.0, l->lesion->radiusMm);
  const double ml = 2.5;
  // Next to the defect: just in front of the lesion; central: the anterior third, as planned.
  const auto beside = run(f.domain, request(test::bodyPoint(f.data, kL3, {0, -3, 0}), ml, CementViscosity::kMedium));
  const auto central = run(f.domain, request(test::bodyPoint(f.data, kL3, {0, 8, 0}), ml, CementViscosity::kMedium));
  std::printf("%s\n%s\n", formatResultTable("L3 beside the breach", request({}, ml, CementViscosity::kMedium), beside).c_str(),
              formatResultTable("L3 central", request({}, ml, CementViscosity::kMedium), central).c_str());
  EXPECT_TRUE(beside.leaksTo(LeakDestination::kCanal, 0.05));
  EXPECT_GT(beside.leakedByDestinationMl[size_t(LeakDestination::kCanal)], 0.5 * beside.leakedMl);
  EXPECT_FALSE(central.leaksTo(LeakDestination::kCanal, 1e-6));
  EXPECT_LT(central.leakedMl, 0.01);
  // The stop rule "leakage" ends the injection at the first visible leak.
  auto stopping = request(test::bodyPoint(f.data, kL3, {0, -3, 0}), ml, CementViscosity::kMedium);
  stopping.stop.stopOnLeak = true;
  const auto stopped = run(f.domain, stopping);
  EXPECT_EQ(stopped.stopReason, StopReason::kLeak);
  EXPECT_LT(stopped.injectedMl, beside.injectedMl);
  EXPECT_LT(stopped.leakedMl, 0.1);
}

TEST(CementPhantom, ThickerAndOlderCementLeaksLessThroughTheBreach) {
  const Fixture& f = breached();
  const core::Vec3 tip = test::bodyPoint(f.data, kL3, {0, -3, 0});
  double last = 1e9;
  for (CementViscosity c : {CementViscosity::kLow, CementViscosity::kMedium, CementViscosity::kHigh}) {
    const auto r = run(f.domain, request(tip, 3.0, c));
    std::printf("%-6s leaked %.3f mL (canal %.3f), gyration radius %.2f mm\n", core::toString(c).c_str(), r.leakedMl,
                r.leakedByDestinationMl[0], test::gyrationRadiusMm(r));
    EXPECT_LT(r.leakedMl, last) << core::toString(c);
    last = r.leakedMl;
  }
  last = 1e9;
  for (double startMin : {3.0, 6.0, 9.0}) {
    const auto r = run(f.domain, request(tip, 3.0, CementViscosity::kMedium, startMin));
    std::printf("medium from %.0f min: leaked %.3f mL\n", startMin, r.leakedMl);
    EXPECT_LT(r.leakedMl, last) << startMin;
    last = r.leakedMl;
  }
}

TEST(CementPhantom, StopRulesEndTheInjectionAtThePosteriorQuarterOrBothEndplates) {
  const Fixture& f = healthy();
  auto wall = request(test::bodyPoint(f.data, kL3, {0, 3, 0}), 8.0, CementViscosity::kMedium);
  wall.stop.stopAtPosteriorQuarter = true;
  const auto atWall = run(f.domain, wall);
  std::printf("walls at j %.0f (posterior) and %.0f (anterior); tip at j %.1f\n", f.domain.posteriorWallJ,
              f.domain.anteriorWallJ, f.domain.grid.continuousIndex(wall.sources[0].tipMm).y);
  EXPECT_EQ(atWall.stopReason, StopReason::kPosteriorQuarter);
  // The tip is 10.6 mm in front of the posterior quarter: a sphere that reaches it holds about
  // 3 mL of cement (5 mL of bone at porosity 0.89, 70 % of the pores taken).
  EXPECT_GT(atWall.injectedMl, 1.5);
  EXPECT_LT(atWall.injectedMl, 4.0);
  auto plates = request(test::bodyPoint(f.data, kL3, {0, 6, 0}), 12.0, CementViscosity::kMedium);
  plates.stop.stopAtBothEndplates = true;
  const auto atPlates = run(f.domain, plates);
  std::printf("posterior quarter after %.2f mL; both endplates after %.2f mL (%.0f / %.0f mm2)\n", atWall.injectedMl,
              atPlates.injectedMl, atPlates.superiorContactMm2, atPlates.inferiorContactMm2);
  EXPECT_EQ(atPlates.stopReason, StopReason::kBothEndplates);
  EXPECT_TRUE(atPlates.touchesSuperiorEndplate && atPlates.touchesInferiorEndplate);
  EXPECT_LT(atPlates.injectedMl, 12.0);
  for (const auto& fr : atPlates.frames) EXPECT_NEAR(fr.simulatedMl, fr.injectedMl, 1e-6 * fr.injectedMl);
}

TEST(CementPhantom, PlannedBipedicularLevelThroughSimulateLevel) {
  const Fixture& f = healthy();
  const auto* l = f.data.phantom.landmarksOf(kL3);
  core::Plan plan;
  core::PlannedLevel level;
  level.name = "L3";
  level.cement.volumeMl = 4;
  level.cement.viscosity = CementViscosity::kHigh;
  level.cement.stopCriterion = core::StopCriterion::kPlannedVolume;
  plan.levels.push_back(level);
  for (bool left : {true, false}) {
    const phantom::PedicleTruth& p = left ? l->leftPedicle : l->rightPedicle;
    core::Needle n;
    n.id = left ? "L3-left" : "L3-right";
    n.level = "L3";
    n.side = left ? core::BodySide::kLeft : core::BodySide::kRight;
    n.boneEntryMm = p.entryPointMm;
    n.targetMm = test::bodyPoint(f.data, kL3, {left ? 6.0 : -6.0, 6, 0});
    plan.needles.push_back(n);
  }
  auto sim = simulateLevel(f.data.volume, f.data.anatomy, plan, "L3");
  ASSERT_TRUE(sim.ok()) << sim.error().message();
  const CementResult& r = sim->result;
  std::printf("%s", formatResultTable("L3", sim->request, r).c_str());
  ASSERT_EQ(r.sources.size(), 2u);
  EXPECT_NEAR(r.sources[0].injectedMl, 2.0, 1e-9);
  EXPECT_NEAR(r.sources[1].injectedMl, 2.0, 1e-9);
  EXPECT_GT(r.bodyFillFraction, 0.15);
  EXPECT_LT(r.leakedMl, 0.01);
  // The needles' shafts are closed: no cement along the tracks behind the tips.
  for (const core::Needle& n : plan.needles) {
    const core::Vec3 d = core::normalized(n.targetMm - n.boneEntryMm);
    for (double back = 4; back < 12; back += 1) {
      const core::Vec3 c = sim->domain.grid.continuousIndex(n.targetMm - d * back);
      const size_t i = sim->domain.grid.index(int(std::lround(c.x)), int(std::lround(c.y)), int(std::lround(c.z)));
      EXPECT_EQ(sim->domain.tissueAt(i), Tissue::kClosed) << n.id << " " << back;
      EXPECT_EQ(r.saturation[i], 0.f);
    }
  }
}
