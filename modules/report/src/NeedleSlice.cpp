#include "trocar/report/NeedleSlice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "trocar/core/NeedleGauges.h"

namespace trocar::report {
namespace {

using core::Vec3;

// Continuous-index sampling of an ITK image without ITK's per-call overhead: the LPS -> index
// map is built once.
template <typename Image>
struct IndexMap {
  explicit IndexMap(const Image& image) : origin(image.GetOrigin()) {
    const auto inv = image.GetInverseDirection();
    const auto spacing = image.GetSpacing();
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) m[i][j] = inv[i][j] / spacing[i];
    const auto size = image.GetLargestPossibleRegion().GetSize();
    for (int i = 0; i < 3; ++i) extent[i] = int(size[i]);
  }
  Vec3 index(const Vec3& p) const {
    const double d[3] = {p.x - origin[0], p.y - origin[1], p.z - origin[2]};
    return {m[0][0] * d[0] + m[0][1] * d[1] + m[0][2] * d[2],
            m[1][0] * d[0] + m[1][1] * d[1] + m[1][2] * d[2],
            m[2][0] * d[0] + m[2][1] * d[1] + m[2][2] * d[2]};
  }
  typename Image::PointType origin;
  double m[3][3];
  int extent[3];
};

double trilinearHu(const image::CtImage& ct, const IndexMap<image::CtImage>& map, const Vec3& p) {
  const Vec3 c = map.index(p);
  const int i0 = int(std::floor(c.x)), j0 = int(std::floor(c.y)), k0 = int(std::floor(c.z));
  const double fx = c.x - i0, fy = c.y - j0, fz = c.z - k0;
  const int16_t* data = ct.GetBufferPointer();
  const auto [nx, ny, nz] = map.extent;
  // Outside the scan is air, so the slice fades to black rather than repeating the edge.
  const auto at = [&](int i, int j, int k) -> double {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return -1000;
    return data[(size_t(k) * ny + j) * nx + i];
  };
  double v = 0;
  for (int dk = 0; dk < 2; ++dk)
    for (int dj = 0; dj < 2; ++dj)
      for (int di = 0; di < 2; ++di) {
        const double w = (di ? fx : 1 - fx) * (dj ? fy : 1 - fy) * (dk ? fz : 1 - fz);
        if (w > 0) v += w * at(i0 + di, j0 + dj, k0 + dk);
      }
  return v;
}

bool labelAt(const image::LabelImage& labels, const IndexMap<image::LabelImage>& map,
             const Vec3& p) {
  const Vec3 c = map.index(p);
  const int i = int(std::lround(c.x)), j = int(std::lround(c.y)), k = int(std::lround(c.z));
  const auto [nx, ny, nz] = map.extent;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return false;
  return labels.GetBufferPointer()[(size_t(k) * ny + j) * nx + i] > 0;
}

// Distance from (u, v) to the segment a-b, all in pixels.
double distanceToSegment(double u, double v, double au, double av, double bu, double bv) {
  const double du = bu - au, dv = bv - av;
  const double len2 = du * du + dv * dv;
  double t = len2 > 0 ? ((u - au) * du + (v - av) * dv) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(u - (au + t * du), v - (av + t * dv));
}

struct Canvas {
  int size;
  std::vector<uint8_t>& rgb;
  void blend(int u, int v, const uint8_t colour[3], double alpha) {
    if (u < 0 || v < 0 || u >= size || v >= size) return;
    uint8_t* px = &rgb[3 * (size_t(v) * size + u)];
    for (int c = 0; c < 3; ++c)
      px[c] = uint8_t(std::lround((1 - alpha) * px[c] + alpha * colour[c]));
  }
};

}  // namespace

KeyImage needleSliceImage(const image::CtImage& ct, const core::Needle& needle,
                          const NeedleSliceOptions& options) {
  const Vec3 d = core::normalized(needle.targetMm - needle.skinEntryMm);
  // The plane through the needle nearest the vertebra's axial plane: its normal is the vertebra's
  // superior axis with the needle's component removed.
  Vec3 normal = core::normalized(options.superior - d * core::dot(options.superior, d));
  if (core::norm(normal) == 0) normal = core::normalized(core::cross(d, options.left));
  const Vec3 right =
      core::normalized(options.left - normal * core::dot(options.left, normal));  // patient left
  const Vec3 down = core::cross(normal, right);                                   // posterior

  const int size = std::max(16, int(std::lround(options.fieldOfViewMm / options.pixelMm)));
  const double px = options.fieldOfViewMm / size;
  const Vec3 centre = (needle.skinEntryMm + needle.targetMm) * 0.5;
  const auto pointAt = [&](double u, double v) {
    return centre + right * ((u - 0.5 * (size - 1)) * px) + down * ((v - 0.5 * (size - 1)) * px);
  };
  const auto pixelOf = [&](const Vec3& p, double& u, double& v) {
    u = core::dot(p - centre, right) / px + 0.5 * (size - 1);
    v = core::dot(p - centre, down) / px + 0.5 * (size - 1);
  };

  KeyImage out;
  out.width = out.height = size;
  out.rgb.assign(size_t(size) * size * 3, 0);
  const IndexMap<image::CtImage> ctMap(ct);
  const double low = options.windowCentreHu - 0.5 * options.windowWidthHu;
  for (int v = 0; v < size; ++v)
    for (int u = 0; u < size; ++u) {
      const double hu = trilinearHu(ct, ctMap, pointAt(u, v));
      const auto grey = uint8_t(std::clamp((hu - low) / options.windowWidthHu * 255.0, 0.0, 255.0));
      uint8_t* p = &out.rgb[3 * (size_t(v) * size + u)];
      p[0] = p[1] = p[2] = grey;
    }
  Canvas canvas{size, out.rgb};

  if (options.cement != nullptr) {
    const IndexMap<image::LabelImage> cementMap(*options.cement);
    const uint8_t cyan[3] = {40, 200, 255};
    for (int v = 0; v < size; ++v)
      for (int u = 0; u < size; ++u)
        if (labelAt(*options.cement, cementMap, pointAt(u, v))) canvas.blend(u, v, cyan, 0.45);
  }

  // The needle at its outer diameter, from the skin entry to the tip.
  double su, sv, tu, tv, bu, bv;
  pixelOf(needle.skinEntryMm, su, sv);
  pixelOf(needle.targetMm, tu, tv);
  pixelOf(needle.boneEntryMm, bu, bv);
  const double radiusPx =
      std::max(1.0, 0.5 * core::outerDiameterMm(needle.gauge).value_or(3.05) / px);
  const uint8_t yellow[3] = {255, 210, 0}, red[3] = {255, 60, 40}, white[3] = {255, 255, 255};
  for (int v = 0; v < size; ++v)
    for (int u = 0; u < size; ++u)
      if (distanceToSegment(u, v, su, sv, tu, tv) <= radiusPx) canvas.blend(u, v, yellow, 0.75);
  // Target: a ring of 3 mm radius; bone entry: a cross 3 mm wide.
  const double ringPx = 3.0 / px;
  for (int v = int(tv - ringPx - 2); v <= int(tv + ringPx + 2); ++v)
    for (int u = int(tu - ringPx - 2); u <= int(tu + ringPx + 2); ++u)
      if (std::abs(std::hypot(u - tu, v - tv) - ringPx) < 1.0) canvas.blend(u, v, red, 1.0);
  for (int k = -int(ringPx); k <= int(ringPx); ++k) {
    canvas.blend(int(std::lround(bu)) + k, int(std::lround(bv)), red, 1.0);
    canvas.blend(int(std::lround(bu)), int(std::lround(bv)) + k, red, 1.0);
  }
  // Scale bar, 10 mm, bottom left.
  const int barPx = int(std::lround(10.0 / px)), margin = size / 20;
  for (int t = 0; t < 3; ++t)
    for (int k = 0; k < barPx; ++k) canvas.blend(margin + k, size - margin - t, white, 1.0);

  const double tiltDeg = core::angleDeg(normal, core::normalized(options.superior));
  char caption[512];
  std::snprintf(caption, sizeof caption,
                "Oblique axial slice containing the whole path of %s, tilted %.1f° from the "
                "vertebra's axial plane; "
                "field of view %.0f × %.0f mm, %.2f mm pixels, bone window %.0f / %.0f HU (width / "
                "centre); patient "
                "left on the right, anterior up. Yellow: needle at %.2f mm outer diameter; red "
                "ring: target; red "
                "cross: bone entry; white bar: 10 mm%s.",
                needle.id.c_str(), tiltDeg, options.fieldOfViewMm, options.fieldOfViewMm, px,
                options.windowWidthHu, options.windowCentreHu,
                core::outerDiameterMm(needle.gauge).value_or(3.05),
                options.cement ? "; cyan: simulated cement" : "");
  out.title = needle.id + " axial slice along the needle";
  out.caption = caption;
  return out;
}

}  // namespace trocar::report
