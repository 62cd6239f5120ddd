#pragma once

#include <filesystem>

#include "trocar/cement/CementResult.h"
#include "trocar/core/Result.h"
#include "trocar/cement/InjectionDomain.h"
#include "trocar/image/CtVolume.h"

namespace trocar::cement {

// Labels of the cement mask: where each voxel's cement is.
namespace mask {
inline constexpr uint8_t kNone = 0;
inline constexpr uint8_t kBody = 1;           // in the vertebral body
inline constexpr uint8_t kVertebralBone = 2;  // in a pedicle or the posterior elements
inline constexpr uint8_t kFirstLeak = 3;      // 3 + LeakDestination: 3 canal ... 8 anterior
}  // namespace mask

// The cement as a label image on the simulation grid (origin, spacing and direction set, so it
// overlays the CT in any viewer and in fluoro::cementVoxels).
image::LabelImage::Pointer cementMaskImage(const InjectionDomain& domain, const CementResult& result);
// Seconds from the start of injection at which each voxel filled; -1 where cement never came.
// Its threshold at t is the frame at t (fluoro::renderFillSequence replays it).
image::FloatImage::Pointer fillTimeImage(const CementResult& result);
// Writes the fill-time map as float NIfTI (.nii, .nii.gz), NRRD (.nrrd) or MetaImage (.mha),
// atomically (a temporary file in the same folder, then rename).
core::Result<std::filesystem::path> writeFillTimeImage(const CementResult& result, const std::filesystem::path& path);

}  // namespace trocar::cement
