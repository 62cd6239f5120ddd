#pragma once

#include <filesystem>
#include <string_view>

#include "trocar/core/Result.h"

namespace trocar::core {

// Writes `content` to a temporary file beside `path`, fsyncs it, renames it over `path` and
// fsyncs the folder: readers see the old file or the whole new one, never a partial write.
Result<std::filesystem::path> writeFileAtomically(const std::filesystem::path& path,
                                                  std::string_view content);

}  // namespace trocar::core
