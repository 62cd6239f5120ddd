#include "NativeLabels.h"

#include <cmath>

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
  size_t idx = 0;
  for (int k = 0; k < in.size[2]; ++k)
    for (int j = 0; j < in.size[1]; ++j) {
      core::Vec3 c = c0 + dj * j + dk * k;
      for (int i = 0; i < in.size[0]; ++i, ++idx, c += di) {
        const int x = int(std::lround(c.x)), y = int(std::lround(c.y)), z = int(std::lround(c.z));
        if (!g.inside(x, y, z)) continue;
        const size_t w = g.index(x, y, z);
        uint8_t s = segments.v[w];
        uint8_t part = parts.v[w];
        // Border zone: does a neighbour disagree?  Then the input voxel's own density decides.
        bool border = false;
        uint8_t other = 0, otherPart = 0;
        const int nb[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (const auto& o : nb) {
          const uint8_t t = segments.at(x + o[0], y + o[1], z + o[2], 0);
          if (t != s) {
            border = true;
            if (t) {
              other = t;
              otherPart = parts.at(x + o[0], y + o[1], z + o[2], 0);
            }
          }
        }
        if (border) {
          const bool bone = hu[idx] >= boneHu;
          if (s && !bone && !other) {
            // An outer edge voxel of the working label: keep it only when the input says bone or
            // the voxel centre is close to the working voxel's centre.
            const double d = std::max({std::abs(c.x - x), std::abs(c.y - y), std::abs(c.z - z)});
            if (d > 0.25) s = 0;
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
  return maps;
}

}  // namespace trocar::segment::detail
