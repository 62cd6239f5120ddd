#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "trocar/core/Result.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment {

// The per-level anatomy as JSON (label maps are written separately as images). Points and axes
// are LPS millimetres, heights mm, volumes mL.
nlohmann::json anatomyToJson(const SpineAnatomy& anatomy);
core::Result<std::filesystem::path> writeAnatomyJson(const SpineAnatomy& anatomy,
                                                     const std::filesystem::path& path);

}  // namespace trocar::segment
