#include "trocar/report/BuildReport.h"

#include <cstdio>

#include "trocar/core/NeedleGauges.h"
#include "trocar/plan/AssessNeedle.h"
#include "trocar/report/Deidentify.h"

namespace trocar::report {
namespace {

// The plan module writes kNotApplicableMm into margins that do not apply.
Measure margin(double mm) {
  return mm >= plan::kNotApplicableMm ? notApplicable("mm") : millimetres(mm);
}

int severity(core::Verdict v) {
  return v == core::Verdict::kSafe ? 0 : (v == core::Verdict::kCaution ? 1 : 2);
}

NeedleReport needleReport(const core::Needle& n) {
  const auto& m = n.assessment.metrics;
  NeedleReport r;
  r.id = n.id;
  r.level = n.level;
  r.approach = core::toString(n.approach);
  r.side = core::toString(n.side);
  r.gauge = {double(n.gauge), "G", 0};
  const auto diameter = core::outerDiameterMm(n.gauge);
  r.outerDiameter = diameter ? millimetres(*diameter, 2) : notApplicable("mm");
  r.needleLength = millimetres(n.lengthMm, 0);
  r.spareLength = millimetres(m.spareLengthMm);
  r.transverseAngle = degrees(m.transverseAngleDeg);
  r.sagittalAngle = degrees(m.sagittalAngleDeg);
  r.skinToTarget = millimetres(m.skinToTargetMm);
  r.boneToTarget = millimetres(m.boneToTargetMm);
  r.canalMargin = margin(m.canalMarginMm);
  r.medialWallMargin = margin(m.medialWallMarginMm);
  r.inferiorWallMargin = margin(m.inferiorWallMarginMm);
  r.superiorEndplateMargin = margin(m.superiorEndplateMarginMm);
  r.inferiorEndplateMargin = margin(m.inferiorEndplateMarginMm);
  r.anteriorCortexMargin = margin(m.anteriorCortexMarginMm);
  r.verdict = n.assessment.verdict;
  r.reasons = n.assessment.reasons;
  r.trueAp = core::describe(n.views.trueAp);
  r.trueLateral = core::describe(n.views.trueLateral);
  r.downTheBarrel = core::describe(n.views.downTheBarrel);
  r.enFacePedicle = core::describe(n.views.enFacePedicle);
  return r;
}

VertebraSummary vertebraSummary(const segment::VertebraAnatomy& v) {
  VertebraSummary s;
  s.heightLoss = percent(v.heightLossFraction);
  s.genantGrade = v.genantGrade;
  s.bodyVolume = millilitres(v.bodyVolumeMl, 1);
  s.cancellousDensity = {v.cancellousMeanHu, "HU", 0};
  s.partial = v.partial;
  s.warnings = v.warnings;
  return s;
}

std::string scanGeometry(const core::VolumeGeometry& g) {
  if (g.sizeVoxels[0] == 0) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d × %d × %d voxels of %.2f × %.2f × %.2f mm", g.sizeVoxels[0],
                g.sizeVoxels[1], g.sizeVoxels[2], g.spacingMm.x, g.spacingMm.y, g.spacingMm.z);
  return buf;
}

PatientHeader patientHeader(const core::Plan& plan, const image::SeriesMetadata* meta) {
  PatientHeader h;
  h.studyInstanceUid = plan.caseReference.studyInstanceUid;
  h.seriesInstanceUid = plan.caseReference.seriesInstanceUid;
  h.volumeChecksum = plan.caseReference.volumeChecksum;
  h.scanGeometry = scanGeometry(plan.caseReference.geometry);
  if (meta == nullptr) return h;
  h.patientName = meta->patientName;
  h.patientId = meta->patientId;
  h.birthDate = meta->patientBirthDate;
  h.sex = meta->patientSex;
  h.studyDate = meta->studyDate;
  h.studyDescription = meta->studyDescription;
  h.seriesDescription = meta->seriesDescription;
  h.modality = meta->modality;
  h.institution = meta->institutionName;
  if (h.studyInstanceUid.empty()) h.studyInstanceUid = meta->studyInstanceUid;
  if (h.seriesInstanceUid.empty()) h.seriesInstanceUid = meta->seriesInstanceUid;
  if (const auto years = ageInYears(meta->patientAge, meta->patientBirthDate, meta->studyDate))
    h.age = std::to_string(*years) + " years";
  return h;
}

}  // namespace

std::string reportDisclaimer() {
  return "Planning aid, not a diagnosis. Trajectories, margins, verdicts and cement spread are "
         "computed from the "
         "CT and its automatic segmentation; their accuracy is limited by the scan's voxel size "
         "and by segmentation "
         "errors, and the cement spread is a simulation of a model, not a prediction for this "
         "patient. Level "
         "numbering must be confirmed on the images. Every needle position must be verified under "
         "fluoroscopy "
         "during the procedure. The plan is valid only for the scan identified by its checksum, "
         "and only after "
         "review and approval by the responsible physician.";
}

ReportContent buildReport(const core::Plan& plan, const ReportSources& sources,
                          const ReportOptions& options) {
  ReportContent r;
  r.title = "Vertebroplasty plan";
  r.patient = patientHeader(plan, sources.metadata);
  if (options.deidentify) {
    const auto years = sources.metadata ? ageInYears(sources.metadata->patientAge,
                                                     sources.metadata->patientBirthDate,
                                                     sources.metadata->studyDate)
                                        : std::nullopt;
    r.patient = deidentified(r.patient, years);
  }
  r.notes = options.deidentify ? "" : plan.notes;

  if (sources.anatomy) {
    char buf[96];
    std::snprintf(buf, sizeof buf,
                  "Level numbering confidence %.0f %%: ", 100 * sources.anatomy->levelConfidence);
    r.caseNotes.push_back(buf + sources.anatomy->levelReasoning);
    for (const auto& w : sources.anatomy->warnings) r.caseNotes.push_back(w);
  }

  for (const auto& planned : plan.levels) {
    LevelReport level;
    level.name = planned.name;
    level.strategy = core::toString(planned.strategy);
    level.plannedVolume = millilitres(planned.cement.volumeMl, 1);
    level.injectionRate = {planned.cement.injectionRateMlPerMin, "mL/min", 1};
    level.viscosity = core::toString(planned.cement.viscosity);
    level.stopCriterion = core::toString(planned.cement.stopCriterion);
    level.startAfterMixing = {planned.cement.startMinAfterMixing, "min", 1};
    level.pressureLimit = planned.cement.stopCriterion == core::StopCriterion::kPressureLimit
                              ? Measure{planned.cement.pressureLimitKpa, "kPa", 0}
                              : notApplicable("kPa");
    for (const auto& n : plan.needles) {
      if (n.level != planned.name) continue;
      level.needles.push_back(needleReport(n));
      if (severity(n.assessment.verdict) > severity(level.worstVerdict))
        level.worstVerdict = n.assessment.verdict;
    }
    if (sources.anatomy)
      for (const auto& v : sources.anatomy->vertebrae)
        if (v.name == planned.name) level.vertebra = vertebraSummary(v);
    for (const auto& c : sources.cement)
      if (c.level == planned.name) level.cement = c;
    r.levels.push_back(std::move(level));
  }

  r.images = sources.images;
  r.omittedImages = sources.omittedImages;

  r.approval.plannedBy = plan.author;
  r.approval.planCreatedUtc = plan.createdUtc;
  r.approval.planModifiedUtc = plan.modifiedUtc;
  r.approval.approvedBy = plan.approval.approvedBy;
  r.approval.approvedUtc = plan.approval.approvedUtc;
  r.approval.reportBy = options.author.empty() ? plan.author : options.author;
  r.approval.reportCreatedUtc =
      options.reportDateUtc.empty() ? core::nowUtcIso8601() : options.reportDateUtc;
  r.approval.statement =
      "I have reviewed the segmentation, the level numbering, every trajectory and its margins, "
      "and approve this plan "
      "for the procedure.";
  r.approval.fields = {"Approved by (name, role)", "Signature", "Date and time"};
  r.disclaimer = reportDisclaimer();
  return r;
}

}  // namespace trocar::report
