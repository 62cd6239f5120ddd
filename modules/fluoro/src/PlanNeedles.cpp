#include "trocar/fluoro/PlanNeedles.h"

#include "trocar/core/NeedleGauges.h"
#include "trocar/fluoro/CArm.h"

namespace trocar::fluoro {

NeedleModel needleFromPlan(const core::Needle& planned) {
  NeedleModel n;
  n.tipMm = planned.targetMm;
  n.hubMm = planned.targetMm +
            core::normalized(planned.skinEntryMm - planned.targetMm) * planned.lengthMm;
  n.outerDiameterMm = core::outerDiameterMm(planned.gauge).value_or(n.outerDiameterMm);
  return n;
}

std::vector<NeedleModel> needlesFromPlan(const core::Plan& plan) {
  std::vector<NeedleModel> out;
  for (const auto& n : plan.needles) out.push_back(needleFromPlan(n));
  return out;
}

core::CArmAngles barrelAnglesOf(const core::Needle& planned) {
  const core::CArmAngles& a = planned.views.downTheBarrel;
  if (a.laoDeg != 0 || a.cranialDeg != 0) return a;
  return barrelAngles(planned.targetMm, planned.skinEntryMm);
}

}  // namespace trocar::fluoro
