#pragma once

#include "WorkGrid.h"

namespace trocar::segment::detail {

struct BoneThresholds {
  float boneHu = 150;          // cortex and healthy cancellous bone
  float marrowHu = 105;        // smoothed density of cancellous bone (discs ~80, muscle ~50)
  float fillMinMeanHu = 90;    // an enclosed hole this dense is marrow (the canal is CSF and fat)
  double fillMaxAreaMm2 = 2000;
  double alwaysFillAreaMm2 = 40;  // tiny holes are noise whatever their density
  float metalHu = 2500;
};

// Vertebral tissue: bone above the threshold plus the marrow it encloses in each axial slice,
// so that an osteoporotic body is solid while the spinal canal (a hole of CSF) stays open.
Volume<uint8_t> boneTissue(const Volume<float>& hu, const BoneThresholds& t = {});

}  // namespace trocar::segment::detail
