#pragma once

#include <optional>

#include "trocar/core/Plan.h"
#include "trocar/core/Result.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/plan/VertebraFields.h"

namespace trocar::plan {

// Margins a proposal aims for and a verdict tolerates. A margin below zero is always unsafe (a
// breach); between zero and these values the verdict is "caution", with the reason.
struct SafetyThresholds {
  double pedicleWallCautionMm = 1.0;
  double canalCautionMm = 2.0;
  double foramenCautionMm = 1.0;
  double endplateCautionMm = 2.0;
  double anteriorCortexCautionMm = 3.0;
  double spareLengthCautionMm = 10.0;  // needle left outside the skin to hold and steer it
  double sampleStepMm = 0.5;           // along the needle's axis
};

// Written into margins that do not apply (pedicle walls of a parapedicular needle).
inline constexpr double kNotApplicableMm = 999;

// Metrics, verdict and reasons for a needle (proposed or edited) against precomputed fields of
// its level. Costs a few hundred field lookups and a march through the CT: well under 5 ms.
core::NeedleAssessment assessNeedle(const PlanningCase& planningCase, const VertebraFields& fields,
                                    const core::Needle& needle,
                                    const SafetyThresholds& thresholds = {});
// The same, looking the level's fields up (built on first use).
core::Result<core::NeedleAssessment> assessNeedle(const PlanningCase& planningCase,
                                                  const core::Needle& needle,
                                                  const SafetyThresholds& thresholds = {});

// Where the line from boneEntryMm back against `direction` (unit, into the body) leaves the
// skin; nullopt when the scan ends before the skin.
std::optional<core::Vec3> findSkinEntry(const PlanningCase& planningCase,
                                        const core::Vec3& boneEntryMm, const core::Vec3& direction);

// Transverse (+ towards the midline) and sagittal (+ caudal) angles of a direction in a frame
// given by its left, anterior and superior axes; `left` true for a needle in the left pedicle.
struct NeedleAngles {
  double transverseDeg = 0, sagittalDeg = 0;
};
NeedleAngles needleAngles(const core::Vec3& direction, const core::Vec3& left,
                          const core::Vec3& anterior, const core::Vec3& superior, bool leftSide);

}  // namespace trocar::plan
