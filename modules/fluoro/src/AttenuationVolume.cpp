#include "trocar/fluoro/AttenuationVolume.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "ParallelRows.h"
#include "trocar/fluoro/Materials.h"

namespace trocar::fluoro {

namespace {

uint16_t quantise(double muPerMm) {
  const double units = std::nearbyint(muPerMm / AttenuationVolume::kMuPerUnit);
  return static_cast<uint16_t>(std::clamp(units, 0.0, double(AttenuationVolume::kMaxUnits)));
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
  const Layout& l = layouts_[axis];
  return std::size_t(ijk[axis] * l.strideK + (ijk[l.axisA] + 1) * l.strideA +
                     (ijk[l.axisB] + 1) * l.strideB);
}

namespace {
// Strides of a copy padded to an odd number of 64-byte cache lines. With a plain power-of-two-ish
// row (514 elements = 1028 bytes) consecutive slices fall into a quarter of the L1 sets, and a
// bundle of rays marching together evicts its own lines; an odd number of lines per row visits
// every set before repeating.
std::ptrdiff_t oddLines(std::ptrdiff_t elements) {
  constexpr std::ptrdiff_t kPerLine = 64 / sizeof(uint16_t);
  std::ptrdiff_t lines = (elements + kPerLine - 1) / kPerLine;
  if (lines % 2 == 0) ++lines;
  return lines * kPerLine;
}
}  // namespace

void AttenuationVolume::allocate() {
  for (int d = 0; d < 3; ++d)
    if (size_[d] < 2)
      throw std::invalid_argument("attenuation volume needs at least 2 voxels along every axis");
  for (int axis = 0; axis < 3; ++axis) {
    const auto [axisA, axisB] = sliceAxes(axis);
    Layout& l = layouts_[axis];
    l.axis = axis;
    l.axisA = axisA;
    l.axisB = axisB;
    l.count = size_[axis];
    l.countA = size_[axisA];
    l.countB = size_[axisB];
    l.strideA = 1;
    l.strideK = oddLines(std::ptrdiff_t(size_[axisA]) + 2);
    l.strideB = oddLines(std::ptrdiff_t(size_[axis]) * l.strideK);
    // Eight spare elements at the end: vector gathers read 32 bits at the last 16-bit element.
    l.elements = std::size_t(l.strideB) * (std::size_t(size_[axisB]) + 2) + 8;
    copies_[axis].assign(l.elements, 0);
  }
  for (int d = 0; d < 3; ++d) bricks_[d] = (size_[d] + kBrick - 1) / kBrick;
  brickAir_.assign(std::size_t(bricks_[0]) * bricks_[1] * bricks_[2], 0);
  brickMeanUnits_.assign(brickAir_.size(), 0.0f);
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
  const uint16_t old = copies_[0][offset(0, i, j, k)];
  for (int axis = 0; axis < 3; ++axis) copies_[axis][offset(axis, i, j, k)] = q;
  const int bi = i / kBrick, bj = j / kBrick, bk = k / kBrick;
  if (q > kAirUnits) {
    // No longer air: the voxel's brick and its neighbours (whose samples may read it).
    for (int dk = -1; dk <= 1; ++dk)
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
          const int ni = bi + di, nj = bj + dj, nk = bk + dk;
          if (ni < 0 || nj < 0 || nk < 0 || ni >= bricks_[0] || nj >= bricks_[1] ||
              nk >= bricks_[2])
            continue;
          brickAir_[brickIndex(ni, nj, nk)] = 0;
        }
  } else {
    // Still air: keep the brick's mean (what skipping it adds) in step.
    const int voxels = (std::min(kBrick, size_[0] - bi * kBrick)) *
                       (std::min(kBrick, size_[1] - bj * kBrick)) *
                       (std::min(kBrick, size_[2] - bk * kBrick));
    brickMeanUnits_[brickIndex(bi, bj, bk)] += float((double(q) - double(old)) / voxels);
  }
}

void AttenuationVolume::findAirBricks(int threads) {
  // Each brick's own largest value and mean.
  std::vector<uint16_t> brickMax(brickAir_.size(), 0);
  parallelRows(bricks_[2], threads, [&](int bk) {
    std::vector<double> sums(static_cast<std::size_t>(bricks_[0]) * bricks_[1], 0.0);
    const int k1 = std::min(size_[2], (bk + 1) * kBrick);
    for (int k = bk * kBrick; k < k1; ++k)
      for (int j = 0; j < size_[1]; ++j) {
        const uint16_t* row = &copies_[1][offset(1, 0, j, k)];  // along i, stride 1
        for (int i = 0; i < size_[0]; ++i) {
          const std::size_t b = brickIndex(i / kBrick, j / kBrick, bk);
          brickMax[b] = std::max(brickMax[b], row[i]);
          sums[std::size_t(j / kBrick) * bricks_[0] + i / kBrick] += row[i];
        }
      }
    for (int bj = 0; bj < bricks_[1]; ++bj)
      for (int bi = 0; bi < bricks_[0]; ++bi) {
        const int voxels = (std::min(kBrick, size_[0] - bi * kBrick)) *
                           (std::min(kBrick, size_[1] - bj * kBrick)) * (k1 - bk * kBrick);
        brickMeanUnits_[brickIndex(bi, bj, bk)] =
            float(sums[std::size_t(bj) * bricks_[0] + bi] / voxels);
      }
  });
  // Air only where the brick and the one-voxel shell around it are (a sample reads the voxels
  // either side of it); bricks whose own voxels are not all air need no closer look.
  parallelRows(bricks_[2], threads, [&](int bk) {
    const auto range = [&](int brick, int axis) {
      return std::pair{std::max(0, brick * kBrick - 1),
                       std::min(size_[axis] - 1, (brick + 1) * kBrick)};
    };
    for (int bj = 0; bj < bricks_[1]; ++bj)
      for (int bi = 0; bi < bricks_[0]; ++bi) {
        bool air = brickMax[brickIndex(bi, bj, bk)] <= kAirUnits;
        const auto [i0, i1] = range(bi, 0);
        const auto [j0, j1] = range(bj, 1);
        const auto [k0, k1] = range(bk, 2);
        for (int k = k0; k <= k1 && air; ++k)
          for (int j = j0; j <= j1 && air; ++j) {
            const uint16_t* row = &copies_[1][offset(1, 0, j, k)];
            for (int i = i0; i <= i1; ++i) air = air && row[i] <= kAirUnits;
          }
        brickAir_[brickIndex(bi, bj, bk)] = air ? 1 : 0;
      }
  });
}

AttenuationVolume::Layout AttenuationVolume::layout(int axis) const {
  Layout l = layouts_[axis];
  l.data = copies_[axis].data();
  l.brickAir = brickAir_.data();
  l.brickMeanUnits = brickMeanUnits_.data();
  const std::ptrdiff_t brickStride[3] = {1, bricks_[0], std::ptrdiff_t(bricks_[0]) * bricks_[1]};
  l.bricksK = bricks_[l.axis];
  l.bricksA = bricks_[l.axisA];
  l.bricksB = bricks_[l.axisB];
  l.brickStrideK = brickStride[l.axis];
  l.brickStrideA = brickStride[l.axisA];
  l.brickStrideB = brickStride[l.axisB];
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
  v.findAirBricks(threads);
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
