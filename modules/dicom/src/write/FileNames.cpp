#include "FileNames.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <set>

namespace trocar::dicom::writer {

std::vector<std::string> sliceFileNames(size_t count, FileNaming naming, uint64_t seed,
                                        const std::string& prefix) {
  std::vector<std::string> names(count);
  std::mt19937_64 random(seed);
  char buffer[40];
  if (naming == FileNaming::kRandom) {
    std::set<std::string> used;
    for (std::string& name : names) {
      do {
        std::snprintf(buffer, sizeof buffer, "%016llX", static_cast<unsigned long long>(random()));
        name = buffer;
      } while (!used.insert(name).second);
    }
    return names;
  }
  std::vector<size_t> number(count);
  std::iota(number.begin(), number.end(), size_t{1});
  // The standard shuffle's algorithm is fixed, but uniform_int_distribution's is not; a plain
  // Fisher-Yates on the raw generator keeps names identical across standard libraries.
  if (naming == FileNaming::kShuffled)
    for (size_t i = count; i > 1; --i) std::swap(number[i - 1], number[random() % i]);
  for (size_t i = 0; i < count; ++i) {
    std::snprintf(buffer, sizeof buffer, "%06zu.dcm", number[i]);
    names[i] = prefix + buffer;
  }
  return names;
}

}  // namespace trocar::dicom::writer
