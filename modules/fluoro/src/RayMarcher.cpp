#include "RayMarcher.h"

#include <cmath>
#include <algorithm>
#include <limits>
#include <utility>

namespace trocar::fluoro {

namespace {
// Rays are clipped this far (in voxels) inside the padded border so that float rounding of the
// sample position can never step past the last stored voxel.
constexpr double kMarginVoxels = 1e-3;
}  // namespace

RayMarcher::RayMarcher(const AttenuationVolume& volume, const core::Vec3& sourceMm)
    : volume_(volume), sourceIndex_(volume.continuousIndex(sourceMm)) {
  for (int axis = 0; axis < 3; ++axis) layouts_[axis] = volume.layout(axis);
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
  const float aS = float(aStart), bS = float(bStart), daf = float(da), dbf = float(db);
  const std::ptrdiff_t sA = L.strideA, sB = L.strideB;
  const uint16_t* base = L.data + kStart;
  const int count = kEnd - kStart + 1;

  // Two accumulators halve the add-latency chain between samples.
  float sum0 = 0, sum1 = 0;
  auto sample = [&](int n) {
    const float a = aS + float(n) * daf, b = bS + float(n) * dbf;
    const int ia = static_cast<int>(a), ib = static_cast<int>(b);
    const float fa = a - float(ia), fb = b - float(ib);
    const uint16_t* q = base + n + ib * sB + ia * sA;
    const float v00 = q[0], v10 = q[sA], v01 = q[sB], v11 = q[sA + sB];
    const float near = v00 + fa * (v10 - v00), far = v01 + fa * (v11 - v01);
    return near + fb * (far - near);
  };
  int n = 0;
  for (; n + 1 < count; n += 2) {
    sum0 += sample(n);
    sum1 += sample(n + 1);
  }
  if (n < count) sum0 += sample(n);
  return double(sum0 + sum1) * AttenuationVolume::kMuPerUnit / std::abs(gp);
}

}  // namespace trocar::fluoro
