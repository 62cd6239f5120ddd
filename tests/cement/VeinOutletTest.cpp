// A vein leaving through a foramen of a wall, on a hand-built block: cement that reaches the
// foramen runs into the vein as a yield-stress fluid, less so the thicker and older it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "trocar/cement/DarcyFrontModel.h"

using namespace trocar;
using namespace trocar::cement;

namespace {

constexpr int kN = 60;     // 30 mm cube at 0.5 mm
constexpr int kWall = 50;  // the wall's two voxel layers i = 50, 51; soft tissue beyond

// Cancellous bone (k 2e-8 m^2, porosity 0.89) up to a 1 mm wall with one foramen at its
// centre, paravertebral tissue behind the wall, into which the foramen's vein drains.
InjectionDomain walledBlock() {
  CementGrid g;
  g.spacingMm = 0.5;
  g.size = {kN, kN, kN};
  InjectionDomain d = InjectionDomain::uniform(g, 2e-8, 0.89);
  VenousOutlet vein;
  vein.name = "test vein";
  vein.channelRadiusMm = 1.0;
  vein.channelLengthMm = 4.0;
  vein.veinRadiusMm = 1.5;
  std::vector<std::pair<double, uint32_t>> drains;
  for (int k = 0; k < kN; ++k)
    for (int j = 0; j < kN; ++j)
      for (int i = kWall; i < kN; ++i) {
        const size_t idx = g.index(i, j, k);
        const double r2 = (j - 30) * (j - 30) + (k - 30) * (k - 30);
        if (i < kWall + 2) {
          d.tissue[idx] = uint8_t(Tissue::kCortex);
          d.permeabilityM2[idx] = 1e-13f;
          d.porosity[idx] = 0.05f;
          if (r2 <= 2.5 * 2.5) vein.openingVoxels.push_back(uint32_t(idx));
        } else {
          d.tissue[idx] = uint8_t(Tissue::kParavertebral);
          d.permeabilityM2[idx] = 2e-8f;
          d.porosity[idx] = 0.9f;
          drains.push_back({r2 + (i - kWall - 2) * (i - kWall - 2), uint32_t(idx)});
        }
      }
  std::sort(drains.begin(), drains.end());
  for (const auto& dr : drains) vein.drainVoxels.push_back(dr.second);
  d.outlets.push_back(std::move(vein));
  return d;
}

const InjectionDomain& domain() {
  static const InjectionDomain d = walledBlock();
  return d;
}

// 3 mL at 1 mL/min from a tip 7 mm in front of the foramen: the fill (about 10 mm across)
// reaches the wall after about a mL.
InjectionRequest request(core::CementViscosity c, double startMin = -1, double volumeMl = 3.0) {
  InjectionRequest r;
  r.sources.push_back({"n1", domain().grid.pointMm(kWall - 14, 30, 30), 1.0});
  r.rheology = rheologyOf(c);
  r.startMinAfterMixing = startMin;
  r.stop.volumeMl = volumeMl;
  return r;
}

CementResult run(const InjectionRequest& r) {
  auto result = makeDarcyFrontModel()->simulate(domain(), r);
  if (!result) throw std::runtime_error(result.error().message());
  return std::move(result).value();
}

}  // namespace

TEST(CementVein, CementAtTheForamenRunsIntoTheVeinWithVolumeConserved) {
  const CementResult r = run(request(core::CementViscosity::kLow));
  std::printf("low, 3 mL: leaked %.3f mL into the vein, body %.3f mL\n", r.leakedMl, r.retainedMl);
  EXPECT_GT(r.leakedMl, 0.02);
  EXPECT_NEAR(r.leakedByDestinationMl[size_t(LeakDestination::kParavertebral)], r.leakedMl, 1e-12);
  for (const auto& f : r.frames) EXPECT_NEAR(f.simulatedMl, f.injectedMl, 1e-6 * f.injectedMl);
  EXPECT_NEAR(cementVolumeMl(domain(), r), 3.0, 3e-5);
  // The cement beyond the wall lies in the vein's drain, nearest the foramen first; none went
  // through the closed cortex around the foramen.
  const auto& drains = domain().outlets[0].drainVoxels;
  size_t reached = 0;
  while (reached < drains.size() && r.saturation[drains[reached]] > 0) ++reached;
  for (size_t i = 0; i < domain().voxelCount(); ++i) {
    if (domain().tissueAt(i) == Tissue::kCortex) {
      EXPECT_EQ(r.saturation[i], 0.f) << "cortex voxel " << i;
    }
    if (domain().tissueAt(i) != Tissue::kParavertebral || r.saturation[i] <= 0) continue;
    EXPECT_LT(std::find(drains.begin(), drains.begin() + long(reached), uint32_t(i)) - drains.begin(), long(reached));
  }
  // The same input gives the same result.
  const CementResult again = run(request(core::CementViscosity::kLow));
  EXPECT_EQ(again.leakedMl, r.leakedMl);
  EXPECT_EQ(again.fillTimeS, r.fillTimeS);
}

TEST(CementVein, NoLeakBeforeTheCementReachesTheForamen) {
  const CementResult r = run(request(core::CementViscosity::kLow, -1, 0.5));
  EXPECT_EQ(r.leakedMl, 0);
}

TEST(CementVein, ThickerAndOlderCementRunsLessIntoTheVein) {
  double last = 1e9;
  for (core::CementViscosity c : {core::CementViscosity::kLow, core::CementViscosity::kMedium, core::CementViscosity::kHigh}) {
    const CementResult r = run(request(c));
    std::printf("%-6s: leaked %.4f mL, peak pressure %.1f kPa\n", core::toString(c).c_str(), r.leakedMl,
                r.sources[0].peakPressureKpa);
    EXPECT_LT(r.leakedMl, last) << core::toString(c);
    last = r.leakedMl;
  }
  last = 1e9;
  for (double startMin : {3.0, 6.0, 9.0}) {
    const CementResult r = run(request(core::CementViscosity::kLow, startMin));
    std::printf("low from %.0f min: leaked %.4f mL\n", startMin, r.leakedMl);
    EXPECT_LT(r.leakedMl, last) << startMin;
    last = r.leakedMl;
  }
}

TEST(CementVein, TheMarrowPressureDrivesTheLeakAndItsYieldStressStopsIt) {
  // Without the intravertebral pressure only the cement's own flow pressure pushes into the vein:
  // less leaks.
  InjectionRequest quiet = request(core::CementViscosity::kLow);
  quiet.intravertebralPressureKpaPerMlPerMin = 0;
  const double withMarrow = run(request(core::CementViscosity::kLow)).leakedMl;
  const double without = run(quiet).leakedMl;
  std::printf("leaked %.4f mL with the marrow pressure, %.4f mL without\n", withMarrow, without);
  EXPECT_LT(without, withMarrow);
  // A leak stops when the yield stress along its column holds the pressure: 2 tau_y (L / r_c +
  // column / r_v) = p. So at every frame the leaked column is at most the longest column any
  // earlier frame's peak needle pressure (plus the marrow's) could hold, with the yield stress at
  // that frame's start.
  const InjectionRequest req = request(core::CementViscosity::kMedium);
  const CementResult r = run(req);
  const VenousOutlet& v = domain().outlets[0];
  const double rho = req.rheology.yieldRatioAt(req.startMin());
  double boundMl = 0, previousS = 0;
  for (const CementFrame& f : r.frames) {
    const double tau = rho * req.rheology.consistencyPaSn(req.startMin() + previousS / 60);
    const double p = f.pressureKpa[0] * 1e3 + req.intravertebralPressureKpaPerMlPerMin * 1e3 * 1.0;
    const double columnMm = v.veinRadiusMm * (p / (2 * tau) - v.channelLengthMm / v.channelRadiusMm);
    boundMl = std::max(boundMl, std::max(columnMm, 0.0) * M_PI * v.veinRadiusMm * v.veinRadiusMm * 1e-3);
    EXPECT_LE(f.leakedMl, boundMl + 2e-4) << f.timeS << " s";  // plus one step of the split
    previousS = f.timeS;
  }
  std::printf("medium: leaked %.4f mL, held below %.4f mL by the yield stress\n", r.leakedMl, boundMl);
  EXPECT_GT(r.leakedMl, 0);
}
