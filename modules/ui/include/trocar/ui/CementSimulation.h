#pragma once

#include <array>
#include <string>
#include <vector>

#include "trocar/cement/SimulatePlan.h"
#include "trocar/core/Plan.h"
#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::ui {

// The Simulate step with no Qt in it: the user's trial settings, a run over every planned level,
// and what the page, the plot and the views show of it at any moment of the injection.

// The user's trial settings. The stop rules are the plan's (core::StopCriterion): the planned
// volume always ends the injection; the rule may stop it earlier, at a tip pressure, at the first
// visible leak, when cement reaches the posterior quarter of the body, or when it touches both
// endplates.
struct SimulationSettings {
  double volumeMl = 4.0;  // per level, shared by its needles
  core::CementViscosity viscosity = core::CementViscosity::kMedium;
  double startMinAfterMixing = -1;  // negative: the cement class's usual start (its dough time)
  core::StopCriterion stopRule = core::StopCriterion::kPlannedVolume;
  double pressureLimitKpa = core::CementSettings{}.pressureLimitKpa;  // used by kPressureLimit
  bool operator==(const SimulationSettings&) const = default;
};

cement::SimulationOverrides overridesFor(const SimulationSettings& settings);
// The plan's record of the settings, every one of them (a negative start is recorded as the
// class's usual start); what the page does not set (the injection rate) is kept from `planned`.
core::CementSettings cementSettingsFor(const SimulationSettings& settings,
                                       const core::CementSettings& planned);
// The settings a plan's level records: the page starts from them.
SimulationSettings settingsFromPlan(const core::CementSettings& planned);

// A finished run: every level of the plan that has needles, each from injection start (t = 0),
// as if the levels were injected side by side (one clock for the playback).
struct CementSimulation {
  SimulationSettings settings;
  core::Plan plan;  // as simulated: the run is stale once the needles or levels differ
  std::vector<cement::LevelSimulation> levels;
  // All levels' fill times on one axis-aligned grid around the cement (-1: no cement), for the
  // slice and 3D overlays; null when no cement was placed.
  image::FloatImage::Pointer fillTimeS;
  double durationS = 0;  // the longest level's
};

// Runs the cement model on each planned level with needles, in plan order. Progress is shared
// evenly between the levels; cancelling stops at the model's next check.
core::Result<CementSimulation> simulateCement(const image::CtVolume& volume,
                                              const segment::SpineAnatomy& anatomy,
                                              const core::Plan& plan,
                                              const SimulationSettings& settings,
                                              const core::Progress& progress = {});

// True when the needles or levels of `current` differ from those simulated.
bool isStale(const CementSimulation& simulation, const core::Plan& current);

// The levels' fill-time maps resampled (nearest voxel) onto one grid with identity direction and
// `spacingMm`, spanning the cement with a margin of two voxels; the earliest time where levels
// overlap; -1 where no cement comes. Null when no result holds cement.
image::FloatImage::Pointer mergeFillTimes(const std::vector<const cement::CementResult*>& results,
                                          double spacingMm = 0.5);

// The injection at one moment, summed over the levels (each at its latest frame not after t).
struct CementSnapshot {
  double timeS = 0;
  double injectedMl = 0, retainedMl = 0, leakedMl = 0;
  std::array<double, cement::kLeakDestinationCount> leakedByDestinationMl{};
  double maxPressureKpa = 0;  // the highest needle tip pressure
};
CementSnapshot snapshotAt(const CementSimulation& simulation, double timeS);

// The moments the playback steps through: every frame time of every level, sorted, unique.
std::vector<double> playbackTimes(const CementSimulation& simulation);

// One curve of the pressure/volume plot.
struct PlotSeries {
  std::string name;  // "L3-left (kPa)", "Injected (mL)"
  std::vector<double> timeS, value;
};
// Tip pressure of each needle (kPa) and the total injected volume (mL) over time.
std::vector<PlotSeries> pressureSeries(const CementSimulation& simulation);
PlotSeries injectedSeries(const CementSimulation& simulation);

// Leak warnings in words, worst first: visible leaks (above what fluoroscopy shows, 0.05 mL)
// by level and destination, the canal and foramina marked as dangerous; traces below that; and
// an injection stopped early by its stop rule. Empty when nothing leaked and the volume went in.
struct CementWarning {
  bool serious = false;  // a visible leak
  std::string text;
};
std::vector<CementWarning> leakWarnings(const CementSimulation& simulation);

// Below this, leaked cement is not seen on fluoroscopy (cement::StopRule's default threshold).
inline constexpr double kVisibleLeakMl = 0.05;

}  // namespace trocar::ui
