#include "RayMarcher.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include <xmmintrin.h>

namespace trocar::fluoro {

namespace {
// Rays are clipped this far (in voxels) inside the padded border so that float rounding of the
// sample position can never step past the last stored voxel.
constexpr double kMarginVoxels = 1e-2;
// Slices per block when a bundle is marched together: what a row of a tile reads in a block stays
// in L1 from one ray to the next. Measured with the voxels of what a thread renders next
// prefetched into L2 (Drr.cpp), alternately, ms wall per full image (AP, lateral, LAO 30 CRAN
// 15), runs of 4 tiles: 128 slices 41.5, 43.7-45.1, 43.7-45.7; 256 44.3-44.8, 48.5-49.0,
// 46.9-47.0; 64, 96, 160, 384 and 512 slower; again 128 best with tiles one by one (192, 96 and
// 256 slower). Without the prefetch, 256 was best: the first ray of a block waited on memory.
constexpr int kSlicesPerBlock = 128;
}  // namespace

RayMarcher::RayMarcher(const AttenuationVolume& volume, const core::Vec3& sourceMm, SimdLevel simd)
    : volume_(volume), sourceIndex_(volume.continuousIndex(sourceMm)) {
  avx2_ = simd != SimdLevel::kPortable && cpuHasAvx2();
  avx512_ = simd == SimdLevel::kBest && cpuHasAvx512();
  for (int axis = 0; axis < 3; ++axis) {
    layouts_[axis] = volume.layout(axis);
    // Gathers index with 32-bit offsets: volumes beyond 2^31 voxels take the portable path.
    if (layouts_[axis].elements >= (std::size_t(1) << 31) - 64) avx2_ = avx512_ = false;
  }
}

double RayMarcher::muNear(const core::Vec3& pointMm) const {
  const core::Vec3 q = volume_.continuousIndex(pointMm);
  int ijk[3];
  for (int d = 0; d < 3; ++d) {
    ijk[d] = static_cast<int>(std::lround(q[d]));
    if (ijk[d] < 0 || ijk[d] >= volume_.size()[d]) return 0;
  }
  return volume_.muPerMm(ijk[0], ijk[1], ijk[2]);
}

RayMarcher::Ray RayMarcher::prepare(const core::Vec3& direction) const {
  const core::Vec3 g = volume_.indexPerMm() * direction;  // voxels per mm along the ray
  const core::Vec3& q0 = sourceIndex_;
  int axis = 0;
  if (std::abs(g.y) > std::abs(g[axis])) axis = 1;
  if (std::abs(g.z) > std::abs(g[axis])) axis = 2;
  const AttenuationVolume::Layout& L = layouts_[axis];
  const auto& size = volume_.size();
  Ray ray;

  // Clip to the box where samples exist: whole slices along the marching axis, the zero border
  // (one voxel beyond the edge) along the two slice axes.
  double tLo = 0, tHi = std::numeric_limits<double>::infinity();
  for (int c = 0; c < 3; ++c) {
    const double lo = c == axis ? 0.0 : -1.0 + kMarginVoxels;
    const double hi = c == axis ? size[c] - 1.0 : size[c] - kMarginVoxels;
    if (std::abs(g[c]) < 1e-12) {
      if (q0[c] < lo || q0[c] > hi) return ray;
      continue;
    }
    double t1 = (lo - q0[c]) / g[c], t2 = (hi - q0[c]) / g[c];
    if (t1 > t2) std::swap(t1, t2);
    tLo = std::max(tLo, t1);
    tHi = std::min(tHi, t2);
  }
  if (!(tHi > tLo)) return ray;

  const double gp = g[axis];
  double k1 = q0[axis] + tLo * gp, k2 = q0[axis] + tHi * gp;
  if (k1 > k2) std::swap(k1, k2);
  const int kStart = std::max(0, static_cast<int>(std::ceil(k1 - 1e-9)));
  const int kEnd = std::min(size[axis] - 1, static_cast<int>(std::floor(k2 + 1e-9)));
  if (kEnd < kStart) return ray;

  // Slice coordinates (padded: +1) at slice kStart, and their change per slice.
  SliceWalk& w = ray.walk;
  w.da = g[L.axisA] / gp;
  w.db = g[L.axisB] / gp;
  w.aStart = q0[L.axisA] + (kStart - q0[axis]) * w.da + 1.0;
  w.bStart = q0[L.axisB] + (kStart - q0[axis]) * w.db + 1.0;
  w.sK = L.strideK;
  w.sB = L.strideB;
  w.base = L.data + kStart * L.strideK;
  ray.axis = axis;
  ray.kStart = kStart;
  ray.count = kEnd - kStart + 1;
  ray.muPerUnitSum = AttenuationVolume::kMuPerUnit / std::abs(gp);
  return ray;
}

void RayMarcher::prefetchPencil(std::span<const core::Vec3, 4> corners) const {
  Ray edge[4];
  int kLo = std::numeric_limits<int>::max(), kHi = std::numeric_limits<int>::min();
  for (int i = 0; i < 4; ++i) {
    edge[i] = prepare(corners[i]);
    if (edge[i].count == 0 || edge[i].axis != edge[0].axis) return;  // rare: left to demand
    kLo = std::min(kLo, edge[i].kStart);
    kHi = std::max(kHi, edge[i].kStart + edge[i].count - 1);
  }
  const AirEnds air = bundleAir(edge, 4, 2, kLo, kHi);
  const AttenuationVolume::Layout& L = layouts_[edge[0].axis];
  constexpr int kPerLine = 64 / sizeof(uint16_t);
  for (int k = air.first; k <= air.last; ++k) {
    // The corner rays bound the others on every slice; a sample reads voxels a, a + 1 of rows
    // b, b + 1 (padded positions, >= 0).
    double aMin = 1e30, aMax = -1e30, bMin = 1e30, bMax = -1e30;
    for (const Ray& r : edge) {
      const double a = r.walk.aStart + (k - r.kStart) * r.walk.da;
      const double b = r.walk.bStart + (k - r.kStart) * r.walk.db;
      aMin = std::min(aMin, a);
      aMax = std::max(aMax, a);
      bMin = std::min(bMin, b);
      bMax = std::max(bMax, b);
    }
    const int a0 = std::max(0, int(aMin)), a1 = std::min(L.countA + 1, int(aMax) + 1);
    const int b0 = std::max(0, int(bMin)), b1 = std::min(L.countB + 1, int(bMax) + 1);
    const uint16_t* slice = L.data + std::ptrdiff_t(k) * L.strideK;
    for (int b = b0; b <= b1; ++b) {
      const uint16_t* row = slice + std::ptrdiff_t(b) * L.strideB;
      // Every line from a0's to a1's: steps of a line, and a1's own.
      for (int a = a0; a < a1; a += kPerLine)
        _mm_prefetch(reinterpret_cast<const char*>(row + a), _MM_HINT_T1);
      _mm_prefetch(reinterpret_cast<const char*>(row + a1), _MM_HINT_T1);
    }
  }
}

double RayMarcher::sum(const Ray& ray, int nBegin, int nEnd) const {
  if (avx512_) return sumSamplesAvx512(ray.walk, nBegin, nEnd);
  if (avx2_) return sumSamplesAvx2(ray.walk, nBegin, nEnd);
  return sumSamplesPortable(ray.walk, nBegin, nEnd);
}

double RayMarcher::integrate(const core::Vec3& direction) const {
  const Ray ray = prepare(direction);
  return ray.count > 0 ? sum(ray, 0, ray.count) * ray.muPerUnitSum : 0.0;
}

RayMarcher::AirEnds RayMarcher::bundleAir(const Ray* rays, int n, int columns, int kLo,
                                          int kHi) const {
  constexpr int B = AttenuationVolume::kBrick;
  AirEnds ends;
  ends.first = kLo;
  ends.last = kHi;
  const int axis = rays[0].axis;
  for (int r = 0; r < n; ++r)
    if (rays[r].axis != axis) return ends;  // straddles two marching axes: no skipping
  const AttenuationVolume::Layout& L = layouts_[axis];
  // The rays through the tile's corners bound the others on every slice (a plane cuts the pencil
  // of rays through a rectangle of pixels in a convex quadrilateral).
  const Ray* corners[4] = {&rays[0], &rays[columns - 1], &rays[n - columns], &rays[n - 1]};
  // Padded positions are >= 0, so truncation is floor: a sample reads unpadded voxels f and
  // f + 1, f = int(padded) - 1 >= -1 (-1 the zero border, counted with the edge brick).
  const auto brick = [](double padded, int count) {
    return std::min(std::max(0, static_cast<int>(padded) - 1) / B, count - 1);
  };
  // Slices k0..k1 (one brick layer): the mean of its brick at the first corner when every brick
  // the samples' bilinear neighbours can fall in is air, else -1.
  const auto airMean = [&](int k0, int k1) -> double {
    double aMin = 1e30, aMax = -1e30, bMin = 1e30, bMax = -1e30;
    for (const Ray* c : corners)
      for (int k : {k0, k1}) {
        const double a = c->walk.aStart + (k - c->kStart) * c->walk.da;
        const double b = c->walk.bStart + (k - c->kStart) * c->walk.db;
        aMin = std::min(aMin, a);
        aMax = std::max(aMax, a);
        bMin = std::min(bMin, b);
        bMax = std::max(bMax, b);
      }
    // Samples within a voxel of the volume's side faces blend in the zero border, so the
    // bricks' means would overstate them: there the rays are marched.
    if (aMin < 1 || bMin < 1 || aMax >= L.countA || bMax >= L.countB) return -1;
    const int aLo = brick(aMin, L.bricksA), aHi = brick(aMax, L.bricksA);
    const int bLo = brick(bMin, L.bricksB), bHi = brick(bMax, L.bricksB);
    const std::ptrdiff_t layer = std::ptrdiff_t(k0 / B) * L.brickStrideK;
    for (int bb = bLo; bb <= bHi; ++bb)
      for (int aa = aLo; aa <= aHi; ++aa)
        if (!L.brickAir[layer + aa * L.brickStrideA + bb * L.brickStrideB]) return -1;
    return L.brickMeanUnits[layer + aLo * L.brickStrideA + bLo * L.brickStrideB];
  };
  double frontUnits = 0, backUnits = 0;
  int first = kLo, last = kHi;
  while (first <= last) {
    const int end = std::min(last, (first / B + 1) * B - 1);
    const double mean = airMean(first, end);
    if (mean < 0) break;
    frontUnits += mean * (end - first + 1);
    first = end + 1;
  }
  while (first <= last) {
    const int begin = std::max(first, last / B * B);
    const double mean = airMean(begin, last);
    if (mean < 0) break;
    backUnits += mean * (last - begin + 1);
    last = begin - 1;
  }
  ends.first = first;
  ends.last = last;
  if (first > kLo) ends.frontMeanUnits = frontUnits / (first - kLo);
  if (last < kHi) ends.backMeanUnits = backUnits / (kHi - last);
  return ends;
}

void RayMarcher::integrateBundle(std::span<const core::Vec3> directions, int columns,
                                 std::span<double> out) const {
  const int n =
      static_cast<int>(std::min({directions.size(), out.size(), std::size_t(kMaxBundle)}));
  Ray rays[kMaxBundle];
  double sums[kMaxBundle];
  int kLo = std::numeric_limits<int>::max(), kHi = std::numeric_limits<int>::min();
  for (int r = 0; r < n; ++r) {
    rays[r] = prepare(directions[r]);
    sums[r] = 0;
    if (rays[r].count == 0) continue;
    kLo = std::min(kLo, rays[r].kStart);
    kHi = std::max(kHi, rays[r].kStart + rays[r].count - 1);
  }
  if (kLo > kHi) {
    std::fill(out.begin(), out.begin() + n, 0.0);
    return;
  }
  // Air before and after the body is not marched; what it holds (its bricks' mean: CT noise,
  // or exactly 0) is added for the samples skipped.
  const AirEnds air = columns > 0 && n % columns == 0 ? bundleAir(rays, n, columns, kLo, kHi)
                                                      : AirEnds{kLo, kHi, 0, 0};
  for (int r = 0; r < n; ++r) {
    const Ray& ray = rays[r];
    if (ray.count == 0) continue;
    const int skippedFront = std::clamp(air.first - ray.kStart, 0, ray.count);
    const int skippedBack = std::clamp(ray.kStart + ray.count - 1 - air.last, 0, ray.count);
    sums[r] = air.frontMeanUnits * skippedFront +
              air.backMeanUnits * std::min(skippedBack, ray.count - skippedFront);
  }
  // Blocks of slices in absolute slice numbers, so that the bundle's rays are in the same slices
  // at the same time. (Rays of a bundle that march along different axes are rare; they are still
  // each summed exactly once, just without the shared cache lines.)
  for (int k = air.first; k <= air.last; k += kSlicesPerBlock)
    for (int r = 0; r < n; ++r) {
      const Ray& ray = rays[r];
      const int nBegin = std::max(0, k - ray.kStart);
      const int nEnd =
          std::min({ray.count, k + kSlicesPerBlock - ray.kStart, air.last + 1 - ray.kStart});
      if (nEnd > nBegin) sums[r] += sum(ray, nBegin, nEnd);
    }
  for (int r = 0; r < n; ++r) out[r] = sums[r] * rays[r].muPerUnitSum;
}

}  // namespace trocar::fluoro
