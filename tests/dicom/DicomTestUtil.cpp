#include "DicomTestUtil.h"

#include <cmath>
#include <cstdlib>

namespace trocar::dicomtest {

std::vector<int16_t> voxels(const image::CtVolume& volume) {
  const auto* p = volume.hu->GetBufferPointer();
  return {p, p + volume.hu->GetLargestPossibleRegion().GetNumberOfPixels()};
}

Difference compare(const std::vector<int16_t>& a, const std::vector<int16_t>& b) {
  Difference d;
  if (a.size() != b.size()) return {1 << 20, 1e9};
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const int diff = std::abs(int(a[i]) - int(b[i]));
    d.maxAbs = std::max(d.maxAbs, diff);
    sum += double(diff) * diff;
  }
  d.rms = a.empty() ? 0 : std::sqrt(sum / a.size());
  return d;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "\n  " + l;
  return s;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace trocar::dicomtest
