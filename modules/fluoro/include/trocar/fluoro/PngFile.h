#pragma once

#include <filesystem>

#include "trocar/core/Result.h"
#include "trocar/fluoro/Display.h"

namespace trocar::fluoro {

// 8-bit PNG files through ITK's PNG IO (set explicitly: no factory registration needed).
core::Result<std::filesystem::path> writePng(const GrayImage& image,
                                             const std::filesystem::path& path);
core::Result<std::filesystem::path> writePng(const RgbImage& image,
                                             const std::filesystem::path& path);

}  // namespace trocar::fluoro
