#include "trocar/ui/CementSimulation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "trocar/cement/CementImages.h"

namespace trocar::ui {

core::CementSettings cementSettingsFor(const SimulationSettings& s,
                                       const core::CementSettings& planned) {
  core::CementSettings c = planned;
  c.volumeMl = s.volumeMl;
  c.viscosity = s.viscosity;
  c.startMinAfterMixing = s.startMinAfterMixing >= 0 ? s.startMinAfterMixing
                                                     : core::usualStartMinAfterMixing(s.viscosity);
  c.stopCriterion = s.stopRule;
  c.pressureLimitKpa = s.pressureLimitKpa;
  return c;
}

SimulationSettings settingsFromPlan(const core::CementSettings& planned) {
  SimulationSettings s;
  s.volumeMl = planned.volumeMl;
  s.viscosity = planned.viscosity;
  s.startMinAfterMixing = planned.startMinAfterMixing;
  s.stopRule = planned.stopCriterion;
  s.pressureLimitKpa = planned.pressureLimitKpa;
  return s;
}

cement::SimulationOverrides overridesFor(const SimulationSettings& s) {
  cement::SimulationOverrides o;
  o.volumeMl = s.volumeMl;
  o.viscosity = s.viscosity;
  if (s.startMinAfterMixing >= 0) o.startMinAfterMixing = s.startMinAfterMixing;
  o.stopCriterion = s.stopRule;
  if (s.stopRule == core::StopCriterion::kPressureLimit) o.pressureLimitKpa = s.pressureLimitKpa;
  return o;
}

core::Result<CementSimulation> simulateCement(const image::CtVolume& volume,
                                              const segment::SpineAnatomy& anatomy,
                                              const core::Plan& plan,
                                              const SimulationSettings& settings,
                                              const core::Progress& progress) {
  std::vector<std::string> levels;
  for (const auto& level : plan.levels) {
    const bool hasNeedle =
        std::any_of(plan.needles.begin(), plan.needles.end(),
                    [&](const core::Needle& n) { return n.level == level.name; });
    if (hasNeedle) levels.push_back(level.name);
  }
  if (levels.empty())
    return core::Error{"simulate", "the plan has no level with a needle to inject through"};
  CementSimulation out;
  out.settings = settings;
  out.plan = plan;
  const cement::SimulationOverrides overrides = overridesFor(settings);
  for (size_t i = 0; i < levels.size(); ++i) {
    const double share = 1.0 / static_cast<double>(levels.size());
    auto level = cement::simulateLevel(
        volume, anatomy, plan, levels[i], overrides, {}, nullptr,
        progress.sub(static_cast<double>(i) * share, static_cast<double>(i + 1) * share));
    if (!level) return level.error();
    out.durationS = std::max(out.durationS, level->result.durationS);
    out.levels.push_back(std::move(level).value());
  }
  std::vector<const cement::CementResult*> results;
  for (const auto& l : out.levels) results.push_back(&l.result);
  out.fillTimeS = mergeFillTimes(results);
  progress.report(1.0, "cement simulated");
  return out;
}

bool isStale(const CementSimulation& simulation, const core::Plan& current) {
  // The assessment is derived from the geometry, so comparing whole needles is comparing
  // trajectories, gauges and levels.
  return simulation.plan.needles != current.needles || simulation.plan.levels != current.levels;
}

image::FloatImage::Pointer mergeFillTimes(const std::vector<const cement::CementResult*>& results,
                                          double spacingMm) {
  // The box (LPS) of every voxel that holds cement.
  core::Vec3 lo{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                std::numeric_limits<double>::max()};
  core::Vec3 hi = -lo;
  bool any = false;
  for (const auto* r : results) {
    for (size_t n = 0; n < r->fillTimeS.size(); ++n) {
      if (r->fillTimeS[n] < 0) continue;
      const auto [i, j, k] = r->grid.ijk(n);
      const core::Vec3 p = r->grid.pointMm(i, j, k);
      for (int a = 0; a < 3; ++a) {
        lo[a] = std::min(lo[a], p[a]);
        hi[a] = std::max(hi[a], p[a]);
      }
      any = true;
    }
  }
  if (!any) return nullptr;
  // Two voxels of margin beyond the cement, plus the reach of a source voxel's half-diagonal.
  const double margin = 2 * spacingMm + results.front()->grid.spacingMm;
  auto image = image::FloatImage::New();
  image::FloatImage::SizeType size;
  image::FloatImage::PointType origin;
  image::FloatImage::SpacingType spacing;
  for (int a = 0; a < 3; ++a) {
    origin[a] = lo[a] - margin;
    size[a] = static_cast<size_t>(std::ceil((hi[a] - lo[a] + 2 * margin) / spacingMm)) + 1;
    spacing[a] = spacingMm;
  }
  image->SetRegions(image::FloatImage::RegionType(size));
  image->SetOrigin(origin);
  image->SetSpacing(spacing);
  image->Allocate();
  image->FillBuffer(-1.0f);
  float* out = image->GetBufferPointer();
  for (size_t k = 0; k < size[2]; ++k)
    for (size_t j = 0; j < size[1]; ++j)
      for (size_t i = 0; i < size[0]; ++i) {
        const core::Vec3 p{origin[0] + static_cast<double>(i) * spacingMm,
                           origin[1] + static_cast<double>(j) * spacingMm,
                           origin[2] + static_cast<double>(k) * spacingMm};
        float best = -1;
        for (const auto* r : results) {
          const core::Vec3 c = r->grid.continuousIndex(p);
          const int ci = static_cast<int>(std::lround(c.x)),
                    cj = static_cast<int>(std::lround(c.y)),
                    ck = static_cast<int>(std::lround(c.z));
          if (!r->grid.inside(ci, cj, ck)) continue;
          const float t = r->fillTimeS[r->grid.index(ci, cj, ck)];
          if (t >= 0 && (best < 0 || t < best)) best = t;
        }
        out[(k * size[1] + j) * size[0] + i] = best;
      }
  return image;
}

namespace {

// The level's latest frame at or before t; null before its first frame.
const cement::CementFrame* frameAt(const cement::CementResult& r, double timeS) {
  const cement::CementFrame* found = nullptr;
  for (const auto& f : r.frames) {
    if (f.timeS > timeS + 1e-9) break;
    found = &f;
  }
  return found;
}

}  // namespace

CementSnapshot snapshotAt(const CementSimulation& simulation, double timeS) {
  CementSnapshot s;
  s.timeS = timeS;
  for (const auto& level : simulation.levels) {
    const cement::CementFrame* f = frameAt(level.result, timeS);
    if (!f) continue;
    s.injectedMl += f->injectedMl;
    s.retainedMl += f->retainedMl;
    s.leakedMl += f->leakedMl;
    for (size_t d = 0; d < s.leakedByDestinationMl.size(); ++d)
      s.leakedByDestinationMl[d] += f->leakedByDestinationMl[d];
    for (double p : f->pressureKpa) s.maxPressureKpa = std::max(s.maxPressureKpa, p);
  }
  return s;
}

std::vector<double> playbackTimes(const CementSimulation& simulation) {
  std::vector<double> times{0.0};
  for (const auto& level : simulation.levels)
    for (const auto& f : level.result.frames) times.push_back(f.timeS);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end(),
                          [](double a, double b) { return std::abs(a - b) < 1e-6; }),
              times.end());
  return times;
}

std::vector<PlotSeries> pressureSeries(const CementSimulation& simulation) {
  std::vector<PlotSeries> series;
  for (const auto& level : simulation.levels) {
    const auto& sources = level.request.sources;
    for (size_t s = 0; s < sources.size(); ++s) {
      PlotSeries p;
      p.name = sources[s].needleId + " (kPa)";
      for (const auto& f : level.result.frames) {
        if (s >= f.pressureKpa.size()) continue;
        p.timeS.push_back(f.timeS);
        p.value.push_back(f.pressureKpa[s]);
      }
      series.push_back(std::move(p));
    }
  }
  return series;
}

PlotSeries injectedSeries(const CementSimulation& simulation) {
  PlotSeries p;
  p.name = "Injected (mL)";
  for (double t : playbackTimes(simulation)) {
    p.timeS.push_back(t);
    p.value.push_back(snapshotAt(simulation, t).injectedMl);
  }
  return p;
}

std::vector<CementWarning> leakWarnings(const CementSimulation& simulation) {
  std::vector<CementWarning> serious, minor;
  char text[256];
  for (const auto& level : simulation.levels) {
    const auto& r = level.result;
    for (int d = 0; d < cement::kLeakDestinationCount; ++d) {
      const auto destination = static_cast<cement::LeakDestination>(d);
      const double ml = r.leakedByDestinationMl[static_cast<size_t>(d)];
      if (ml <= 1e-3) continue;
      const bool dangerous = destination == cement::LeakDestination::kCanal ||
                             destination == cement::LeakDestination::kForamen;
      if (ml >= kVisibleLeakMl) {
        std::snprintf(text, sizeof text, "%s%s: %.2f mL leaks to the %s",
                      dangerous ? "DANGER " : "", level.level.c_str(), ml,
                      cement::toString(destination).c_str());
        serious.push_back({true, text});
      } else {
        std::snprintf(text, sizeof text,
                      "%s: a trace of %.3f mL reaches the %s (below the %.2f mL fluoroscopy shows)",
                      level.level.c_str(), ml, cement::toString(destination).c_str(),
                      kVisibleLeakMl);
        minor.push_back({false, text});
      }
    }
    if (r.stopReason != cement::StopReason::kVolumeReached) {
      std::snprintf(text, sizeof text, "%s: injection stopped at %.2f of %.2f mL (%s)",
                    level.level.c_str(), r.injectedMl, level.request.stop.volumeMl,
                    cement::toString(r.stopReason).c_str());
      minor.push_back({false, text});
    }
  }
  // Dangerous destinations first among the serious ones (their text starts with DANGER).
  std::stable_sort(serious.begin(), serious.end(), [](const auto& a, const auto& b) {
    return a.text.rfind("DANGER", 0) == 0 && b.text.rfind("DANGER", 0) != 0;
  });
  serious.insert(serious.end(), minor.begin(), minor.end());
  return serious;
}

}  // namespace trocar::ui
