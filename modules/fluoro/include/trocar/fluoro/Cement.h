#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/Drr.h"
#include "trocar/fluoro/Materials.h"
#include "trocar/image/CtVolume.h"

namespace trocar::fluoro {

// One voxel of the attenuation grid that cement reaches, and when.
struct CementVoxel {
  int i = 0, j = 0, k = 0;
  double fillTimeS = 0;
};

// The attenuation-grid voxels inside a cement mask (label > 0). The mask may be on any grid: it
// is sampled (nearest voxel) at each attenuation voxel centre.
std::vector<CementVoxel> cementVoxels(const AttenuationVolume& volume,
                                      const image::LabelImage& mask);
// The same from a fill-time map: seconds from the start of injection at which each voxel fills;
// negative: never (cement::fillTimeImage writes -1 there). Not for masks: their 0 is a time.
std::vector<CementVoxel> cementVoxels(const AttenuationVolume& volume,
                                      const image::FloatImage& fillTimeS);

// Cement replaces the tissue of its voxels by its own attenuation (barium-loaded PMMA); returns
// how many voxels changed.
std::size_t applyCement(AttenuationVolume& volume, std::span<const CementVoxel> voxels,
                        double muPerMm = materials::kMuBariumCementPerMm);

// Fluoroscopy frames of a cement injection: one DRR per time in `timesS`, with the voxels filled
// by then. The volume is changed while the frames are made and restored before returning.
std::vector<Drr> renderFillSequence(AttenuationVolume& volume, const CArm& carm,
                                    std::span<const NeedleModel> needles,
                                    std::span<const CementVoxel> voxels,
                                    std::span<const double> timesS, const DrrOptions& options = {});

}  // namespace trocar::fluoro
