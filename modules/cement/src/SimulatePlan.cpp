#include "trocar/cement/SimulatePlan.h"

#include "trocar/cement/DarcyFrontModel.h"
#include "trocar/core/NeedleGauges.h"
#include "trocar/segment/Levels.h"

namespace trocar::cement {

core::Result<InjectionRequest> requestForLevel(const core::Plan& plan, const std::string& levelName,
                                               const SimulationOverrides& o) {
  const core::PlannedLevel* level = plan.findLevel(levelName);
  if (!level) return core::Error{levelName, "the plan has no such level"};
  std::vector<const core::Needle*> needles;
  for (const core::Needle& n : plan.needles)
    if (n.level == levelName) needles.push_back(&n);
  if (needles.empty()) return core::Error{levelName, "the plan has no needle at this level"};

  const core::CementSettings& c = level->cement;
  InjectionRequest r;
  const core::CementViscosity viscosity = o.viscosity.value_or(c.viscosity);
  r.rheology = rheologyOf(viscosity);
  // The plan's start belongs to the plan's class: another class without a start of its own
  // starts at its own dough time (-1), as the Simulate page moves the start with the class.
  r.startMinAfterMixing = o.startMinAfterMixing.value_or(viscosity == c.viscosity ? c.startMinAfterMixing : -1);
  r.frameIntervalMl = o.frameIntervalMl;
  const double rate = o.rateMlPerMin.value_or(c.injectionRateMlPerMin);
  for (const core::Needle* n : needles) r.sources.push_back({n->id, n->targetMm, rate / double(needles.size())});
  r.stop.volumeMl = o.volumeMl.value_or(c.volumeMl);
  const core::StopCriterion stop = o.stopCriterion.value_or(c.stopCriterion);
  // A given limit applies whatever the criterion; the plan's own only under its pressure rule.
  r.stop.pressureLimitKpa =
      o.pressureLimitKpa.value_or(stop == core::StopCriterion::kPressureLimit ? c.pressureLimitKpa : 0);
  switch (stop) {
    case core::StopCriterion::kPlannedVolume: break;
    case core::StopCriterion::kPressureLimit: break;  // the limit above
    case core::StopCriterion::kPosteriorWall: r.stop.stopAtPosteriorQuarter = true; break;
    case core::StopCriterion::kLeakage: r.stop.stopOnLeak = true; break;
    case core::StopCriterion::kEndplate: r.stop.stopAtBothEndplates = true; break;
  }
  return r;
}

core::Result<LevelSimulation> simulateLevel(const image::CtVolume& volume, const segment::SpineAnatomy& anatomy,
                                            const core::Plan& plan, const std::string& levelName,
                                            const SimulationOverrides& overrides, const DomainOptions& domainOptions,
                                            const CementModel* model, const core::Progress& progress) {
  auto request = requestForLevel(plan, levelName, overrides);
  if (!request) return request.error();
  const int label = segment::levelFromName(levelName);
  if (label == 0) return core::Error{levelName, "not a vertebra level name"};
  std::vector<NeedleShaft> shafts;
  for (const core::Needle& n : plan.needles)
    if (n.level == levelName) shafts.push_back({n.boneEntryMm, n.targetMm, core::outerDiameterMm(n.gauge).value_or(3.0) / 2});
  auto domain = buildInjectionDomain(volume, anatomy, label, shafts, domainOptions);
  if (!domain) return domain.error();
  std::unique_ptr<CementModel> fallback;
  if (!model) {
    fallback = makeDarcyFrontModel();
    model = fallback.get();
  }
  auto result = model->simulate(domain.value(), request.value(), progress);
  if (!result) return core::Error{levelName, result.error().message()};
  return LevelSimulation{levelName, std::move(domain).value(), std::move(request).value(), std::move(result).value()};
}

}  // namespace trocar::cement
