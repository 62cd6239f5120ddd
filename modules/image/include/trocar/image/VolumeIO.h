#pragma once

#include <filesystem>

#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"

namespace trocar::image {

// Reads NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) and MetaImage (.mha, .mhd) through ITK IO.
// ITK converts NIfTI's RAS+ header to LPS, so the result is in the same frame as DICOM.
// Voxels outside int16 are clamped and reported in warnings.
core::Result<CtVolume> readVolume(const std::filesystem::path& path);
core::Result<LabelImage::Pointer> readLabels(const std::filesystem::path& path);

// Writes atomically (a temporary file in the same folder, then rename) so that a crash never
// leaves a half-written volume under the final name. The format follows the extension.
core::Result<std::filesystem::path> writeVolume(const CtImage* image,
                                                const std::filesystem::path& path);
core::Result<std::filesystem::path> writeLabels(const LabelImage* image,
                                                const std::filesystem::path& path);

// True for the extensions above.
bool isVolumeFile(const std::filesystem::path& path);

}  // namespace trocar::image
