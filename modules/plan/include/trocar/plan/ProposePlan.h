#pragma once

#include <string>
#include <vector>

#include "trocar/core/Plan.h"
#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/plan/AssessNeedle.h"
#include "trocar/plan/PlanningCase.h"

namespace trocar::plan {

struct ProposalRequest {
  std::vector<int> levels;  // VerSe labels
  core::LevelStrategy strategy = core::LevelStrategy::kBipedicular;
  // Unipedicular: the side to use; when autoSide, the side whose path keeps the larger margins.
  core::BodySide side = core::BodySide::kLeft;
  bool autoSide = true;
  int gauge = 11;
  double lengthMm =
      0;  // 0: the shortest catalogued length that leaves spareLengthCautionMm outside
  // Thoracic pedicles narrower than the needle plus twice this go parapedicular.
  double pedicleMarginMm = 1.0;
  std::string author, notes;
  SafetyThresholds thresholds;
};

// One needle for one pedicle of one level: bone entry in the pedicle's upper outer quadrant,
// through the isthmus centre, tip in the anterior third of the body (across to the midline for a
// unipedicular needle, in the same half for a bipedicular one), skin entry on the body contour.
// The isthmus point and the target are searched within those limits for the largest margins.
// Thoracic pedicles too narrow for the needle get a parapedicular path along the pedicle's
// lateral wall. The needle comes back assessed and with its C-arm views.
core::Result<core::Needle> proposeNeedle(const PlanningCase& planningCase, int level,
                                         core::BodySide side, core::LevelStrategy strategy,
                                         const ProposalRequest& request);

// A plan with every requested level: bipedicular gives two needles per level, unipedicular one.
core::Result<core::Plan> proposePlan(const PlanningCase& planningCase,
                                     const ProposalRequest& request,
                                     const core::Progress& progress = {});

// After an edit (a moved point, another gauge): the assessment and views again.
core::Result<core::Needle> reassessNeedle(const PlanningCase& planningCase, core::Needle needle,
                                          const SafetyThresholds& thresholds = {});

}  // namespace trocar::plan
