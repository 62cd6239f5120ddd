#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trocar/dicom/SeriesWriter.h"

namespace trocar::dicom::writer {

// File names for `count` slices in slice order, following the naming scheme. Shuffled and random
// names come from a seeded generator: the same seed gives the same names, so tests reproduce.
std::vector<std::string> sliceFileNames(size_t count, FileNaming naming, uint64_t seed,
                                        const std::string& prefix);

}  // namespace trocar::dicom::writer
