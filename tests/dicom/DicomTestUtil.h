#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "trocar/image/CtVolume.h"

namespace trocar::dicomtest {

// All voxels of a volume, in buffer order.
std::vector<int16_t> voxels(const image::CtVolume& volume);

struct Difference {
  int maxAbs = 0;
  double rms = 0;
};
Difference compare(const std::vector<int16_t>& a, const std::vector<int16_t>& b);

// Joins warnings for test failure messages and substring checks.
std::string joined(const std::vector<std::string>& lines);
bool mentions(const std::vector<std::string>& lines, const std::string& text);

}  // namespace trocar::dicomtest
