#pragma once

#include <span>
#include <vector>

#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Needle.h"

namespace trocar::fluoro {

// A digitally reconstructed radiograph: the line integral of attenuation (dimensionless,
// integral of mu dl) for the ray from the focal spot to each detector pixel centre. Transmitted
// intensity is exp(-lineIntegral); see Display.h for the picture.
struct Drr {
  int columns = 0, rows = 0;
  std::vector<float> lineIntegral;  // row-major, row 0 at the top of the image

  float at(int u, int v) const { return lineIntegral[std::size_t(v) * columns + u]; }
};

enum class SimdLevel { kBest, kAvx2, kPortable };

struct DrrOptions {
  int threads = 0;  // 0: all hardware threads
  // 1: one ray per pixel. 2 (or more): one ray per 2x2 block, bilinearly interpolated to full
  // size; with AttenuationVolume::downsampled() this is the preview while the C-arm turns.
  int rayStep = 1;
  // The widest vector gathers the CPU has (AVX-512, else AVX2), or a narrower choice: the same
  // samples by other instructions, for tests and for comparing them.
  SimdLevel simd = SimdLevel::kBest;
};

// Casts one ray per pixel through the volume (Joseph's method: one bilinear sample per slice
// along the axis the ray is most parallel to, on the copy with that axis fastest in memory), adds
// each needle's exact chord with steel's attenuation in place of the tissue it displaces, and
// spreads tiles of 16 x 32 rays over threads. A tile's rays are marched together and skip the air
// before and after the body, adding what that air holds (AttenuationVolume's air bricks).
Drr renderDrr(const AttenuationVolume& volume, const CArm& carm,
              std::span<const NeedleModel> needles = {}, const DrrOptions& options = {});

// The line integral of one ray (source + t * unit direction, t >= 0) through the volume alone,
// by the same sampling as renderDrr.
double lineIntegral(const AttenuationVolume& volume, const core::Vec3& sourceMm,
                    const core::Vec3& direction);

}  // namespace trocar::fluoro
