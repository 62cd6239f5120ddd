// The Simulate step's headless logic: merged fill times, the injection at a moment, plot series,
// leak warnings, settings, staleness in the model; and the fluoroscopy worker on a synthetic CT.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "PixelAtPoint.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/ui/CementSimulation.h"
#include "trocar/ui/DrrWorker.h"
#include "trocar/ui/WorkflowModel.h"

using namespace trocar;
using cement::LeakDestination;

namespace {

// A result whose cement is a ball of `radiusMm` around `centreMm`, filling outward at 1 mm/s,
// on a grid turned 30 degrees about z (as a vertebra's grid is turned to its axes).
cement::CementResult ballResult(const core::Vec3& centreMm, double radiusMm) {
  cement::CementResult r;
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  r.grid.u = {c, s, 0};
  r.grid.v = {-s, c, 0};
  r.grid.w = {0, 0, 1};
  r.grid.spacingMm = 0.5;
  r.grid.size = {60, 60, 60};
  r.grid.originMm = centreMm - (r.grid.u + r.grid.v + r.grid.w) * (29.5 * 0.5);
  r.fillTimeS.assign(r.grid.voxelCount(), -1.0f);
  for (size_t n = 0; n < r.grid.voxelCount(); ++n) {
    const auto [i, j, k] = r.grid.ijk(n);
    const double d = core::distance(r.grid.pointMm(i, j, k), centreMm);
    if (d <= radiusMm) r.fillTimeS[n] = static_cast<float>(d);
  }
  r.durationS = radiusMm;
  return r;
}

double cementVolumeMl(const image::FloatImage& image, double atS) {
  size_t n = 0;
  const float* t = image.GetBufferPointer();
  for (size_t i = 0; i < image.GetPixelContainer()->Size(); ++i) n += t[i] >= 0 && t[i] <= atS;
  const auto sp = image.GetSpacing();
  return static_cast<double>(n) * sp[0] * sp[1] * sp[2] * 1e-3;
}

cement::CementFrame frame(double t, double injected, double leaked, double pressure) {
  cement::CementFrame f;
  f.timeS = t;
  f.injectedMl = f.simulatedMl = injected;
  f.leakedMl = leaked;
  f.retainedMl = injected - leaked;
  f.leakedByDestinationMl[static_cast<size_t>(LeakDestination::kForamen)] = leaked;
  f.pressureKpa = {pressure, pressure / 2};
  return f;
}

// Two levels of hand-made frames: L2 for 3 s, L3 for 4 s.
ui::CementSimulation twoLevels() {
  ui::CementSimulation sim;
  for (const char* name : {"L2", "L3"}) {
    cement::LevelSimulation level;
    level.level = name;
    level.request.sources = {{std::string(name) + "-left", {}, 0.5},
                             {std::string(name) + "-right", {}, 0.5}};
    level.request.stop.volumeMl = name == std::string("L2") ? 0.3 : 0.4;
    const int frames = name == std::string("L2") ? 3 : 4;
    for (int i = 1; i <= frames; ++i)
      level.result.frames.push_back(frame(i, 0.1 * i, i >= 3 ? 0.01 * (i - 2) : 0, 100.0 * i));
    level.result.injectedMl = level.result.frames.back().injectedMl;
    level.result.durationS = frames;
    sim.levels.push_back(level);
  }
  sim.durationS = 4;
  return sim;
}

}  // namespace

TEST(CementSimulation, MergedFillTimesKeepTheBallOnAnAxisAlignedGrid) {
  const core::Vec3 centre{10, -20, 35};
  const cement::CementResult ball = ballResult(centre, 6);
  const auto merged = ui::mergeFillTimes({&ball}, 0.5);
  ASSERT_TRUE(merged);
  const auto direction = merged->GetDirection();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_EQ(direction(r, c), r == c ? 1.0 : 0.0);
  // The fill time of a point is its distance from the centre, within a voxel's reach (0.5 mm
  // source voxel, nearest sampling from a turned grid: half-diagonals of both, ~0.9 mm).
  for (const core::Vec3 offset :
       {core::Vec3{0, 0, 0}, core::Vec3{3, 0, 0}, core::Vec3{0, -4, 2}, core::Vec3{-2, 2, -3}})
    EXPECT_NEAR(uitest::pixelAtPoint(*merged, centre + offset), core::norm(offset), 0.9) << offset.x;
  EXPECT_EQ(uitest::pixelAtPoint(*merged, centre + core::Vec3{7, 0, 0}), -1.0f) << "beyond the ball";
  // The ball's volume by time, against 4/3 pi r^3 (within 10 %: voxelised at 0.5 mm).
  for (double t : {3.0, 6.0})
    EXPECT_NEAR(cementVolumeMl(*merged, t), 4.0 / 3 * M_PI * t * t * t * 1e-3,
                0.10 * 4.0 / 3 * M_PI * t * t * t * 1e-3);
  // The grid spans the cement with a margin: no cement voxel on its border.
  const auto size = merged->GetLargestPossibleRegion().GetSize();
  for (size_t i = 0; i < size[0]; ++i)
    for (size_t j = 0; j < size[1]; ++j)
      for (size_t k : {size_t{0}, size[2] - 1})
        EXPECT_LT(merged->GetPixel({{long(i), long(j), long(k)}}), 0.0f);
}

TEST(CementSimulation, MergedFillTimesTakeTheEarliestLevelAndNoCementGivesNull) {
  const cement::CementResult a = ballResult({0, 0, 0}, 5);
  cement::CementResult b = ballResult({4, 0, 0}, 5);
  for (float& t : b.fillTimeS)
    if (t >= 0) t += 100;  // a level that fills much later
  const auto merged = ui::mergeFillTimes({&a, &b}, 0.5);
  ASSERT_TRUE(merged);
  EXPECT_NEAR(uitest::pixelAtPoint(*merged, {2, 0, 0}), 2.0, 0.9) << "the overlap keeps the earlier time";
  EXPECT_NEAR(uitest::pixelAtPoint(*merged, {8, 0, 0}), 104.0, 0.9) << "the later level alone";
  cement::CementResult empty = ballResult({0, 0, 0}, 5);
  std::fill(empty.fillTimeS.begin(), empty.fillTimeS.end(), -1.0f);
  EXPECT_FALSE(ui::mergeFillTimes({&empty}, 0.5));
}

TEST(CementSimulation, SnapshotsSumTheLevelsAtTheirLatestFrame) {
  const ui::CementSimulation sim = twoLevels();
  const auto at0 = ui::snapshotAt(sim, 0.5);
  EXPECT_EQ(at0.injectedMl, 0.0) << "before the first frame";
  const auto at3 = ui::snapshotAt(sim, 3.2);
  EXPECT_NEAR(at3.injectedMl, 0.3 + 0.3, 1e-12);
  EXPECT_NEAR(at3.leakedMl, 0.01 + 0.01, 1e-12);
  EXPECT_NEAR(at3.retainedMl, 0.58, 1e-12);
  EXPECT_NEAR(at3.leakedByDestinationMl[size_t(LeakDestination::kForamen)], 0.02, 1e-12);
  EXPECT_EQ(at3.maxPressureKpa, 300.0);
  const auto end = ui::snapshotAt(sim, 10);
  EXPECT_NEAR(end.injectedMl, 0.7, 1e-12) << "L2 holds its last frame";
  EXPECT_EQ(end.maxPressureKpa, 400.0);

  EXPECT_EQ(ui::playbackTimes(sim), (std::vector<double>{0, 1, 2, 3, 4}));
  const auto pressures = ui::pressureSeries(sim);
  ASSERT_EQ(pressures.size(), 4u);  // two needles per level
  EXPECT_EQ(pressures[0].name, "L2-left (kPa)");
  EXPECT_EQ(pressures[3].name, "L3-right (kPa)");
  EXPECT_EQ(pressures[3].value, (std::vector<double>{50, 100, 150, 200}));
  const auto injected = ui::injectedSeries(sim);
  EXPECT_EQ(injected.timeS, (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_NEAR(injected.value.back(), 0.7, 1e-12);
  EXPECT_NEAR(injected.value[2], 0.4, 1e-12);
}

TEST(CementSimulation, LeakWarningsPutDangerFirstAndNameTraces) {
  ui::CementSimulation sim = twoLevels();
  EXPECT_TRUE(ui::leakWarnings(sim).empty()) << "no leak in the results: nothing to say";
  auto& l2 = sim.levels[0].result;
  auto& l3 = sim.levels[1].result;
  l2.leakedByDestinationMl[size_t(LeakDestination::kParavertebral)] = 0.20;
  l3.leakedByDestinationMl[size_t(LeakDestination::kCanal)] = 0.08;
  l3.leakedByDestinationMl[size_t(LeakDestination::kSuperiorDisc)] = 0.01;
  l3.stopReason = cement::StopReason::kPressureLimit;
  const auto w = ui::leakWarnings(sim);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_TRUE(w[0].serious);
  EXPECT_NE(w[0].text.find("DANGER L3: 0.08 mL"), std::string::npos) << w[0].text;
  EXPECT_NE(w[0].text.find(cement::toString(LeakDestination::kCanal)), std::string::npos);
  EXPECT_TRUE(w[1].serious);
  EXPECT_NE(w[1].text.find("L2: 0.20 mL"), std::string::npos) << w[1].text;
  EXPECT_FALSE(w[2].serious);
  EXPECT_NE(w[2].text.find("trace"), std::string::npos) << w[2].text;
  EXPECT_FALSE(w[3].serious);
  EXPECT_NE(w[3].text.find("stopped at 0.40 of 0.40 mL"), std::string::npos) << w[3].text;
}

TEST(CementSimulation, SettingsBecomeTheCementModulesOverrides) {
  ui::SimulationSettings s;
  s.volumeMl = 5.5;
  s.viscosity = core::CementViscosity::kLow;
  auto o = ui::overridesFor(s);
  EXPECT_EQ(*o.volumeMl, 5.5);
  EXPECT_EQ(*o.viscosity, core::CementViscosity::kLow);
  EXPECT_FALSE(o.startMinAfterMixing) << "negative: the class's own start";
  EXPECT_EQ(*o.stopCriterion, core::StopCriterion::kPlannedVolume);
  EXPECT_FALSE(o.pressureLimitKpa);
  s.startMinAfterMixing = 7;
  s.stopRule = core::StopCriterion::kPressureLimit;
  s.pressureLimitKpa = 250;
  o = ui::overridesFor(s);
  EXPECT_EQ(*o.startMinAfterMixing, 7.0);
  EXPECT_EQ(*o.stopCriterion, core::StopCriterion::kPressureLimit);
  EXPECT_EQ(*o.pressureLimitKpa, 250.0);
  s.stopRule = core::StopCriterion::kLeakage;
  o = ui::overridesFor(s);
  EXPECT_EQ(*o.stopCriterion, core::StopCriterion::kLeakage);
  EXPECT_FALSE(o.pressureLimitKpa) << "the limit belongs to the pressure rule";
}

TEST(CementSimulation, ThePlanRecordsEverySettingAndThePageStartsFromThePlan) {
  core::CementSettings planned;  // 4 mL of high viscosity cement, stop at the posterior wall
  planned.injectionRateMlPerMin = 1.5;
  ui::SimulationSettings s;
  s.volumeMl = 6;
  s.viscosity = core::CementViscosity::kLow;
  s.startMinAfterMixing = 6.5;
  s.stopRule = core::StopCriterion::kPressureLimit;
  s.pressureLimitKpa = 120;
  const core::CementSettings recorded = ui::cementSettingsFor(s, planned);
  EXPECT_EQ(recorded.volumeMl, 6.0);
  EXPECT_EQ(recorded.viscosity, core::CementViscosity::kLow);
  EXPECT_EQ(recorded.startMinAfterMixing, 6.5);
  EXPECT_EQ(recorded.stopCriterion, core::StopCriterion::kPressureLimit);
  EXPECT_EQ(recorded.pressureLimitKpa, 120.0);
  EXPECT_EQ(recorded.injectionRateMlPerMin, 1.5) << "what the page does not set is kept";
  // The page's "class's own start" is recorded as that class's dough time.
  s.startMinAfterMixing = -1;
  EXPECT_EQ(ui::cementSettingsFor(s, planned).startMinAfterMixing,
            core::usualStartMinAfterMixing(core::CementViscosity::kLow));

  // Back from the plan: every setting, and every rule the page offers survives the round trip.
  const ui::SimulationSettings shown = ui::settingsFromPlan(recorded);
  EXPECT_EQ(shown.volumeMl, 6.0);
  EXPECT_EQ(shown.viscosity, core::CementViscosity::kLow);
  EXPECT_EQ(shown.startMinAfterMixing, 6.5);
  EXPECT_EQ(shown.stopRule, core::StopCriterion::kPressureLimit);
  EXPECT_EQ(shown.pressureLimitKpa, 120.0);
  s.startMinAfterMixing = 8;
  for (auto rule : {core::StopCriterion::kPlannedVolume, core::StopCriterion::kPressureLimit,
                    core::StopCriterion::kLeakage, core::StopCriterion::kPosteriorWall,
                    core::StopCriterion::kEndplate}) {
    s.stopRule = rule;
    EXPECT_EQ(ui::settingsFromPlan(ui::cementSettingsFor(s, planned)), s) << core::toString(rule);
  }
  // The overrides of a plan's settings give the cement module the plan's own request.
  s.stopRule = core::StopCriterion::kPressureLimit;
  core::Plan plan;
  plan.levels.push_back(
      {"L3", core::LevelStrategy::kUnipedicular, ui::cementSettingsFor(s, planned)});
  core::Needle n;
  n.id = "L3";
  n.level = "L3";
  n.targetMm = {1, 0, 0};
  plan.needles.push_back(n);
  auto fromPlan = cement::requestForLevel(plan, "L3");
  auto fromPage = cement::requestForLevel(plan, "L3", ui::overridesFor(s));
  ASSERT_TRUE(fromPlan.ok() && fromPage.ok());
  EXPECT_EQ(fromPlan->startMin(), 8.0);
  EXPECT_EQ(fromPage->startMin(), 8.0);
  EXPECT_EQ(fromPlan->stop.pressureLimitKpa, 120.0);
  EXPECT_EQ(fromPage->stop.pressureLimitKpa, 120.0);
  EXPECT_EQ(fromPlan->stop.volumeMl, fromPage->stop.volumeMl);
}

TEST(CementSimulation, RunSettingsWrittenIntoAnApprovedPlanWithdrawTheApproval) {
  ui::WorkflowModel m;
  core::Plan plan;
  plan.levels.push_back({"L3", core::LevelStrategy::kBipedicular, {}});
  m.resetPlan(plan);
  m.approve("Dr. Reviewer", "2026-11-24T12:00:00Z");
  ASSERT_TRUE(m.plan().approval.approved());
  // Only the start changes, as the main window records a run: the approval goes, with a notice.
  ui::SimulationSettings s = ui::settingsFromPlan(m.plan().levels[0].cement);
  s.startMinAfterMixing += 1;
  core::Plan next = m.plan();
  next.levels[0].cement = ui::cementSettingsFor(s, next.levels[0].cement);
  m.setPlan(next, "Cement");
  EXPECT_FALSE(m.plan().approval.approved());
  EXPECT_NE(m.approvalNotice().find("withdrawn"), std::string::npos) << m.approvalNotice();
  // One undo step brings the approved plan back.
  ASSERT_TRUE(m.undo());
  EXPECT_TRUE(m.plan().approval.approved());
  EXPECT_EQ(m.plan().levels[0].cement.startMinAfterMixing,
            core::CementSettings{}.startMinAfterMixing);
}

TEST(CementSimulation, TheModelMarksTheRunStaleWhenTheNeedlesChangeAndForgetsItWithTheCase) {
  ui::WorkflowModel m;
  image::CtVolume volume;
  volume.hu = image::CtImage::New();
  volume.hu->SetRegions(image::CtImage::RegionType(itk::Size<3>{{8, 8, 8}}));
  volume.hu->Allocate();
  m.setCase("/cases/a.nii.gz", volume);
  segment::SpineAnatomy anatomy;
  m.setAnatomy(anatomy);
  core::Plan plan;
  plan.levels.push_back({"L3", core::LevelStrategy::kBipedicular, {}});
  core::Needle needle;
  needle.id = "L3-left";
  needle.level = "L3";
  needle.targetMm = {1, 2, 3};
  plan.needles.push_back(needle);
  m.setPlan(plan, "propose");

  std::vector<ui::ModelChange> changes;
  m.addListener([&](ui::ModelChange c) { changes.push_back(c); });
  auto sim = std::make_shared<ui::CementSimulation>(twoLevels());
  sim->plan = plan;
  m.setSimulation(sim);
  EXPECT_EQ(changes.back(), ui::ModelChange::kSimulation);
  EXPECT_FALSE(m.simulationIsStale());
  EXPECT_EQ(m.cementTimeS(), 4.0) << "a new run is shown whole";
  m.setCementTime(2);
  EXPECT_EQ(changes.back(), ui::ModelChange::kCementTime);
  EXPECT_EQ(m.cementTimeS(), 2.0);

  core::Plan notes = plan;
  notes.notes = "patient prone";
  m.setPlan(notes, "notes");
  EXPECT_FALSE(m.simulationIsStale()) << "notes do not change what was simulated";
  core::Plan moved = notes;
  moved.needles[0].targetMm.x += 3;
  m.setPlan(moved, "move");
  EXPECT_TRUE(m.simulationIsStale());
  core::Plan thicker = notes;
  thicker.levels[0].cement.volumeMl = 6;
  m.setPlan(thicker, "cement");
  EXPECT_TRUE(m.simulationIsStale()) << "the level's cement settings changed";
  m.undo();
  m.undo();
  EXPECT_FALSE(m.simulationIsStale()) << "undone back to the simulated plan";
  ASSERT_TRUE(m.simulation());

  m.setAnatomy(anatomy);
  EXPECT_FALSE(m.simulation()) << "a new segmentation forgets the run";
  m.setSimulation(sim);
  m.setCase("/cases/b.nii.gz", volume);
  EXPECT_FALSE(m.simulation()) << "so does a new case";
}

namespace {

// A 20 mm water slab across the AP beam (y from -10 to 10 mm) in 100 mm of air, with a 20 mm
// bone block in its middle; 2 mm voxels, centred on the origin. Every AP ray crosses the same
// water, so the display window puts water bright and anything denser darker.
image::CtImage::Pointer waterCube() {
  auto ct = image::CtImage::New();
  ct->SetRegions(image::CtImage::RegionType(itk::Size<3>{{50, 50, 50}}));
  ct->SetSpacing(itk::Vector<double, 3>(2.0));
  itk::Point<double, 3> origin;
  origin.Fill(-49);
  ct->SetOrigin(origin);
  ct->Allocate();
  ct->FillBuffer(-1000);
  for (long k = 0; k < 50; ++k)
    for (long j = 20; j < 30; ++j)
      for (long i = 0; i < 50; ++i) ct->SetPixel({{i, j, k}}, 0);
  for (long k = 20; k < 30; ++k)
    for (long j = 20; j < 30; ++j)
      for (long i = 20; i < 30; ++i) ct->SetPixel({{i, j, k}}, 700);
  return ct;
}

struct Collected {
  std::mutex mutex;
  std::vector<ui::DrrWorker::Image> images;
  size_t count() {
    std::lock_guard lock(mutex);
    return images.size();
  }
  ui::DrrWorker::Image last() {
    std::lock_guard lock(mutex);
    return images.back();
  }
};

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 20'000) {
  const auto start = std::chrono::steady_clock::now();
  while (!done()) {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(timeoutMs))
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

uint8_t grayAt(const fluoro::GrayImage& g, const fluoro::DetectorUv& uv) {
  return g.pixels[static_cast<size_t>(std::lround(uv.v)) * g.columns +
                  static_cast<size_t>(std::lround(uv.u))];
}

}  // namespace

TEST(DrrWorker, RendersTheCaseWithItsNeedlesAndCementOffTheCallersThread) {
  Collected got;
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> otherThread{true};
  ui::DrrWorker worker([&](ui::DrrWorker::Image image) {
    otherThread = otherThread && std::this_thread::get_id() != caller;
    std::lock_guard lock(got.mutex);
    got.images.push_back(std::move(image));
  });
  worker.setCase(waterCube());
  // A needle along y (AP beam direction) would be a point; along x it is a line in the AP view.
  fluoro::NeedleModel needle;
  needle.tipMm = {-30, 0, 25};
  needle.hubMm = {30, 0, 25};
  worker.setNeedles({needle});
  fluoro::CArm carm;
  carm.angles = fluoro::apAngles();
  worker.request({0, carm, true});
  ASSERT_TRUE(waitUntil([&] { return worker.idle() && got.count() >= 1; }));
  EXPECT_TRUE(otherThread);
  const auto ap = got.last();
  EXPECT_TRUE(ap.request.full);
  ASSERT_EQ(ap.gray.columns, carm.columns);
  const fluoro::Projection projection(carm);
  // The steel needle is darker than the water beside it; the bone block darker than water.
  const auto onNeedle = projection.project({0, 0, 25});
  const auto beside = projection.project({0, 0, 40});
  const auto bone = projection.project({0, 0, 0});
  ASSERT_TRUE(onNeedle && beside && bone);
  std::printf("AP grey: needle %d, water beside it %d, bone block %d\n", grayAt(ap.gray, *onNeedle),
              grayAt(ap.gray, *beside), grayAt(ap.gray, *bone));
  EXPECT_LT(grayAt(ap.gray, *onNeedle) + 60, grayAt(ap.gray, *beside));
  EXPECT_LT(grayAt(ap.gray, *bone) + 20, grayAt(ap.gray, *beside));

  // Cement (a fill-time map) in the water at (0, 0, -30): dark there once the time has come.
  auto fill = image::FloatImage::New();
  fill->SetRegions(image::FloatImage::RegionType(itk::Size<3>{{10, 10, 10}}));
  fill->SetSpacing(itk::Vector<double, 3>(2.0));
  itk::Point<double, 3> origin;
  origin[0] = -9;
  origin[1] = -9;
  origin[2] = -39;
  fill->SetOrigin(origin);
  fill->Allocate();
  fill->FillBuffer(5.0f);  // fills at 5 s
  const auto atCement = projection.project({0, 0, -30});
  ASSERT_TRUE(atCement);
  const uint8_t before = grayAt(ap.gray, *atCement);
  const size_t seen = got.count();
  worker.setCement(fill, 1.0);  // not yet filled: the scene change re-renders the known view
  ASSERT_TRUE(waitUntil([&] { return worker.idle() && got.count() > seen; }));
  EXPECT_NEAR(grayAt(got.last().gray, *atCement), before, 12);
  const size_t seen2 = got.count();
  worker.setCementTime(6.0, true);
  ASSERT_TRUE(waitUntil([&] { return worker.idle() && got.count() > seen2; }));
  const auto preview = got.last();
  EXPECT_FALSE(preview.request.full) << "playback re-renders as previews";
  std::printf("AP grey at the cement: %d before, %d after\n", before,
              grayAt(preview.gray, *atCement));
  EXPECT_LT(grayAt(preview.gray, *atCement) + 60, before) << "20 mm of barium cement";
}

TEST(DrrWorker, TheLatestRequestOfAViewReplacesThoseNotStarted) {
  Collected got;
  ui::DrrWorker worker([&](ui::DrrWorker::Image image) {
    std::lock_guard lock(got.mutex);
    got.images.push_back(std::move(image));
  });
  worker.setCase(waterCube());
  fluoro::CArm carm;
  for (int a = 0; a <= 60; ++a) {
    carm.angles.laoDeg = a;
    worker.request({1, carm, false});
  }
  ASSERT_TRUE(waitUntil([&] { return worker.idle(); }));
  // 61 requests posted at once: the worker renders the first it finds and then the last.
  EXPECT_LE(got.count(), 3u);
  EXPECT_EQ(got.last().request.carm.angles.laoDeg, 60.0);
  EXPECT_FALSE(got.last().request.full);
  worker.forgetView(1);
  const size_t seen = got.count();
  worker.setNeedles({});
  ASSERT_TRUE(waitUntil([&] { return worker.idle(); }));
  EXPECT_EQ(got.count(), seen) << "a forgotten view is not re-rendered";
}
