#include "KnownPlan.h"

#include "trocar/cement/InjectionDomain.h"

namespace trocar::reporttest {

core::Plan knownPlan() {
  core::Plan plan;
  plan.caseReference.studyInstanceUid = "1.2.826.0.1.3680043.2.1125.1";
  plan.caseReference.seriesInstanceUid = "1.2.826.0.1.3680043.2.1125.2";
  plan.caseReference.volumeChecksum = "fnv1a64:0123456789abcdef";
  plan.caseReference.geometry.sizeVoxels = {512, 512, 120};
  plan.caseReference.geometry.spacingMm = {0.78, 0.78, 3.0};
  plan.author = "Dr Planner";
  plan.notes = "Jane Doe, fall at home";
  plan.createdUtc = "2026-11-20T09:00:00Z";
  plan.modifiedUtc = "2026-11-21T10:30:00Z";

  core::PlannedLevel l3{"L3", core::LevelStrategy::kBipedicular, {}};
  l3.cement.volumeMl = 4.0;
  l3.cement.viscosity = core::CementViscosity::kHigh;
  l3.cement.injectionRateMlPerMin = 1.0;
  core::PlannedLevel l4{"L4", core::LevelStrategy::kUnipedicular, {}};
  l4.cement.volumeMl = 3.5;
  l4.cement.viscosity = core::CementViscosity::kMedium;
  l4.cement.startMinAfterMixing = 4.5;
  l4.cement.stopCriterion = core::StopCriterion::kPressureLimit;
  l4.cement.pressureLimitKpa = 180;
  plan.levels = {l3, l4};

  core::Needle left;
  left.id = "L3-left";
  left.level = "L3";
  left.side = core::BodySide::kLeft;
  left.gauge = 11;
  left.lengthMm = 125;
  left.skinEntryMm = {60, 80, 10};
  left.boneEntryMm = {25, 30, 5};
  left.targetMm = {5, -10, 0};
  left.views.trueAp = {2.0, 5.5};
  left.views.trueLateral = {90.0, 5.5};
  left.views.downTheBarrel = {-14.2, -8.1};
  left.views.enFacePedicle = {-12.5, 4.0};
  auto& m = left.assessment.metrics;
  m.transverseAngleDeg = 14.2;
  m.sagittalAngleDeg = 8.1;
  m.skinToTargetMm = 88.4;
  m.boneToTargetMm = 42.0;
  m.canalMarginMm = 4.3;
  m.medialWallMarginMm = 1.7;
  m.inferiorWallMarginMm = 2.2;
  m.superiorEndplateMarginMm = 6.0;
  m.inferiorEndplateMarginMm = 7.5;
  m.anteriorCortexMarginMm = 5.1;
  m.spareLengthMm = 36.6;
  left.assessment.verdict = core::Verdict::kSafe;

  core::Needle right = left;
  right.id = "L3-right";
  right.side = core::BodySide::kRight;
  right.skinEntryMm = {-60, 80, 10};
  right.boneEntryMm = {-25, 30, 5};
  right.targetMm = {-5, -10, 0};
  right.views.enFacePedicle = {12.5, 4.0};
  right.assessment.metrics.canalMarginMm = -0.8;
  right.assessment.metrics.transverseAngleDeg = 21.7;
  right.assessment.verdict = core::Verdict::kUnsafe;
  right.assessment.reasons = {
      "the needle enters the spinal canal by 0.8 mm",
      "medial pedicle wall margin 0.4 mm is below the 1.0 mm caution threshold"};

  core::Needle para = left;
  para.id = "L4-left";
  para.level = "L4";
  para.approach = core::NeedleApproach::kParapedicular;
  para.gauge = 13;
  para.lengthMm = 150;
  para.targetMm = {0, -10, -35};
  para.assessment.metrics.medialWallMarginMm = 999;
  para.assessment.metrics.inferiorWallMarginMm = 999;
  para.assessment.verdict = core::Verdict::kCaution;
  para.assessment.reasons = {"anterior cortex margin 2.4 mm is below 3.0 mm"};

  plan.needles = {left, right, para};
  return plan;
}

image::SeriesMetadata knownMetadata() {
  image::SeriesMetadata meta;
  // Move-assigned temporaries: GCC 12 at -O3 misreads plain literal assignment to these members
  // as an overlapping copy (a false -Wrestrict).
  meta.patientName = std::string("DOE^JANE");
  meta.patientId = std::string("PID-998877");
  meta.patientBirthDate = std::string("19600312");
  meta.patientSex = std::string("F");
  meta.studyDate = std::string("20261101");
  meta.studyDescription = std::string("CT LUMBAR SPINE");
  meta.modality = std::string("CT");
  meta.institutionName = std::string("General Hospital");
  return meta;
}

cement::CementResult knownCementResult() {
  cement::CementResult r;
  r.model = "Darcy front";
  r.injectedMl = 4.0;
  r.retainedMl = 3.7;
  r.leakedMl = 0.3;
  r.leakedByDestinationMl[size_t(cement::LeakDestination::kParavertebral)] = 0.3;
  r.bodyFillFraction = 0.42;
  r.bodyVolumeMl = 40;
  r.touchesSuperiorEndplate = true;
  r.superiorContactMm2 = 35;
  r.inferiorContactMm2 = 1.5;
  r.durationS = 240;
  r.stopReason = cement::StopReason::kVolumeReached;
  r.sources = {{"L3-left", 2.0, 180, 90}, {"L3-right", 2.0, 210, 95}};
  return r;
}

}  // namespace trocar::reporttest
