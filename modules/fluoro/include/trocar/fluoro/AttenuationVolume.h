#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::fluoro {

// The linear attenuation (per mm, at the effective energy) of every voxel of a CT, precomputed
// once per CT and laid out for fast ray marching.
//
// Values are stored as uint16 in units of mu_water / 2048 (0.5 HU steps) up to 32767, 16x water:
// that holds every CT value up to ~15,000 HU (cortical bone is ~2,000 HU, scanners without an
// extended scale stop at 3,071) and barium cement (12x water); steel needles are added
// analytically. The limit keeps the values signed 16-bit numbers, which the ray kernels weigh
// with 16-bit multiply-adds. The volume is kept in
// three copies, one per axis: a ray marches slice by slice along the axis it is most parallel to
// (Joseph's method) on that axis's copy, in which each slice's rows run along the lower of the two
// other axes. The two neighbours of a sample along a row are then adjacent in memory and come
// in one 32-bit load. Each copy has a one-voxel border of zeros (air) around the two slice axes
// so that rays interpolate smoothly off the edge.
class AttenuationVolume {
 public:
  static constexpr double kMuPerUnit = 0.02059 / 2048;  // materials::kMuWaterPerMm / 2048
  static constexpr uint16_t kMaxUnits = 32767;           // 16x water; denser values are clamped
  // Air for empty-space skipping: at most mu_water / 10 (below -900 HU), which holds air with its
  // CT noise and no tissue (inflated lung is above -900 HU, fat near -100 HU).
  static constexpr uint16_t kAirUnits = 204;
  // Bricks of kBrick^3 voxels; a brick is air when it and the one-voxel shell around it hold
  // only air, so that every bilinear sample in it reads only air.
  static constexpr int kBrick = 8;

  // mu from HU (muFromHu) of every voxel. `threads` 0 uses all hardware threads.
  static AttenuationVolume fromCt(const image::CtImage& ct, int threads = 0);
  // From mu per mm in ITK order (i fastest), on the grid given (direction columns = axes in LPS).
  static AttenuationVolume fromMu(std::array<int, 3> size, const core::Vec3& originMm,
                                  const core::Vec3& spacingMm, const core::Mat3& direction,
                                  const std::vector<float>& muPerMm, int threads = 0);

  // Every 2x2x2 block averaged into one voxel: the volume for interactive previews (8x less
  // memory, half the samples per ray). Odd edges average the voxels that exist.
  AttenuationVolume downsampled(int threads = 0) const;

  const std::array<int, 3>& size() const { return size_; }
  const core::Vec3& originMm() const { return originMm_; }
  const core::Vec3& spacingMm() const { return spacingMm_; }
  const core::Mat3& direction() const { return direction_; }
  // The linear part of LPS mm -> continuous index (voxel centres at integers).
  const core::Mat3& indexPerMm() const { return indexPerMm_; }
  core::Vec3 continuousIndex(const core::Vec3& pointMm) const {
    return indexPerMm_ * (pointMm - originMm_);
  }
  core::Vec3 pointMm(const core::Vec3& ijk) const;

  float muPerMm(int i, int j, int k) const {
    return float(copies_[0][offset(0, i, j, k)] * kMuPerUnit);
  }
  // Replaces one voxel's attenuation in all three copies (cement, edits). Clamped to the range.
  void setMuPerMm(int i, int j, int k, double muPerMm);

  // One copy as the projector reads it: element (k along `axis`, a, b) of the padded array is at
  // k * strideK + (a + 1) * strideA + (b + 1) * strideB, where a and b are the other two axes in
  // order; strideA is 1, rows and planes are padded to an odd number of cache lines.
  struct Layout {
    const uint16_t* data = nullptr;
    int axis = 0, axisA = 1, axisB = 2;
    int count = 0, countA = 0, countB = 0;  // voxels along axis, a and b (unpadded)
    std::ptrdiff_t strideK = 0, strideA = 1, strideB = 0;
    std::size_t elements = 0;  // of the padded array
    // The air bricks in the same order: brick (K along axis, A, B) at K * brickStrideK + A *
    // brickStrideA + B * brickStrideB; brickAir 1 for air, brickMeanUnits its mean value.
    const uint8_t* brickAir = nullptr;
    const float* brickMeanUnits = nullptr;
    int bricksK = 0, bricksA = 0, bricksB = 0;
    std::ptrdiff_t brickStrideK = 0, brickStrideA = 0, brickStrideB = 0;
  };
  Layout layout(int axis) const;

 private:
  std::size_t offset(int axis, int i, int j, int k) const;
  void allocate();
  // Fills brickAir_ and brickMeanUnits_ from the voxels.
  void findAirBricks(int threads);
  std::size_t brickIndex(int bi, int bj, int bk) const {
    return (std::size_t(bk) * bricks_[1] + bj) * bricks_[0] + bi;
  }
  // Fills all three copies from valueAt(n), n the voxel's ITK-order index (i fastest).
  template <typename ValueAt>
  static AttenuationVolume build(std::array<int, 3> size, const core::Vec3& originMm,
                                 const core::Vec3& spacingMm, const core::Mat3& direction,
                                 int threads, ValueAt valueAt);

  std::array<int, 3> size_{0, 0, 0};
  core::Vec3 originMm_, spacingMm_{1, 1, 1};
  core::Mat3 direction_, indexPerMm_;
  std::array<std::vector<uint16_t>, 3> copies_;
  std::array<Layout, 3> layouts_;  // data pointers filled in by layout()
  std::array<int, 3> bricks_{0, 0, 0};
  std::vector<uint8_t> brickAir_;
  std::vector<float> brickMeanUnits_;
};

}  // namespace trocar::fluoro
