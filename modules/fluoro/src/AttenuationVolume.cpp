#include "trocar/fluoro/AttenuationVolume.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ParallelRows.h"
#include "trocar/fluoro/Materials.h"

namespace trocar::fluoro {

namespace {

uint16_t quantise(double muPerMm) {
  const double units = std::nearbyint(muPerMm / AttenuationVolume::kMuPerUnit);
  return static_cast<uint16_t>(std::clamp(units, 0.0, 65535.0));
}

// The other two axes of `axis`, in increasing order.
std::array<int, 2> sliceAxes(int axis) {
  if (axis == 0) return {1, 2};
  if (axis == 1) return {0, 2};
  return {0, 1};
}

}  // namespace

static_assert(AttenuationVolume::kMuPerUnit == materials::kMuWaterPerMm / 2048);

std::size_t AttenuationVolume::offset(int axis, int i, int j, int k) const {
  const int ijk[3] = {i, j, k};
  const auto [axisA, axisB] = sliceAxes(axis);
  const std::size_t paddedA = std::size_t(size_[axisA]) + 2;
  return ((std::size_t(ijk[axisB]) + 1) * std::size_t(size_[axis]) + std::size_t(ijk[axis])) *
             paddedA +
         std::size_t(ijk[axisA]) + 1;
}

void AttenuationVolume::allocate() {
  for (int d = 0; d < 3; ++d)
    if (size_[d] < 2)
      throw std::invalid_argument("attenuation volume needs at least 2 voxels along every axis");
  for (int axis = 0; axis < 3; ++axis) {
    const auto [axisA, axisB] = sliceAxes(axis);
    // Eight spare elements at the end: vector gathers read 32 bits at the last 16-bit element.
    copies_[axis].assign(std::size_t(size_[axis]) * (size_[axisA] + 2) * (size_[axisB] + 2) + 8, 0);
  }
  core::Mat3 scaled =
      core::Mat3::fromColumns(direction_.col[0] * spacingMm_.x, direction_.col[1] * spacingMm_.y,
                              direction_.col[2] * spacingMm_.z);
  indexPerMm_ = scaled.inverse();
}

core::Vec3 AttenuationVolume::pointMm(const core::Vec3& ijk) const {
  return originMm_ +
         direction_ * core::Vec3{ijk.x * spacingMm_.x, ijk.y * spacingMm_.y, ijk.z * spacingMm_.z};
}

void AttenuationVolume::setMuPerMm(int i, int j, int k, double muPerMm) {
  const uint16_t q = quantise(muPerMm);
  for (int axis = 0; axis < 3; ++axis) copies_[axis][offset(axis, i, j, k)] = q;
}

AttenuationVolume::Layout AttenuationVolume::layout(int axis) const {
  const auto [axisA, axisB] = sliceAxes(axis);
  Layout l;
  l.data = copies_[axis].data();
  l.axis = axis;
  l.axisA = axisA;
  l.axisB = axisB;
  l.count = size_[axis];
  l.countA = size_[axisA];
  l.countB = size_[axisB];
  l.strideK = size_[axisA] + 2;
  l.strideA = 1;
  l.strideB = std::ptrdiff_t(size_[axis]) * (size_[axisA] + 2);
  l.elements = copies_[axis].size();
  return l;
}

template <typename ValueAt>
AttenuationVolume AttenuationVolume::build(std::array<int, 3> size, const core::Vec3& originMm,
                                           const core::Vec3& spacingMm, const core::Mat3& direction,
                                           int threads, ValueAt valueAt) {
  AttenuationVolume v;
  v.size_ = size;
  v.originMm_ = originMm;
  v.spacingMm_ = spacingMm;
  v.direction_ = direction;
  v.allocate();
  // Where voxel (i, j, k) lands in each copy: first + i * step[0] + j * step[1] + k * step[2].
  std::array<std::array<std::ptrdiff_t, 3>, 3> step{};
  std::array<std::ptrdiff_t, 3> first{};
  for (int axis = 0; axis < 3; ++axis) {
    const Layout l = v.layout(axis);
    step[axis][l.axis] = l.strideK;
    step[axis][l.axisA] = l.strideA;
    step[axis][l.axisB] = l.strideB;
    first[axis] = l.strideB + l.strideA;  // the zero border before a and b
  }
  // Slices k are independent in all three copies, so threads never write the same element.
  parallelRows(size[2], threads, [&](int k) {
    std::size_t at = std::size_t(k) * size[0] * size[1];
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i, ++at) {
        const uint16_t q = valueAt(at);
        for (int axis = 0; axis < 3; ++axis)
          v.copies_[axis][std::size_t(first[axis] + i * step[axis][0] + j * step[axis][1] +
                                      k * step[axis][2])] = q;
      }
  });
  return v;
}

AttenuationVolume AttenuationVolume::fromMu(std::array<int, 3> size, const core::Vec3& originMm,
                                            const core::Vec3& spacingMm,
                                            const core::Mat3& direction,
                                            const std::vector<float>& muPerMm, int threads) {
  if (muPerMm.size() != std::size_t(size[0]) * size[1] * size[2])
    throw std::invalid_argument("attenuation values do not match the grid size");
  return build(size, originMm, spacingMm, direction, threads,
               [&](std::size_t n) { return quantise(muPerMm[n]); });
}

AttenuationVolume AttenuationVolume::fromCt(const image::CtImage& ct, int threads) {
  const auto region = ct.GetLargestPossibleRegion().GetSize();
  const std::array<int, 3> size = {static_cast<int>(region[0]), static_cast<int>(region[1]),
                                   static_cast<int>(region[2])};
  const auto& dir = ct.GetDirection();
  const core::Mat3 direction =
      core::Mat3::fromColumns({dir[0][0], dir[1][0], dir[2][0]}, {dir[0][1], dir[1][1], dir[2][1]},
                              {dir[0][2], dir[1][2], dir[2][2]});
  // A lookup table over the whole int16 range: one load per voxel, no float copy of the CT.
  std::vector<uint16_t> stored(65536);
  for (int hu = -32768; hu <= 32767; ++hu) stored[std::size_t(hu + 32768)] = quantise(muFromHu(hu));
  const int16_t* hu = ct.GetBufferPointer();
  return build(size, {ct.GetOrigin()[0], ct.GetOrigin()[1], ct.GetOrigin()[2]},
               {ct.GetSpacing()[0], ct.GetSpacing()[1], ct.GetSpacing()[2]}, direction, threads,
               [&](std::size_t n) { return stored[std::size_t(hu[n] + 32768)]; });
}

AttenuationVolume AttenuationVolume::downsampled(int threads) const {
  const std::array<int, 3> half = {(size_[0] + 1) / 2, (size_[1] + 1) / 2, (size_[2] + 1) / 2};
  std::vector<float> mu(static_cast<std::size_t>(half[0]) * half[1] * half[2]);
  parallelRows(half[2], threads, [&](int k) {
    for (int j = 0; j < half[1]; ++j)
      for (int i = 0; i < half[0]; ++i) {
        double sum = 0;
        int n = 0;
        for (int dk = 0; dk < 2; ++dk)
          for (int dj = 0; dj < 2; ++dj)
            for (int di = 0; di < 2; ++di) {
              const int si = 2 * i + di, sj = 2 * j + dj, sk = 2 * k + dk;
              if (si >= size_[0] || sj >= size_[1] || sk >= size_[2]) continue;
              sum += muPerMm(si, sj, sk);
              ++n;
            }
        mu[(std::size_t(k) * half[1] + j) * half[0] + i] = float(sum / n);
      }
  });
  // The new voxel centre is the centre of its 2x2x2 block.
  const core::Vec3 origin = pointMm({0.5, 0.5, 0.5});
  return fromMu(half, origin, spacingMm_ * 2.0, direction_, mu, threads);
}

}  // namespace trocar::fluoro
