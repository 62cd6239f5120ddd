#include "NativeLabels.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "Resample.h"

namespace trocar::segment::detail {

namespace {
constexpr uint8_t kCanalPart = 5;  // Part::kCanal: canal voxels carry no level

image::LabelImage::Pointer likeInput(const image::CtImage& ct) {
  auto out = image::LabelImage::New();
  out->CopyInformation(&ct);
  out->SetRegions(ct.GetLargestPossibleRegion());
  out->Allocate();
  out->FillBuffer(0);
  return out;
}
}  // namespace

NativeMaps mapToInput(const image::CtImage& ct, const Volume<uint8_t>& segments, const std::vector<int>& levelOf,
                      const Volume<uint8_t>& parts, float boneHu) {
  const InputGeometry in(ct);
  NativeMaps maps{likeInput(ct), likeInput(ct)};
  uint8_t* lv = maps.levels->GetBufferPointer();
  uint8_t* pv = maps.parts->GetBufferPointer();
  const int16_t* hu = ct.GetBufferPointer();
  const Grid& g = segments.grid;
  // Working-grid index is affine in the input index.
  const core::Vec3 c0 = g.continuousIndex(in.point(0, 0, 0));
  const core::Vec3 di = g.continuousIndex(in.point(1, 0, 0)) - c0;
  const core::Vec3 dj = g.continuousIndex(in.point(0, 1, 0)) - c0;
  const core::Vec3 dk = g.continuousIndex(in.point(0, 0, 1)) - c0;
  // Border flags once on the working grid: the input loop then needs one lookup per voxel.
  const int nb[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  std::vector<uint8_t> border(g.size(), 0);
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        const uint8_t s = segments(x, y, z);
        for (const auto& o : nb)
          if (segments.at(x + o[0], y + o[1], z + o[2], 0) != s) {
            border[g.index(x, y, z)] = 1;
            break;
          }
      }
  auto mapSlices = [&](int kBegin, int kEnd) {
    for (int k = kBegin; k < kEnd; ++k)
      for (int j = 0; j < in.size[1]; ++j) {
        core::Vec3 c = c0 + dj * j + dk * k;
        size_t idx = (size_t(k) * in.size[1] + j) * in.size[0];
        for (int i = 0; i < in.size[0]; ++i, ++idx, c += di) {
          const int x = int(std::lround(c.x)), y = int(std::lround(c.y)), z = int(std::lround(c.z));
          if (!g.inside(x, y, z)) continue;
          const size_t w = g.index(x, y, z);
          uint8_t s = segments.v[w];
          uint8_t part = parts.v[w];
          if (border[w]) {
            // At a label's border the input voxel's own density decides.
            uint8_t other = 0, otherPart = 0;
            for (const auto& o : nb) {
              const uint8_t t = segments.at(x + o[0], y + o[1], z + o[2], 0);
              if (t && t != s) {
                other = t;
                otherPart = parts.at(x + o[0], y + o[1], z + o[2], 0);
              }
            }
            const bool bone = hu[idx] >= boneHu;
            if (s && !bone && !other) {
              // An outer edge voxel of the working label that the input does not see as bone.
              s = 0;
            } else if (!s && bone && other) {
              s = other;
              part = otherPart;
            }
          }
          if (!s && parts.v[w] == kCanalPart) pv[idx] = kCanalPart;
          if (!s || s >= levelOf.size() || !levelOf[s]) continue;
          lv[idx] = uint8_t(levelOf[s]);
          pv[idx] = part;
        }
      }
  };
  const int threads = int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(mapSlices, in.size[2] * t / threads, in.size[2] * (t + 1) / threads);
  for (auto& th : pool) th.join();
  return maps;
}

}  // namespace trocar::segment::detail
