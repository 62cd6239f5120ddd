#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trocar/cement/BuildDomain.h"
#include "trocar/cement/CementModel.h"
#include "trocar/core/Plan.h"
#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::cement {

// What the user changes from the plan's cement settings for a trial run ("try 6 mL of high").
struct SimulationOverrides {
  std::optional<double> volumeMl;
  std::optional<core::CementViscosity> viscosity;
  std::optional<double> rateMlPerMin;          // total over the level's needles
  std::optional<double> startMinAfterMixing;
  std::optional<double> pressureLimitKpa;
  std::optional<core::StopCriterion> stopCriterion;
  double frameIntervalMl = 0.1;
};

// The request for one planned level: its needles' tips (the plan's targets), the level's rate
// split evenly between them, its cement class, start after mixing and volume, and its stop
// criterion:
//   planned-volume -> volume only; posterior-wall -> stop at the posterior quarter of the body;
//   leakage -> stop on the first leak; endplate -> stop when both endplates are touched;
//   pressure-limit -> stop when a tip pressure exceeds the level's pressure limit.
// Overrides win; an overriding class with no overriding start starts at its own dough time; an
// overriding pressure limit applies under any criterion.
core::Result<InjectionRequest> requestForLevel(const core::Plan& plan, const std::string& levelName,
                                               const SimulationOverrides& overrides = {});

struct LevelSimulation {
  std::string level;
  InjectionDomain domain;
  InjectionRequest request;
  CementResult result;
};

// One planned level, end to end: its domain around the vertebra (with the needles' shafts
// closed), the request from the plan, the model's run. `model` defaults to the Darcy front model.
// To try several volumes or cements on one level, keep the returned domain and call
// model->simulate(domain, request) with edited requests: the domain is most of the cost.
core::Result<LevelSimulation> simulateLevel(const image::CtVolume& volume, const segment::SpineAnatomy& anatomy,
                                            const core::Plan& plan, const std::string& levelName,
                                            const SimulationOverrides& overrides = {},
                                            const DomainOptions& domainOptions = {}, const CementModel* model = nullptr,
                                            const core::Progress& progress = {});

}  // namespace trocar::cement
