#pragma once

#include <vector>

#include "WorkGrid.h"
#include "trocar/image/CtVolume.h"

namespace trocar::segment::detail {

// Carries working-grid label maps onto the input grid. Inside a label the nearest working voxel
// decides; at its border the input's own HU decides (bone or not), so fine inputs keep their
// sharper edges. `levelOf` maps working labels to output labels.
struct NativeMaps {
  image::LabelImage::Pointer levels, parts;
};
NativeMaps mapToInput(const image::CtImage& ct, const Volume<uint8_t>& segments, const std::vector<int>& levelOf,
                      const Volume<uint8_t>& parts, float boneHu);

}  // namespace trocar::segment::detail
