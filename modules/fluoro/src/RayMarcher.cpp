#include "RayMarcher.h"

#include <cmath>
#include <cstdint>

#include <immintrin.h>
#include <algorithm>
#include <limits>
#include <utility>

namespace trocar::fluoro {

namespace {
// Rays are clipped this far (in voxels) inside the padded border so that float rounding of the
// sample position can never step past the last stored voxel.
constexpr double kMarginVoxels = 1e-2;

// The sum of bilinear samples along one ray, eight slices at a time with AVX2 gathers. The copy's
// rows run along a (stride 1), so one 32-bit gather brings both row neighbours of a sample: two
// gathers per eight samples. Positions are floats (a, b < ~2000, so their rounding is far inside
// the clip margin). Compiled for AVX2 and FMA whatever the build's baseline, used only when the
// CPU has them.
__attribute__((target("avx2,fma"))) double sumSamplesAvx2(const uint16_t* base, int count,
                                                          double aStart, double da, double bStart,
                                                          double db, std::ptrdiff_t sK,
                                                          std::ptrdiff_t sB) {
  const __m256 lane = _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 a0 = _mm256_set1_ps(float(aStart)), b0 = _mm256_set1_ps(float(bStart));
  const __m256 stepA = _mm256_set1_ps(float(da)), stepB = _mm256_set1_ps(float(db));
  const __m256i strideB = _mm256_set1_epi32(int32_t(sB));
  const __m256i eightSlices = _mm256_set1_epi32(int32_t(8 * sK));
  __m256i sliceOffset =
      _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32(int32_t(sK)));
  const __m256i low16 = _mm256_set1_epi32(0xFFFF);
  const int* words = reinterpret_cast<const int*>(base);  // gathers read 32 bits at 2-byte steps
  __m256 acc = _mm256_setzero_ps();
  int n = 0;
  for (; n + 8 <= count; n += 8) {
    const __m256 nf = _mm256_add_ps(_mm256_set1_ps(float(n)), lane);
    const __m256 a = _mm256_fmadd_ps(nf, stepA, a0), b = _mm256_fmadd_ps(nf, stepB, b0);
    const __m256i ia = _mm256_cvttps_epi32(a), ib = _mm256_cvttps_epi32(b);
    const __m256 fa = _mm256_sub_ps(a, _mm256_cvtepi32_ps(ia)),
                 fb = _mm256_sub_ps(b, _mm256_cvtepi32_ps(ib));
    const __m256i at =
        _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(ib, strideB), ia), sliceOffset);
    sliceOffset = _mm256_add_epi32(sliceOffset, eightSlices);
    const __m256i nearPair = _mm256_i32gather_epi32(words, at, 2);
    const __m256i farPair = _mm256_i32gather_epi32(words, _mm256_add_epi32(at, strideB), 2);
    const __m256 v00 = _mm256_cvtepi32_ps(_mm256_and_si256(nearPair, low16));
    const __m256 v10 = _mm256_cvtepi32_ps(_mm256_srli_epi32(nearPair, 16));
    const __m256 v01 = _mm256_cvtepi32_ps(_mm256_and_si256(farPair, low16));
    const __m256 v11 = _mm256_cvtepi32_ps(_mm256_srli_epi32(farPair, 16));
    const __m256 nearRow = _mm256_fmadd_ps(fa, _mm256_sub_ps(v10, v00), v00);
    const __m256 farRow = _mm256_fmadd_ps(fa, _mm256_sub_ps(v11, v01), v01);
    acc = _mm256_add_ps(acc, _mm256_fmadd_ps(fb, _mm256_sub_ps(farRow, nearRow), nearRow));
  }
  alignas(32) float parts[8];
  _mm256_store_ps(parts, acc);
  double sum = 0;
  for (float p : parts) sum += p;
  for (; n < count; ++n) {
    const double a = aStart + n * da, b = bStart + n * db;
    const std::ptrdiff_t ia = static_cast<std::ptrdiff_t>(a), ib = static_cast<std::ptrdiff_t>(b);
    const double fa = a - double(ia), fb = b - double(ib);
    const uint16_t* q = base + n * sK + ib * sB + ia;
    const double nearRow = q[0] + fa * (q[1] - q[0]), farRow = q[sB] + fa * (q[sB + 1] - q[sB]);
    sum += nearRow + fb * (farRow - nearRow);
  }
  return sum;
}

// The same with AVX-512: sixteen slices at a time (half the instructions per sample). GCC 12's
// AVX-512 intrinsics start from deliberately undefined registers, which -Wmaybe-uninitialized
// reports inside its own headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f"))) double sumSamplesAvx512(const uint16_t* base, int count,
                                                           double aStart, double da, double bStart,
                                                           double db, std::ptrdiff_t sK,
                                                           std::ptrdiff_t sB) {
  const __m512 a0 = _mm512_set1_ps(float(aStart)), b0 = _mm512_set1_ps(float(bStart));
  const __m512 lane = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m512 a = _mm512_fmadd_ps(lane, _mm512_set1_ps(float(da)), a0);
  __m512 b = _mm512_fmadd_ps(lane, _mm512_set1_ps(float(db)), b0);
  const __m512 stepA = _mm512_set1_ps(float(16 * da)), stepB = _mm512_set1_ps(float(16 * db));
  const __m512i strideB = _mm512_set1_epi32(int32_t(sB));
  const __m512i sixteenSlices = _mm512_set1_epi32(int32_t(16 * sK));
  __m512i sliceOffset =
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32(int32_t(sK)));
  const __m512i low16 = _mm512_set1_epi32(0xFFFF);
  __m512 acc = _mm512_setzero_ps();
  int n = 0;
  for (; n + 16 <= count; n += 16) {
    const __m512i ia = _mm512_cvttps_epi32(a), ib = _mm512_cvttps_epi32(b);
    const __m512 fa = _mm512_sub_ps(a, _mm512_cvtepi32_ps(ia));
    const __m512 fb = _mm512_sub_ps(b, _mm512_cvtepi32_ps(ib));
    const __m512i at =
        _mm512_add_epi32(_mm512_add_epi32(_mm512_mullo_epi32(ib, strideB), ia), sliceOffset);
    sliceOffset = _mm512_add_epi32(sliceOffset, sixteenSlices);
    a = _mm512_add_ps(a, stepA);
    b = _mm512_add_ps(b, stepB);
    const __m512i nearPair = _mm512_i32gather_epi32(at, base, 2);
    const __m512i farPair = _mm512_i32gather_epi32(_mm512_add_epi32(at, strideB), base, 2);
    const __m512 v00 = _mm512_cvtepi32_ps(_mm512_and_si512(nearPair, low16));
    const __m512 v10 = _mm512_cvtepi32_ps(_mm512_srli_epi32(nearPair, 16));
    const __m512 v01 = _mm512_cvtepi32_ps(_mm512_and_si512(farPair, low16));
    const __m512 v11 = _mm512_cvtepi32_ps(_mm512_srli_epi32(farPair, 16));
    const __m512 nearRow = _mm512_fmadd_ps(fa, _mm512_sub_ps(v10, v00), v00);
    const __m512 farRow = _mm512_fmadd_ps(fa, _mm512_sub_ps(v11, v01), v01);
    acc = _mm512_add_ps(acc, _mm512_fmadd_ps(fb, _mm512_sub_ps(farRow, nearRow), nearRow));
  }
  double sum = _mm512_reduce_add_ps(acc);
  for (; n < count; ++n) {
    const double sa = aStart + n * da, sb = bStart + n * db;
    const std::ptrdiff_t ia = static_cast<std::ptrdiff_t>(sa), ib = static_cast<std::ptrdiff_t>(sb);
    const double fa = sa - double(ia), fb = sb - double(ib);
    const uint16_t* q = base + n * sK + ib * sB + ia;
    const double nearRow = q[0] + fa * (q[1] - q[0]), farRow = q[sB] + fa * (q[sB + 1] - q[sB]);
    sum += nearRow + fb * (farRow - nearRow);
  }
  return sum;
}
#pragma GCC diagnostic pop

bool cpuHasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}

bool cpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}
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

double RayMarcher::integrate(const core::Vec3& direction) const {
  const core::Vec3 g = volume_.indexPerMm() * direction;  // voxels per mm along the ray
  const core::Vec3& q0 = sourceIndex_;
  int axis = 0;
  if (std::abs(g.y) > std::abs(g[axis])) axis = 1;
  if (std::abs(g.z) > std::abs(g[axis])) axis = 2;
  const AttenuationVolume::Layout& L = layouts_[axis];
  const auto& size = volume_.size();

  // Clip to the box where samples exist: whole slices along the marching axis, the zero border
  // (one voxel beyond the edge) along the two slice axes.
  double tLo = 0, tHi = std::numeric_limits<double>::infinity();
  for (int c = 0; c < 3; ++c) {
    const double lo = c == axis ? 0.0 : -1.0 + kMarginVoxels;
    const double hi = c == axis ? size[c] - 1.0 : size[c] - kMarginVoxels;
    if (std::abs(g[c]) < 1e-12) {
      if (q0[c] < lo || q0[c] > hi) return 0;
      continue;
    }
    double t1 = (lo - q0[c]) / g[c], t2 = (hi - q0[c]) / g[c];
    if (t1 > t2) std::swap(t1, t2);
    tLo = std::max(tLo, t1);
    tHi = std::min(tHi, t2);
  }
  if (!(tHi > tLo)) return 0;

  const double gp = g[axis];
  double k1 = q0[axis] + tLo * gp, k2 = q0[axis] + tHi * gp;
  if (k1 > k2) std::swap(k1, k2);
  const int kStart = std::max(0, static_cast<int>(std::ceil(k1 - 1e-9)));
  const int kEnd = std::min(size[axis] - 1, static_cast<int>(std::floor(k2 + 1e-9)));
  if (kEnd < kStart) return 0;

  // Slice coordinates (padded: +1) at slice kStart, and their change per slice.
  const double da = g[L.axisA] / gp, db = g[L.axisB] / gp;
  const double aStart = q0[L.axisA] + (kStart - q0[axis]) * da + 1.0;
  const double bStart = q0[L.axisB] + (kStart - q0[axis]) * db + 1.0;
  const std::ptrdiff_t sK = L.strideK, sA = L.strideA, sB = L.strideB;
  const uint16_t* base = L.data + kStart * sK;
  const int count = kEnd - kStart + 1;
  if (sA == 1 && avx512_)
    return sumSamplesAvx512(base, count, aStart, da, bStart, db, sK, sB) *
           AttenuationVolume::kMuPerUnit / std::abs(gp);
  if (sA == 1 && avx2_)
    return sumSamplesAvx2(base, count, aStart, da, bStart, db, sK, sB) *
           AttenuationVolume::kMuPerUnit / std::abs(gp);

  // The portable path: positions in 16.16 fixed point and 7-bit (1/128 voxel) bilinear weights.
  // Integer stepping costs far less per sample than float conversions, and the rounding drift
  // over a ray (< count * 2^-17 voxel) stays inside the clip margin.
  constexpr double kOne = 65536.0;
  const int32_t a0 = static_cast<int32_t>(std::lround(aStart * kOne));
  const int32_t b0 = static_cast<int32_t>(std::lround(bStart * kOne));
  const int32_t stepA = static_cast<int32_t>(std::lround(da * kOne));
  const int32_t stepB = static_cast<int32_t>(std::lround(db * kOne));
  auto sample = [&](int n) -> int64_t {
    const int32_t a = a0 + n * stepA, b = b0 + n * stepB;
    const int32_t fa = (a >> 9) & 127, fb = (b >> 9) & 127;
    const uint16_t* q = base + n * sK + std::ptrdiff_t(b >> 16) * sB + std::ptrdiff_t(a >> 16) * sA;
    const int32_t v00 = q[0], v10 = q[sA], v01 = q[sB], v11 = q[sA + sB];
    const int32_t near = (v00 << 7) + fa * (v10 - v00), far = (v01 << 7) + fa * (v11 - v01);
    return (near << 7) + fb * (far - near);  // < 2^30: a convex combination of 23-bit values << 7
  };
  // Two accumulators halve the add-latency chain between samples.
  int64_t sum0 = 0, sum1 = 0;
  int n = 0;
  for (; n + 1 < count; n += 2) {
    sum0 += sample(n);
    sum1 += sample(n + 1);
  }
  if (n < count) sum0 += sample(n);
  return double(sum0 + sum1) * (AttenuationVolume::kMuPerUnit / (128.0 * 128.0)) / std::abs(gp);
}

}  // namespace trocar::fluoro
