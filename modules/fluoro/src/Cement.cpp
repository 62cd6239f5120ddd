#include "trocar/fluoro/Cement.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace trocar::fluoro {

namespace {

// Calls visit(i, j, k, value) for every attenuation voxel whose centre falls in a voxel of `image`
// with value > threshold, looking only inside the box around those voxels.
template <typename Image, typename Visit>
void forEachCovered(const AttenuationVolume& volume, const Image& image, double threshold,
                    Visit visit) {
  const auto region = image.GetLargestPossibleRegion();
  const auto size = region.GetSize();
  const auto* values = image.GetBufferPointer();
  std::array<long, 3> lo{long(size[0]), long(size[1]), long(size[2])}, hi{-1, -1, -1};
  std::size_t at = 0;
  for (long k = 0; k < long(size[2]); ++k)
    for (long j = 0; j < long(size[1]); ++j)
      for (long i = 0; i < long(size[0]); ++i, ++at) {
        if (!(double(values[at]) > threshold)) continue;
        lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
        hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
      }
  if (hi[0] < 0) return;
  // The box's corners (grown by a voxel) in the attenuation grid's continuous index.
  std::array<int, 3> from{volume.size()}, to{-1, -1, -1};
  for (int corner = 0; corner < 8; ++corner) {
    typename Image::IndexType index;
    for (int d = 0; d < 3; ++d) index[d] = (corner >> d & 1) ? hi[d] + 1 : lo[d] - 1;
    typename Image::PointType p;
    image.TransformIndexToPhysicalPoint(index, p);
    const core::Vec3 q = volume.continuousIndex({p[0], p[1], p[2]});
    for (int d = 0; d < 3; ++d) {
      from[d] = std::min(from[d], std::max(0, int(std::floor(q[d]))));
      to[d] = std::max(to[d], std::min(volume.size()[d] - 1, int(std::ceil(q[d]))));
    }
  }
  for (int k = from[2]; k <= to[2]; ++k)
    for (int j = from[1]; j <= to[1]; ++j)
      for (int i = from[0]; i <= to[0]; ++i) {
        const core::Vec3 c = volume.pointMm({double(i), double(j), double(k)});
        typename Image::PointType p;
        p[0] = c.x;
        p[1] = c.y;
        p[2] = c.z;
        typename Image::IndexType index;
        if (!image.TransformPhysicalPointToIndex(p, index)) continue;
        const double v = image.GetPixel(index);
        if (v > threshold) visit(i, j, k, v);
      }
}

}  // namespace

std::vector<CementVoxel> cementVoxels(const AttenuationVolume& volume,
                                      const image::LabelImage& mask) {
  std::vector<CementVoxel> out;
  forEachCovered(volume, mask, 0.5, [&](int i, int j, int k, double) {
    out.push_back({i, j, k, 0.0});
  });
  return out;
}

std::vector<CementVoxel> cementVoxels(const AttenuationVolume& volume,
                                      const image::FloatImage& fillTimeS) {
  std::vector<CementVoxel> out;
  // Time 0 (the first voxel at the needle tip) is a fill time: only negative values are "never".
  forEachCovered(volume, fillTimeS, -1e-6, [&](int i, int j, int k, double t) {
    out.push_back({i, j, k, t});
  });
  return out;
}

std::size_t applyCement(AttenuationVolume& volume, std::span<const CementVoxel> voxels,
                        double muPerMm) {
  for (const CementVoxel& v : voxels) volume.setMuPerMm(v.i, v.j, v.k, muPerMm);
  return voxels.size();
}

std::vector<Drr> renderFillSequence(AttenuationVolume& volume, const CArm& carm,
                                    std::span<const NeedleModel> needles,
                                    std::span<const CementVoxel> voxels,
                                    std::span<const double> timesS, const DrrOptions& options) {
  std::vector<CementVoxel> byTime(voxels.begin(), voxels.end());
  std::sort(byTime.begin(), byTime.end(),
            [](const CementVoxel& a, const CementVoxel& b) { return a.fillTimeS < b.fillTimeS; });
  std::vector<float> original(byTime.size());
  for (std::size_t n = 0; n < byTime.size(); ++n)
    original[n] = volume.muPerMm(byTime[n].i, byTime[n].j, byTime[n].k);

  std::vector<double> times(timesS.begin(), timesS.end());
  std::sort(times.begin(), times.end());
  std::vector<Drr> frames;
  std::size_t filled = 0;
  for (double t : times) {
    // Frames only add cement, so each frame changes just the voxels filled since the last one.
    while (filled < byTime.size() && byTime[filled].fillTimeS <= t) {
      volume.setMuPerMm(byTime[filled].i, byTime[filled].j, byTime[filled].k,
                        materials::kMuBariumCementPerMm);
      ++filled;
    }
    frames.push_back(renderDrr(volume, carm, needles, options));
  }
  for (std::size_t n = 0; n < filled; ++n)
    volume.setMuPerMm(byTime[n].i, byTime[n].j, byTime[n].k, original[n]);
  return frames;
}

}  // namespace trocar::fluoro
