// Trends on the synthetic lumbar spine: viscosity, cement age, bone density, volume; the
// breached posterior wall; plan integration.
#include <gtest/gtest.h>

#include <cstdio>

#include "CementPhantom.h"
#include "ShapeMeasures.h"
#include "trocar/cement/DarcyFrontModel.h"
#include "trocar/cement/ResultTable.h"
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
