#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trocar/core/Plan.h"
#include "trocar/report/KeyImage.h"
#include "trocar/report/Measure.h"

namespace trocar::report {

// The content of a vertebroplasty plan report, independent of how it is printed: what the PDF
// writer lays out and what the tests check. Made by buildReport (BuildReport.h).

// Who and which scan. Empty fields were not recorded by the source (NIfTI volumes carry none).
struct PatientHeader {
  std::string patientName, patientId, birthDate, sex;
  std::string age;  // "63 years", or an age band "60-69 years" when de-identified
  std::string studyDate, studyDescription, seriesDescription, modality, institution;
  std::string studyInstanceUid, seriesInstanceUid, volumeChecksum;
  std::string scanGeometry;  // "512 × 512 × 120 voxels of 0.78 × 0.78 × 3.00 mm"
  bool deidentified = false;
};

// The vertebra as segmentation measured it, when the anatomy is at hand.
struct VertebraSummary {
  Measure heightLoss;         // %
  int genantGrade = 0;        // 0 normal .. 3 severe
  Measure bodyVolume;         // mL
  Measure cancellousDensity;  // HU
  bool partial = false;
  std::vector<std::string> warnings;
};

struct NeedleReport {
  std::string id, level;
  std::string approach, side;  // "transpedicular", "left"
  Measure gauge;               // "11 G"
  Measure outerDiameter, needleLength, spareLength;
  Measure transverseAngle, sagittalAngle;  // in the vertebra's planes: + medial, + caudal
  Measure skinToTarget, boneToTarget;
  Measure canalMargin, medialWallMargin, inferiorWallMargin;
  Measure superiorEndplateMargin, inferiorEndplateMargin, anteriorCortexMargin;
  core::Verdict verdict = core::Verdict::kSafe;
  std::vector<std::string> reasons;
  std::string trueAp, trueLateral, downTheBarrel, enFacePedicle;  // "LAO 2.0°, CRAN 5.5°"
};

struct CementSummary {
  std::string level;
  std::string model, stopReason;
  Measure injected, retained, leaked;        // mL
  Measure bodyFill;                          // % of the body reached
  Measure bodyVolume;                        // mL
  Measure injectedToBody;                    // % : injected / body volume
  Measure superiorContact, inferiorContact;  // mm² of endplate under cement
  bool touchesSuperiorEndplate = false, touchesInferiorEndplate = false;
  Measure duration;                                                   // s
  std::vector<std::pair<std::string, Measure>> leaksByDestination;    // every destination, mL
  std::vector<std::pair<std::string, Measure>> peakPressureByNeedle;  // kPa
};

struct LevelReport {
  std::string name;                      // "L3"
  std::string strategy;                  // "bipedicular"
  Measure plannedVolume, injectionRate;  // mL, mL/min
  Measure startAfterMixing;              // min
  Measure pressureLimit;  // kPa; not applicable unless the stop criterion is the pressure limit
  std::string viscosity, stopCriterion;
  core::Verdict worstVerdict = core::Verdict::kSafe;
  std::optional<VertebraSummary> vertebra;
  std::vector<NeedleReport> needles;
  std::optional<CementSummary> cement;
};

struct ApprovalBlock {
  std::string plannedBy, planCreatedUtc, planModifiedUtc;
  std::string reportBy, reportCreatedUtc;
  // The plan's recorded approval (core::PlanApproval); empty when the plan was not approved.
  std::string approvedBy, approvedUtc;
  std::string statement;  // what the signature attests
  std::vector<std::string>
      fields;  // blank lines to sign: "Approved by", "Signature", "Date and time"
};

struct ReportContent {
  std::string title;
  PatientHeader patient;
  std::string notes;  // the plan's free text; dropped when de-identified (it may name the patient)
  std::vector<std::string> caseNotes;  // level numbering confidence, segmentation warnings
  std::vector<LevelReport> levels;
  std::vector<KeyImage> images;
  std::vector<OmittedImage> omittedImages;
  ApprovalBlock approval;
  std::string disclaimer;

  const LevelReport* findLevel(const std::string& name) const;
  const NeedleReport* findNeedle(const std::string& id) const;
};

}  // namespace trocar::report
