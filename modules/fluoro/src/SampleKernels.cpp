#include "SampleKernels.h"

#include <immintrin.h>

#include <cmath>

namespace trocar::fluoro {

namespace {

// Weights along a row: 14-bit fractions, so that 2^14 times a stored value (< 2^15) and the
// sum of the pair's two products fit the signed 32-bit lanes of vpmaddwd.
constexpr int kWeightBits = 14, kWeightOne = 1 << kWeightBits;

// One sample in double precision: the scalar tail of the AVX2 kernel.
double sampleAt(const SliceWalk& w, int n) {
  const double a = w.aStart + n * w.da, b = w.bStart + n * w.db;
  const std::ptrdiff_t ia = static_cast<std::ptrdiff_t>(a), ib = static_cast<std::ptrdiff_t>(b);
  const double fa = a - double(ia), fb = b - double(ib);
  const uint16_t* q = w.base + n * w.sK + ib * w.sB + ia;
  const double nearRow = q[0] + fa * (q[1] - q[0]);
  const double farRow = q[w.sB] + fa * (q[w.sB + 1] - q[w.sB]);
  return nearRow + fb * (farRow - nearRow);
}

}  // namespace

// Eight slices at a time. The copy's rows run along a (stride 1), so one 32-bit gather brings
// both row neighbours of a sample: two gathers per eight samples. Along the row the pair is
// weighed in 16-bit integers, one multiply-add (vpmaddwd) for both neighbours: weights
// (2^14 - w, w) with w the 14-bit fraction of a (stored values are at most 32767, so they are
// signed 16-bit numbers too); across rows in float. Positions are floats (a, b < ~2000, so
// their rounding is far inside the clip margin).
__attribute__((target("avx2,fma"))) double sumSamplesAvx2(const SliceWalk& w, int nBegin,
                                                          int nEnd) {
  const __m256 lane = _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 a0 = _mm256_set1_ps(float(w.aStart)), b0 = _mm256_set1_ps(float(w.bStart));
  const __m256 stepA = _mm256_set1_ps(float(w.da)), stepB = _mm256_set1_ps(float(w.db));
  const __m256i strideB = _mm256_set1_epi32(int32_t(w.sB));
  const __m256i eightSlices = _mm256_set1_epi32(int32_t(8 * w.sK));
  __m256i sliceOffset = _mm256_mullo_epi32(
      _mm256_add_epi32(_mm256_set1_epi32(nBegin), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)),
      _mm256_set1_epi32(int32_t(w.sK)));
  const __m256 weightScale = _mm256_set1_ps(float(kWeightOne));
  const __m256i weightMask = _mm256_set1_epi32(kWeightOne - 1), weightOne = _mm256_set1_epi32(kWeightOne);
  const int* words = reinterpret_cast<const int*>(w.base);  // gathers read 32 bits at 2-byte steps
  __m256 acc = _mm256_setzero_ps();
  int n = nBegin;
  for (; n + 8 <= nEnd; n += 8) {
    const __m256 nf = _mm256_add_ps(_mm256_set1_ps(float(n)), lane);
    const __m256 a = _mm256_fmadd_ps(nf, stepA, a0), b = _mm256_fmadd_ps(nf, stepB, b0);
    // a * 2^14 is exact, so its integer part holds ia above the 14-bit weight.
    const __m256i aScaled = _mm256_cvttps_epi32(_mm256_mul_ps(a, weightScale));
    const __m256i ia = _mm256_srai_epi32(aScaled, kWeightBits), ib = _mm256_cvttps_epi32(b);
    const __m256i wa = _mm256_and_si256(aScaled, weightMask);
    const __m256i weights =
        _mm256_add_epi32(_mm256_sub_epi32(_mm256_slli_epi32(wa, 16), wa), weightOne);
    const __m256 fb = _mm256_sub_ps(b, _mm256_cvtepi32_ps(ib));
    const __m256i at =
        _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(ib, strideB), ia), sliceOffset);
    sliceOffset = _mm256_add_epi32(sliceOffset, eightSlices);
    const __m256i nearPair = _mm256_i32gather_epi32(words, at, 2);
    const __m256i farPair = _mm256_i32gather_epi32(words, _mm256_add_epi32(at, strideB), 2);
    const __m256 nearRow = _mm256_cvtepi32_ps(_mm256_madd_epi16(nearPair, weights));
    const __m256 farRow = _mm256_cvtepi32_ps(_mm256_madd_epi16(farPair, weights));
    acc = _mm256_add_ps(acc, _mm256_fmadd_ps(fb, _mm256_sub_ps(farRow, nearRow), nearRow));
  }
  alignas(32) float parts[8];
  _mm256_store_ps(parts, acc);
  double sum = 0;
  for (float p : parts) sum += p;
  sum /= kWeightOne;
  for (; n < nEnd; ++n) sum += sampleAt(w, n);
  return sum;
}

// The same with AVX-512: sixteen slices at a time (half the instructions per sample), the last
// partial step masked, the fraction across rows by one instruction (vreduceps: b - floor(b)).
// Three vector instructions per step fewer than the plain form, same results bit for bit:
// positions along rows are kept times 2^14 (the same floats scaled, as the scale is a power of
// two), the slice step goes into the gathers' base pointer and the far row into a second base;
// and full steps gather unmasked (LAO 30 CRAN 15 98-106 -> 92-104 ms CPU, lateral 92-101 ->
// 95-96, AP unchanged, alternately in the same period).
// GCC 12's AVX-512 intrinsics start from deliberately undefined registers, which
// -Wmaybe-uninitialized reports inside its own headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
__attribute__((target("avx512f,avx512dq,avx512bw"))) double sumSamplesAvx512(const SliceWalk& w,
                                                                            int nBegin, int nEnd) {
  const __m512 lane = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512 first = _mm512_add_ps(_mm512_set1_ps(float(nBegin)), lane);
  const float weightScale = float(kWeightOne);
  __m512 aScaled = _mm512_fmadd_ps(first, _mm512_set1_ps(float(w.da) * weightScale),
                                   _mm512_set1_ps(float(w.aStart) * weightScale));
  __m512 b = _mm512_fmadd_ps(first, _mm512_set1_ps(float(w.db)), _mm512_set1_ps(float(w.bStart)));
  const __m512 stepA = _mm512_set1_ps(float(16 * w.da) * weightScale);
  const __m512 stepB = _mm512_set1_ps(float(16 * w.db));
  const __m512i strideB = _mm512_set1_epi32(int32_t(w.sB));
  const __m512i laneSlice =
      _mm512_mullo_epi32(_mm512_cvttps_epi32(lane), _mm512_set1_epi32(int32_t(w.sK)));
  const __m512i weightMask = _mm512_set1_epi32(kWeightOne - 1);
  const __m512i weightOne = _mm512_set1_epi32(kWeightOne);
  constexpr int kFloor = _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC;  // reduce: x - floor(x)
  const std::ptrdiff_t sixteenSlices = 16 * w.sK;
  const uint16_t* nearSlice = w.base + nBegin * w.sK;  // lane 0's slice; the far row one sB on
  __m512 acc = _mm512_setzero_ps();
  for (int n = nBegin; n < nEnd; n += 16, nearSlice += sixteenSlices) {
    // Full steps gather unmasked (no zeroed destinations to set up); lanes past the last sample
    // of the last step neither load nor add (they gather zeros).
    const bool full = nEnd - n >= 16;
    const __mmask16 live = full ? __mmask16(0xFFFF) : __mmask16((1u << (nEnd - n)) - 1u);
    // The integer part of a * 2^14 holds ia above the 14-bit weight.
    const __m512i aFixed = _mm512_cvttps_epi32(aScaled);
    const __m512i ia = _mm512_srai_epi32(aFixed, kWeightBits), ib = _mm512_cvttps_epi32(b);
    const __m512i wa = _mm512_and_si512(aFixed, weightMask);
    const __m512i weights =
        _mm512_add_epi32(_mm512_sub_epi32(_mm512_slli_epi32(wa, 16), wa), weightOne);
    const __m512 fb = _mm512_reduce_ps(b, kFloor);
    const __m512i at =
        _mm512_add_epi32(_mm512_add_epi32(_mm512_mullo_epi32(ib, strideB), ia), laneSlice);
    aScaled = _mm512_add_ps(aScaled, stepA);
    b = _mm512_add_ps(b, stepB);
    const __m512i zero = _mm512_setzero_si512();
    const __m512i nearPair = full ? _mm512_i32gather_epi32(at, nearSlice, 2)
                                  : _mm512_mask_i32gather_epi32(zero, live, at, nearSlice, 2);
    const __m512i farPair = full ? _mm512_i32gather_epi32(at, nearSlice + w.sB, 2)
                                 : _mm512_mask_i32gather_epi32(zero, live, at, nearSlice + w.sB, 2);
    const __m512 nearRow = _mm512_cvtepi32_ps(_mm512_madd_epi16(nearPair, weights));
    const __m512 farRow = _mm512_cvtepi32_ps(_mm512_madd_epi16(farPair, weights));
    acc = _mm512_add_ps(acc, _mm512_fmadd_ps(fb, _mm512_sub_ps(farRow, nearRow), nearRow));
  }
  return double(_mm512_reduce_add_ps(acc)) / kWeightOne;
}
#pragma GCC diagnostic pop

// Positions in 16.16 fixed point and 7-bit (1/128 voxel) bilinear weights. Integer stepping
// costs far less per sample than float conversions, and the rounding drift over a ray (< count *
// 2^-17 voxel) stays inside the clip margin.
double sumSamplesPortable(const SliceWalk& w, int nBegin, int nEnd) {
  constexpr double kOne = 65536.0;
  const int32_t a0 = static_cast<int32_t>(std::lround(w.aStart * kOne));
  const int32_t b0 = static_cast<int32_t>(std::lround(w.bStart * kOne));
  const int32_t stepA = static_cast<int32_t>(std::lround(w.da * kOne));
  const int32_t stepB = static_cast<int32_t>(std::lround(w.db * kOne));
  const std::ptrdiff_t sK = w.sK, sB = w.sB;
  auto sample = [&](int n) -> int64_t {
    const int32_t a = a0 + n * stepA, b = b0 + n * stepB;
    const int32_t fa = (a >> 9) & 127, fb = (b >> 9) & 127;
    const uint16_t* q = w.base + n * sK + std::ptrdiff_t(b >> 16) * sB + std::ptrdiff_t(a >> 16);
    const int32_t v00 = q[0], v10 = q[1], v01 = q[sB], v11 = q[sB + 1];
    const int32_t near = (v00 << 7) + fa * (v10 - v00), far = (v01 << 7) + fa * (v11 - v01);
    return (near << 7) + fb * (far - near);  // < 2^30: a convex combination of 23-bit values << 7
  };
  // Two accumulators halve the add-latency chain between samples.
  int64_t sum0 = 0, sum1 = 0;
  int n = nBegin;
  for (; n + 1 < nEnd; n += 2) {
    sum0 += sample(n);
    sum1 += sample(n + 1);
  }
  if (n < nEnd) sum0 += sample(n);
  return double(sum0 + sum1) / (128.0 * 128.0);
}

bool cpuHasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f") &&
                          __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
  return has;
}

bool cpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

}  // namespace trocar::fluoro
