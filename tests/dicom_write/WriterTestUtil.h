#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "trocar/image/CtVolume.h"

namespace trocar::testwrite {

// A small CT with awkward geometry (oblique direction, unequal spacings, odd sizes) and values
// that exercise the whole range asked for: [minHu, maxHu], deterministic.
image::CtImage::Pointer makeTestImage(int columns, int rows, int slices, int minHu, int maxHu);

// Reads a folder as ITK does with GDCM (the reference reader): the first series found.
image::CtImage::Pointer readWithGdcm(const std::filesystem::path& folder, std::string& error);

// One attribute of a file's data set (or meta header for group 0002) as text; "<absent>" when
// missing. Tag as "gggg,eeee".
std::string dicomValue(const std::filesystem::path& file, const std::string& tag);

}  // namespace trocar::testwrite
