// Cement simulation speed against the budget: 5 mL on a 0.5 mm grid around one lumbar
// vertebra in under 1 s on 2 cores (aim 0.3 s). Prints the grid size, the time per mL of the
// simulation itself and of building the domain from the CT and labels (measured in the same run).
#include <benchmark/benchmark.h>

#include <chrono>

#include "BenchMain.h"
#include "trocar/cement/BuildDomain.h"
#include "trocar/cement/DarcyFrontModel.h"
#include "trocar/phantom/Rasterize.h"
#include "trocar/phantom/SpinePhantom.h"

using namespace trocar;

namespace {

struct Case {
  image::CtVolume volume;
  segment::SpineAnatomy anatomy;
  core::Vec3 leftTip, rightTip;
};

// L2-L4 phantom at 1 mm with noise, its exact labels standing in for a segmentation.
const Case& lumbar() {
  static const Case c = [] {
    phantom::PhantomSpec spec;
    spec.firstLevel = phantom::level::kL2;
    spec.lastLevel = phantom::level::kL4;
    spec.sacrum = spec.ribs = spec.lungs = false;
    const phantom::SpinePhantom ph(spec);
    phantom::RasterOptions options;
    options.noise.sigmaHu = 40;
    auto images = phantom::rasterize(ph, phantom::gridAroundSpine(ph, {1, 1, 1}, false, 25), options);
    Case out;
    out.volume = phantom::toCtVolume(images, ph);
    out.anatomy.levels = images.levels;
    out.anatomy.parts = images.parts;
    uint8_t* parts = images.parts->GetBufferPointer();
    for (size_t i = 0, n = images.parts->GetPixelContainer()->Size(); i < n; ++i)
      parts[i] = parts[i] == 10 ? 1 : (parts[i] == 9 ? 5 : (parts[i] > 5 ? 0 : parts[i]));  // lesion, cord, rest
    const auto* l = ph.landmarksOf(phantom::level::kL3);
    segment::VertebraAnatomy v;
    v.label = l->label;
    v.name = l->name;
    v.frame.originMm = l->frame.originMm;
    v.frame.left = l->frame.lr;
    v.frame.anterior = -l->frame.ap;
    v.frame.superior = l->frame.si;
    out.anatomy.vertebrae.push_back(v);
    // Bipedicular tips: anterior third, 7 mm either side of the midline.
    out.leftTip = v.frame.toWorld({7, 6, 0});
    out.rightTip = v.frame.toWorld({-7, 6, 0});
    return out;
  }();
  return c;
}

void BM_Cement5MlBipedicular(benchmark::State& state) {
  const Case& c = lumbar();
  const double volumeMl = 5.0;
  const auto start = std::chrono::steady_clock::now();
  auto domain = cement::buildInjectionDomain(c.volume, c.anatomy, phantom::level::kL3);
  const double domainS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!domain) {
    state.SkipWithError(domain.error().message().c_str());
    return;
  }
  cement::InjectionRequest request;
  request.sources = {{"left", c.leftTip, 1.0}, {"right", c.rightTip, 1.0}};
  request.rheology = cement::rheologyOf(core::CementViscosity::kMedium);
  request.stop.volumeMl = volumeMl;
  const auto model = cement::makeDarcyFrontModel();
  double massError = 0;
  for (auto _ : state) {
    auto result = model->simulate(domain.value(), request);
    if (!result) {
      state.SkipWithError(result.error().message().c_str());
      return;
    }
    massError = std::abs(result->last().simulatedMl - result->last().injectedMl);
    benchmark::DoNotOptimize(result);
  }
  const auto& g = domain->grid;
  state.counters["grid_voxels"] = double(g.voxelCount());
  state.counters["grid_i"] = g.size[0];
  state.counters["grid_j"] = g.size[1];
  state.counters["grid_k"] = g.size[2];
  state.counters["spacing_mm"] = g.spacingMm;
  state.counters["s_per_mL"] = benchmark::Counter(volumeMl, benchmark::Counter::kIsIterationInvariantRate |
                                                                benchmark::Counter::kInvert);
  state.counters["domain_s_per_mL"] = domainS / volumeMl;
  state.counters["mass_error_mL"] = massError;
}
BENCHMARK(BM_Cement5MlBipedicular)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

}  // namespace

int main(int argc, char** argv) { return trocar::bench::runBenchmarks(argc, argv); }
