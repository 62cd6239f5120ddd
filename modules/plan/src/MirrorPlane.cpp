#include "MirrorPlane.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace trocar::plan::detail {

namespace {

using core::Vec3;

constexpr double kMaxYawDeg = 30.0;
constexpr double kMaxShiftMm = 10.0;
// Coarse pass: bone points about 2.25 mm apart, 2 degree and 1 mm steps; the fine pass then
// points about 1.5 mm apart within one coarse step, at 0.25 degree and 0.25 mm.
constexpr double kCoarsePointMm = 2.25, kFinePointMm = 1.5;
constexpr double kCoarseYawDeg = 2.0, kCoarseShiftMm = 1.0;
constexpr double kFineYawDeg = 0.25, kFineShiftMm = 0.25;

std::vector<Vec3> bonePoints(const DistanceField& bone, double apartMm) {
  const FieldGrid& g = bone.grid();
  const int stride = std::max(1, int(std::lround(apartMm / g.spacingMm)));
  std::vector<Vec3> points;
  for (int k = 0; k < g.size[2]; k += stride)
    for (int j = 0; j < g.size[1]; j += stride)
      for (int i = 0; i < g.size[0]; i += stride)
        if (bone.values()[g.index(i, j, k)] < 0) points.push_back(g.pointMm(i, j, k));
  return points;
}

struct Candidate {
  double yawDeg = 0, shiftMm = 0, overlap = -1;
};

// The fraction of `points` whose mirror image about the plane (normal n through o) is bone.
double overlapAbout(const DistanceField& bone, const std::vector<Vec3>& points, const Vec3& n,
                    const Vec3& o) {
  size_t inside = 0;
  for (const Vec3& p : points)
    if (bone.sample(p - n * (2 * core::dot(p - o, n))) < 0) ++inside;
  return points.empty() ? 0 : double(inside) / double(points.size());
}

}  // namespace

std::optional<MirrorPlane> findMirrorPlane(const DistanceField& bone, const Vec3& centreMm,
                                           const Vec3& superior, const Vec3& leftGuess) {
  const Vec3 up = core::normalized(superior);
  const Vec3 left0 = core::normalized(leftGuess - up * core::dot(leftGuess, up));
  const Vec3 anterior0 = core::cross(left0, up);
  const auto normalAt = [&](double yawDeg) {
    const double r = yawDeg * std::numbers::pi / 180;
    return left0 * std::cos(r) + anterior0 * std::sin(r);
  };
  const auto search = [&](const std::vector<Vec3>& points, Candidate around, double yawHalf,
                          double yawStep, double shiftHalf, double shiftStep) {
    Candidate best;
    for (double yaw = around.yawDeg - yawHalf; yaw <= around.yawDeg + yawHalf + 1e-9;
         yaw += yawStep) {
      const Vec3 n = normalAt(yaw);
      for (double s = around.shiftMm - shiftHalf; s <= around.shiftMm + shiftHalf + 1e-9;
           s += shiftStep) {
        const double overlap = overlapAbout(bone, points, n, centreMm + n * s);
        if (overlap > best.overlap) best = {yaw, s, overlap};
      }
    }
    return best;
  };
  const Candidate coarse = search(bonePoints(bone, kCoarsePointMm), {}, kMaxYawDeg, kCoarseYawDeg,
                                  kMaxShiftMm, kCoarseShiftMm);
  if (coarse.overlap <= 0 || std::abs(coarse.yawDeg) >= kMaxYawDeg - 1e-9 ||
      std::abs(coarse.shiftMm) >= kMaxShiftMm - 1e-9)
    return std::nullopt;
  const Candidate fine = search(bonePoints(bone, kFinePointMm), coarse, kCoarseYawDeg, kFineYawDeg,
                                kCoarseShiftMm, kFineShiftMm);
  MirrorPlane plane;
  plane.normal = normalAt(fine.yawDeg);
  plane.pointMm = centreMm + plane.normal * fine.shiftMm;
  plane.overlap = fine.overlap;
  return plane;
}

}  // namespace trocar::plan::detail
