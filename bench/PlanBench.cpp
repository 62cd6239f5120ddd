// Re-judging a needle after the operator moves a point: the planning module's fast path (distance
// fields of the vertebra built once, then sampled along the needle) against the reference
// approach (the fields rebuilt from the label maps for every judgement). Prints the ratio.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>

#include "trocar/phantom/Rasterize.h"
#include "trocar/plan/AssessNeedle.h"
#include "trocar/plan/ProposePlan.h"

using namespace trocar;

namespace {

constexpr int kLevel = 22;  // L3

// A lumbar phantom (L1-L5, 1 mm voxels) as the planning stage sees it, and one proposed needle.
struct Setup {
  plan::PlanningCase planning;
  core::Needle needle;
};

const Setup& setup() {
  static const Setup s = [] {
    phantom::PhantomSpec spec;
    spec.firstLevel = 20;
    spec.lastLevel = 24;
    spec.ribs = spec.lungs = false;
    const phantom::SpinePhantom ph(spec);
    phantom::PhantomImages images = phantom::rasterize(ph, phantom::gridAroundSpine(ph, {1, 1, 1}));
    // The phantom's parts use the segmentation's numbers for body, pedicles, posterior elements
    // and canal; cord is canal, lesion is body, the rest is not vertebra.
    uint8_t* parts = images.parts->GetBufferPointer();
    for (size_t i = 0, n = images.parts->GetPixelContainer()->Size(); i < n; ++i) {
      const uint8_t p = parts[i];
      parts[i] = p <= 5 ? p : (p == 9 ? 5 : (p == 10 ? 1 : 0));
    }
    segment::SpineAnatomy anatomy;
    anatomy.levels = images.levels;
    anatomy.parts = images.parts;
    for (const auto& l : ph.landmarks()) {
      segment::VertebraAnatomy v;
      v.label = l.label;
      v.name = l.name;
      v.centroidMm = v.bodyCentroidMm = l.bodyCentroidMm;
      v.frame = {l.frame.originMm, l.frame.lr, -l.frame.ap, l.frame.si};
      v.superiorEndplateCentreMm = l.superiorEndplateCentreMm;
      v.inferiorEndplateCentreMm = l.inferiorEndplateCentreMm;
      anatomy.vertebrae.push_back(v);
    }
    auto planning = plan::PlanningCase::create(phantom::toCtVolume(images, ph), anatomy).value();
    plan::ProposalRequest request;
    auto needle = plan::proposeNeedle(planning, kLevel, core::BodySide::kLeft,
                                      core::LevelStrategy::kBipedicular, request);
    return Setup{planning, needle.value()};
  }();
  return s;
}

// The operator drags the target about by up to a millimetre.
core::Needle moved(const core::Needle& n, int64_t i) {
  core::Needle m = n;
  m.targetMm.x += 0.25 * double(i % 5 - 2);
  m.targetMm.z += 0.25 * double((i / 5) % 5 - 2);
  return m;
}

void BM_ReassessWithPrecomputedFields(benchmark::State& state) {
  const Setup& s = setup();
  const auto fields = s.planning.fields(kLevel).value();
  int64_t i = 0;
  for (auto _ : state) {
    auto a = plan::assessNeedle(s.planning, *fields, moved(s.needle, i++));
    benchmark::DoNotOptimize(a);
  }
}

void BM_ReassessRebuildingFields(benchmark::State& state) {
  const Setup& s = setup();
  int64_t i = 0;
  for (auto _ : state) {
    auto fields = plan::buildVertebraFields(s.planning.anatomy(), kLevel).value();
    auto a = plan::assessNeedle(s.planning, fields, moved(s.needle, i++));
    benchmark::DoNotOptimize(a);
  }
}

void BM_ProposeOneNeedle(benchmark::State& state) {
  const Setup& s = setup();
  plan::ProposalRequest request;
  for (auto _ : state) {
    auto n = plan::proposeNeedle(s.planning, kLevel, core::BodySide::kRight,
                                 core::LevelStrategy::kBipedicular, request);
    benchmark::DoNotOptimize(n);
  }
}

BENCHMARK(BM_ReassessWithPrecomputedFields)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReassessRebuildingFields)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ProposeOneNeedle)->Unit(benchmark::kMillisecond)->Iterations(5);

// Keeps each benchmark's real time per iteration for the ratio printed at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) msPerIteration[r.benchmark_name()] = r.GetAdjustedRealTime();
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> msPerIteration;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  setup();  // the phantom and its first fields are not part of any measurement
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const auto& t = reporter.msPerIteration;
  const auto fast = t.find("BM_ReassessWithPrecomputedFields"),
             slow = t.find("BM_ReassessRebuildingFields/iterations:5");
  if (fast != t.end() && slow != t.end())
    std::printf(
        "re-assessment of a moved point: %.3f ms with precomputed fields, %.1f ms rebuilding them: "
        "%.0fx faster\n",
        fast->second, slow->second, slow->second / fast->second);
  benchmark::Shutdown();
  return 0;
}
