// The Simulate step's run on the real lumbar case, headless: two levels at once (L2 and L3
// bipedicular), merged for the views, summed for the playback; and cancelling.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>

#include "PixelAtPoint.h"
#include "trocar/plan/ProposePlan.h"
#include "trocar/segment/Levels.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/CaseJobs.h"
#include "trocar/ui/CementSimulation.h"

using namespace trocar;

namespace {

const char* kSample = "totalseg/example_ct.nii.gz";

struct Case {
  image::CtVolume volume;
  ui::SegmentedCase segmented;
  core::Plan plan;
};

const Case& lumbarL2L3() {
  static const Case c = [] {
    auto volume = ui::loadCase(testsupport::sharedFile(kSample));
    if (!volume) throw std::runtime_error(volume.error().message());
    auto segmented = ui::segmentCase(volume.value());
    if (!segmented) throw std::runtime_error(segmented.error().message());
    plan::ProposalRequest request;
    request.levels = {segment::levelFromName("L2"), segment::levelFromName("L3")};
    auto plan = plan::proposePlan(*segmented->planning, request);
    if (!plan) throw std::runtime_error(plan.error().message());
    return Case{std::move(volume).value(), std::move(segmented).value(), std::move(plan).value()};
  }();
  return c;
}

size_t reachedVoxels(const std::vector<float>& fillTimeS) {
  size_t n = 0;
  for (float t : fillTimeS) n += t >= 0;
  return n;
}

}  // namespace

TEST(CementSimulationData, TwoLevelsRunTogetherAndMergeForTheViews) {
  TROCAR_REQUIRE_SHARED(kSample);
  const Case& c = lumbarL2L3();
  ASSERT_EQ(c.plan.needles.size(), 4u);
  ui::SimulationSettings settings;
  settings.volumeMl = 3;
  std::mutex mutex;
  std::vector<double> fractions;
  const core::Progress progress([&](double f, std::string_view) {
    std::lock_guard lock(mutex);
    fractions.push_back(f);
  });
  auto run = ui::simulateCement(c.volume, c.segmented.anatomy, c.plan, settings, progress);
  ASSERT_TRUE(run.ok()) << run.error().message();
  const ui::CementSimulation& sim = run.value();
  ASSERT_EQ(sim.levels.size(), 2u);
  EXPECT_EQ(sim.levels[0].level, "L2");
  EXPECT_EQ(sim.levels[1].level, "L3");
  EXPECT_FALSE(ui::isStale(sim, c.plan));
  // Progress runs over both levels to the end.
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  EXPECT_LT(fractions.front(), 0.5);

  double durationS = 0;
  size_t reached = 0;
  for (const auto& level : sim.levels) {
    EXPECT_NEAR(level.result.injectedMl, 3.0, 1e-6) << level.level;
    EXPECT_EQ(level.result.sources.size(), 2u) << level.level;
    durationS = std::max(durationS, level.result.durationS);
    reached += reachedVoxels(level.result.fillTimeS);
  }
  EXPECT_EQ(sim.durationS, durationS);
  // At the end the playback's sums are the levels' totals.
  const ui::CementSnapshot end = ui::snapshotAt(sim, sim.durationS);
  EXPECT_NEAR(end.injectedMl, 6.0, 1e-6);
  EXPECT_NEAR(end.leakedMl, sim.levels[0].result.leakedMl + sim.levels[1].result.leakedMl, 1e-9);
  const auto times = ui::playbackTimes(sim);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_NEAR(times.back(), sim.durationS, 1e-9);
  EXPECT_EQ(ui::pressureSeries(sim).size(), 4u) << "one curve per needle";

  // The merged map holds both levels' cement: as many voxels (same 0.5 mm, within 10 % for the
  // turned grids' nearest sampling), and cement at every needle's tip, filled early.
  ASSERT_TRUE(sim.fillTimeS);
  const auto spacing = sim.fillTimeS->GetSpacing();
  EXPECT_DOUBLE_EQ(spacing[0], 0.5);
  const size_t merged = reachedVoxels(std::vector<float>(
      sim.fillTimeS->GetBufferPointer(),
      sim.fillTimeS->GetBufferPointer() + sim.fillTimeS->GetPixelContainer()->Size()));
  std::printf("L2 + L3, 3 mL each: %zu voxels reached on the levels' grids, %zu merged; %.0f s\n",
              reached, merged, sim.durationS);
  EXPECT_NEAR(static_cast<double>(merged), static_cast<double>(reached), 0.10 * reached);
  for (const auto& needle : c.plan.needles) {
    const float t = uitest::pixelAtPoint(*sim.fillTimeS, needle.targetMm);
    EXPECT_GE(t, 0.0f) << needle.id;
    EXPECT_LT(t, 0.1 * sim.durationS) << needle.id << ": the tip fills first";
  }
  // Warnings agree with the results: a serious one exactly for each visible leak.
  size_t visible = 0;
  for (const auto& level : sim.levels)
    for (double ml : level.result.leakedByDestinationMl) visible += ml >= ui::kVisibleLeakMl;
  size_t serious = 0;
  for (const auto& w : ui::leakWarnings(sim)) serious += w.serious;
  EXPECT_EQ(serious, visible);
}

TEST(CementSimulationData, ACancelledRunReturnsTheCancelledError) {
  TROCAR_REQUIRE_SHARED(kSample);
  const Case& c = lumbarL2L3();
  std::atomic<bool> cancel{true};
  const core::Progress progress([](double, std::string_view) {}, &cancel);
  auto run = ui::simulateCement(c.volume, c.segmented.anatomy, c.plan, {}, progress);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.error().message().find("cancel"), std::string::npos) << run.error().message();
}

TEST(CementSimulationData, APlanWithoutNeedlesIsRefusedWithAReason) {
  TROCAR_REQUIRE_SHARED(kSample);
  const Case& c = lumbarL2L3();
  core::Plan empty = c.plan;
  empty.needles.clear();
  auto run = ui::simulateCement(c.volume, c.segmented.anatomy, empty, {});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.error().message().find("no level with a needle"), std::string::npos)
      << run.error().message();
}
