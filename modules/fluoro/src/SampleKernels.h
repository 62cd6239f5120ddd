#pragma once

#include <cstddef>
#include <cstdint>

namespace trocar::fluoro {

// One ray as it walks the slices of one axis-major copy of the attenuation volume (see
// AttenuationVolume::Layout): sample n lies in slice n after `base` (stride sK), at padded slice
// coordinates a = aStart + n * da (along rows, stride 1) and b = bStart + n * db (stride sB).
// Callers clip the ray so that every sample's four bilinear neighbours are stored.
struct SliceWalk {
  const uint16_t* base = nullptr;
  double aStart = 0, da = 0, bStart = 0, db = 0;
  std::ptrdiff_t sK = 0, sB = 0;
};

// The sum of the bilinear samples nBegin <= n < nEnd, in stored units (AttenuationVolume::
// kMuPerUnit). Three implementations of the same sampling: AVX-512 and AVX2 gathers (compiled
// for those instruction sets whatever the build's baseline; call them only when the CPU has
// them) and a portable fixed-point one.
double sumSamplesAvx512(const SliceWalk& w, int nBegin, int nEnd);
double sumSamplesAvx2(const SliceWalk& w, int nBegin, int nEnd);
double sumSamplesPortable(const SliceWalk& w, int nBegin, int nEnd);

bool cpuHasAvx512();
bool cpuHasAvx2();

}  // namespace trocar::fluoro
