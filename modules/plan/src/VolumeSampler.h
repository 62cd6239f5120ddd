#pragma once

#include <cmath>
#include <cstdint>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::plan::detail {

// Point queries on an ITK image's buffer in LPS mm: no ITK interpolator objects, so a query costs
// a matrix product and eight loads.
template <typename Pixel>
class VolumeSampler {
 public:
  VolumeSampler() = default;
  explicit VolumeSampler(const itk::Image<Pixel, 3>* image) {
    if (!image) return;
    buffer_ = image->GetBufferPointer();
    const auto size = image->GetLargestPossibleRegion().GetSize();
    for (int a = 0; a < 3; ++a) size_[a] = int(size[a]);
    const auto& d = image->GetDirection();
    const auto& s = image->GetSpacing();
    core::Mat3 m;
    for (int c = 0; c < 3; ++c) m.col[c] = core::Vec3{d[0][c], d[1][c], d[2][c]} * s[c];
    toIndex_ = m.inverse();
    origin_ = {image->GetOrigin()[0], image->GetOrigin()[1], image->GetOrigin()[2]};
  }

  bool valid() const { return buffer_ != nullptr; }
  core::Vec3 continuousIndex(const core::Vec3& pointMm) const {
    return toIndex_ * (pointMm - origin_);
  }
  bool inside(const core::Vec3& pointMm) const {
    const core::Vec3 c = continuousIndex(pointMm);
    for (int a = 0; a < 3; ++a)
      if (c[a] < -0.5 || c[a] > size_[a] - 0.5) return false;
    return true;
  }
  Pixel at(int i, int j, int k) const { return buffer_[(size_t(k) * size_[1] + j) * size_[0] + i]; }
  const int* size() const { return size_; }

  // Nearest voxel's value; `outside` beyond the volume.
  Pixel nearest(const core::Vec3& pointMm, Pixel outside) const {
    const core::Vec3 c = continuousIndex(pointMm);
    const int i = int(std::lround(c.x)), j = int(std::lround(c.y)), k = int(std::lround(c.z));
    if (i < 0 || j < 0 || k < 0 || i >= size_[0] || j >= size_[1] || k >= size_[2]) return outside;
    return at(i, j, k);
  }

  // Trilinear interpolation of f(pixel) (a value or an indicator); voxels beyond the volume
  // count as f(outside).
  template <typename F>
  double interpolate(const core::Vec3& pointMm, F f, Pixel outside) const {
    const core::Vec3 c = continuousIndex(pointMm);
    const int i0 = int(std::floor(c.x)), j0 = int(std::floor(c.y)), k0 = int(std::floor(c.z));
    const double tx = c.x - i0, ty = c.y - j0, tz = c.z - k0;
    double sum = 0;
    for (int dz = 0; dz < 2; ++dz)
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          const int i = i0 + dx, j = j0 + dy, k = k0 + dz;
          const bool in =
              i >= 0 && j >= 0 && k >= 0 && i < size_[0] && j < size_[1] && k < size_[2];
          const double w = (dx ? tx : 1 - tx) * (dy ? ty : 1 - ty) * (dz ? tz : 1 - tz);
          sum += w * double(f(in ? at(i, j, k) : outside));
        }
    return sum;
  }
  double linear(const core::Vec3& pointMm, Pixel outside) const {
    return interpolate(
        pointMm, [](Pixel p) { return double(p); }, outside);
  }

 private:
  const Pixel* buffer_ = nullptr;
  int size_[3] = {0, 0, 0};
  core::Mat3 toIndex_;
  core::Vec3 origin_;
};

}  // namespace trocar::plan::detail
