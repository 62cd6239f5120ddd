#pragma once

#include "WorkGrid.h"

namespace trocar::segment::detail {

struct BoneThresholds {
  float boneHu = 150;          // cortex and healthy cancellous bone
  float marrowHu = 120;        // cancellous bone at its densest
  float lowFillMinMeanHu = 40; // marrow enclosed in two planes may be this thin (osteoporosis)
  float fillMinMeanHu = 90;    // an enclosed hole this dense is marrow (the canal is CSF and fat)
  double fillMaxAreaMm2 = 2000;
  double alwaysFillAreaMm2 = 40;  // tiny holes are noise whatever their density
  float metalHu = 2500;
  float edgeHu = 150;          // on the input grid, a label's border voxel is kept above this
};

// Vertebral tissue: bone above the threshold plus the marrow it encloses in each axial slice,
// so that an osteoporotic body is solid while the spinal canal (a hole of CSF) stays open.
Volume<uint8_t> boneTissue(const Volume<float>& hu, const BoneThresholds& t = {});

}  // namespace trocar::segment::detail
