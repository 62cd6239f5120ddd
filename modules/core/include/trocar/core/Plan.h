#pragma once

#include <array>
#include <string>
#include <vector>

#include "trocar/core/CArmAngles.h"
#include "trocar/core/Vec3.h"

namespace trocar::core {

// The vertebroplasty plan: the one saveable object of a case. The UI edits it, renderers and the
// cement and fluoroscopy stages read it. A plain value: every field explicit, compared with ==.
// Points are patient LPS millimetres; angles degrees. The file format is in PlanJson.h.

// How a needle reaches the body: through the pedicle, or beside it (thoracic levels whose
// pedicles are too narrow: between the pedicle's lateral wall and the rib head,
// "intercostovertebral").
enum class NeedleApproach { kTranspedicular, kParapedicular };
// One needle whose tip crosses to the midline, or one needle per pedicle.
enum class LevelStrategy { kUnipedicular, kBipedicular };
enum class BodySide { kLeft, kRight };  // patient left is +x in LPS
enum class Verdict { kSafe, kCaution, kUnsafe };
enum class CementViscosity { kLow, kMedium, kHigh };
// When the operator stops injecting (the planned volume always ends it): at the planned volume,
// when cement reaches the posterior quarter of the body, at the first visible leak, when it
// touches both endplates, or when the needle tip pressure exceeds the plan's pressure limit.
// The Simulate page offers exactly these.
enum class StopCriterion { kPlannedVolume, kPosteriorWall, kLeakage, kEndplate, kPressureLimit };

// Minutes after mixing when injection of a class usually starts: the cement's dough time (the
// cement module's rheology starts there unless a plan says otherwise).
constexpr double usualStartMinAfterMixing(CementViscosity v) {
  return v == CementViscosity::kLow ? 5.0 : v == CementViscosity::kMedium ? 4.0 : 3.0;
}

std::string toString(NeedleApproach v);
std::string toString(LevelStrategy v);
std::string toString(BodySide v);
std::string toString(Verdict v);
std::string toString(CementViscosity v);
std::string toString(StopCriterion v);

// The voxel grid a plan was made on, as ITK holds it: point(i,j,k) = origin + direction *
// (i*spacing.x, j*spacing.y, k*spacing.z); direction columns are the i, j, k axes.
struct VolumeGeometry {
  std::array<int, 3> sizeVoxels{0, 0, 0};
  Vec3 originMm;
  Vec3 spacingMm{1, 1, 1};
  std::array<double, 9> directionColumns{1, 0, 0, 0, 1, 0, 0, 0, 1};  // column-major
  bool operator==(const VolumeGeometry&) const = default;

  // True when the point lies within the volume's voxels (half a voxel beyond the outer centres)
  // widened by toleranceMm.
  bool contains(const Vec3& pointMm, double toleranceMm = 0) const;
};

// Which scan the plan belongs to: the UIDs name it, the checksum proves the voxels are the same.
struct CaseReference {
  std::string studyInstanceUid, seriesInstanceUid;
  std::string volumeChecksum;  // "fnv1a64:<16 hex digits>" of the HU voxels and the geometry
  VolumeGeometry geometry;
  bool operator==(const CaseReference&) const = default;
};

// The cement run a level is planned (and was last simulated) with.
struct CementSettings {
  double volumeMl = 4.0;
  CementViscosity viscosity = CementViscosity::kHigh;  // high viscosity leaks least
  double injectionRateMlPerMin = 1.0;
  StopCriterion stopCriterion = StopCriterion::kPosteriorWall;
  // When injection starts; the default is the default class's dough time. Whoever changes the
  // class should move this with it (the Simulate page and the cement module's overrides do).
  double startMinAfterMixing = usualStartMinAfterMixing(CementViscosity::kHigh);
  // The needle tip pressure that stops the injection under StopCriterion::kPressureLimit (the
  // other criteria do not use it; it is kept so that choosing the rule again finds it).
  double pressureLimitKpa = 150;
  bool operator==(const CementSettings&) const = default;
};

struct PlannedLevel {
  std::string name;  // "L2", "T11"
  LevelStrategy strategy = LevelStrategy::kBipedicular;
  CementSettings cement;
  bool operator==(const PlannedLevel&) const = default;
};

// The four views an operator sets the C-arm to for one needle (core::CArmAngles convention).
struct NeedleViews {
  CArmAngles trueAp;         // endplates parallel, spinous process midway between the pedicles
  CArmAngles trueLateral;    // the body's left-right axis along the beam
  CArmAngles downTheBarrel;  // the beam along the needle: it projects to a point
  CArmAngles enFacePedicle;  // the beam along the pedicle axis: the pedicle as a ring
  // CArmAngles itself has no ==: compared field by field here.
  bool operator==(const NeedleViews& o) const {
    const auto same = [](const CArmAngles& a, const CArmAngles& b) {
      return a.laoDeg == b.laoDeg && a.cranialDeg == b.cranialDeg;
    };
    return same(trueAp, o.trueAp) && same(trueLateral, o.trueLateral) &&
           same(downTheBarrel, o.downTheBarrel) && same(enFacePedicle, o.enFacePedicle);
  }
};

// What the safety analysis measured for one needle. Margins are from the needle's surface (its
// radius subtracted), positive when clear of the structure, negative when the needle enters it.
struct NeedleMetrics {
  double transverseAngleDeg = 0;    // in the vertebra's axial plane; + towards the midline
  double sagittalAngleDeg = 0;      // in the vertebra's sagittal plane; + tip heading caudal
  double transversePatientDeg = 0;  // the same in the patient's axial and sagittal planes
  double sagittalPatientDeg = 0;
  double skinToTargetMm = 0;
  double boneToTargetMm = 0;
  double canalMarginMm = 0;
  double pedicleWallMarginMm = 0;  // nearest pedicle wall in any direction
  double medialWallMarginMm = 0;
  double lateralWallMarginMm = 0;
  double superiorWallMarginMm = 0;
  double inferiorWallMarginMm = 0;
  double foramenMarginMm = 0;
  double superiorEndplateMarginMm = 0;
  double inferiorEndplateMarginMm = 0;
  double anteriorCortexMarginMm = 0;  // from the tip, along the needle
  double lungPathMm = 0;              // length of the path through lung or other air
  double boneBeforeEntryMm = 0;       // bone crossed between the skin and the bone entry
  double spareLengthMm = 0;           // needle length left outside the skin
  bool operator==(const NeedleMetrics&) const = default;
};

struct NeedleAssessment {
  Verdict verdict = Verdict::kSafe;
  std::vector<std::string> reasons;  // every reason for caution or unsafe, worst first
  NeedleMetrics metrics;
  bool operator==(const NeedleAssessment&) const = default;
};

struct Needle {
  std::string id;     // "L2-left"
  std::string level;  // a PlannedLevel name
  NeedleApproach approach = NeedleApproach::kTranspedicular;
  BodySide side = BodySide::kLeft;
  int gauge = 11;  // 10, 11, 13 or 15 (see NeedleGauges.h)
  double lengthMm = 125;
  Vec3 skinEntryMm, boneEntryMm, targetMm;
  NeedleViews views;
  NeedleAssessment assessment;  // derived: recomputed by the plan module after every edit
  bool operator==(const Needle&) const = default;
};

// Who approved the plan for the procedure, and when. Empty until approved; the workstation
// clears it when the approved trajectories, levels or cement settings change afterwards, so an
// approval always covers the plan as it stands (notes and author are not part of what it attests).
struct PlanApproval {
  std::string approvedBy;
  std::string approvedUtc;  // ISO 8601
  bool approved() const { return !approvedBy.empty(); }
  bool operator==(const PlanApproval&) const = default;
};

struct Plan {
  static constexpr int kSchemaVersion = 2;
  CaseReference caseReference;
  std::vector<PlannedLevel> levels;
  std::vector<Needle> needles;
  std::string notes;
  std::string author;
  std::string createdUtc, modifiedUtc;  // ISO 8601, "2026-11-24T10:00:00Z"
  PlanApproval approval;
  bool operator==(const Plan&) const = default;

  const PlannedLevel* findLevel(const std::string& name) const;
};

// The current time as ISO 8601 UTC, for createdUtc / modifiedUtc.
std::string nowUtcIso8601();

}  // namespace trocar::core
