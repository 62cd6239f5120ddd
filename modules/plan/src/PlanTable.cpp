#include "trocar/plan/PlanTable.h"

#include <cstdio>

#include "trocar/plan/AssessNeedle.h"

namespace trocar::plan {

namespace {
std::string margin(double mm) {
  if (mm >= kNotApplicableMm) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", mm);
  return buf;
}
std::string angles(const core::CArmAngles& a) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%.0f %s%.0f", a.laoDeg >= 0 ? "LAO" : "RAO", std::abs(a.laoDeg),
                a.cranialDeg >= 0 ? "CRA" : "CAU", std::abs(a.cranialDeg));
  return buf;
}
}  // namespace

std::string formatPlanTable(const core::Plan& plan) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "%-9s %-5s %-3s %-6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s  %-8s %-13s "
                "%-13s %-13s %-13s\n",
                "needle", "appr", "G", "length", "trans", "sag", "skin", "bone", "canal", "pedWl",
                "medWl", "infWl", "foram", "supEP", "infEP", "antCx", "verdict", "true AP",
                "lateral", "barrel", "en face");
  out += line;
  for (const auto& n : plan.needles) {
    const auto& m = n.assessment.metrics;
    std::snprintf(
        line, sizeof line,
        "%-9s %-5s %-3d %-6.0f %6.1f %6.1f %6.1f %6.1f %6s %6s %6s %6s %6s %6s %6s %5s  %-8s %-13s "
        "%-13s %-13s %-13s\n",
        n.id.c_str(), n.approach == core::NeedleApproach::kTranspedicular ? "TP" : "PP", n.gauge,
        n.lengthMm, m.transverseAngleDeg, m.sagittalAngleDeg, m.skinToTargetMm, m.boneToTargetMm,
        margin(m.canalMarginMm).c_str(), margin(m.pedicleWallMarginMm).c_str(),
        margin(m.medialWallMarginMm).c_str(), margin(m.inferiorWallMarginMm).c_str(),
        margin(m.foramenMarginMm).c_str(), margin(m.superiorEndplateMarginMm).c_str(),
        margin(m.inferiorEndplateMarginMm).c_str(), margin(m.anteriorCortexMarginMm).c_str(),
        core::toString(n.assessment.verdict).c_str(), angles(n.views.trueAp).c_str(),
        angles(n.views.trueLateral).c_str(), angles(n.views.downTheBarrel).c_str(),
        angles(n.views.enFacePedicle).c_str());
    out += line;
    for (const auto& r : n.assessment.reasons) out += "          - " + r + "\n";
  }
  out +=
      "angles in degrees (trans: + towards the midline; sag: + caudal), lengths and margins in mm "
      "from the needle's surface\n";
  return out;
}

}  // namespace trocar::plan
