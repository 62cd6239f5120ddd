#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/dicom/SeriesScanner.h"
#include "trocar/image/CtVolume.h"

namespace trocar::dicom {

struct LoadOptions {
  int threads = 0;  // 0: all hardware threads
  // Refuse volumes larger than this before allocating (a broken header can claim 65535^3):
  // 4e9 voxels is 8 GB of int16, beyond any clinical CT (1024 x 1024 x 3000 is 3.1e9).
  size_t maxVoxels = 4'000'000'000;
  // No CT reconstructs slices wider than this; larger Rows/Columns mean a broken header.
  unsigned maxSliceDimension = 8192;
  // Repair irregular stacks by resampling onto a uniform orthogonal grid (and say so in warnings).
  bool resampleIrregular = true;
};

// Decodes a stack into one preallocated int16 HU volume in LPS, slices decoded in parallel.
core::Result<image::CtVolume> loadStack(const SeriesStack& stack, const LoadOptions& options = {},
                                        const core::Progress& progress = {});

// Scans `path` and loads the stack whose id or Series Instance UID is `series`, or the largest
// non-localizer stack when none is given. Scan problems become warnings on the volume.
core::Result<image::CtVolume> loadDicom(const std::filesystem::path& path,
                                        const std::optional<std::string>& series = std::nullopt,
                                        const LoadOptions& options = {},
                                        const core::Progress& progress = {});

}  // namespace trocar::dicom
