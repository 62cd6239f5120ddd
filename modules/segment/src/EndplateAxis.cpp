#include "EndplateAxis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <utility>

namespace trocar::segment::detail {

namespace {
constexpr double kCentralFraction = 0.6;  // of the body's half-extents: clear of the rounded rims
constexpr int kMinColumns = 12;
constexpr double kOutlierVoxels = 2;  // columns this far off the first fit are refitted without

struct Column {
  double u, w, h;
};

// Least-squares plane h = a u + b w + c; false when degenerate.
bool fitPlane(const std::vector<Column>& cols, double& a, double& b, double& c) {
  double s[3][4] = {};
  for (const auto& col : cols) {
    const double r[3] = {col.u, col.w, 1};
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) s[i][j] += r[i] * r[j];
      s[i][3] += r[i] * col.h;
    }
  }
  // Gaussian elimination with partial pivoting on the 3x3 normal equations.
  for (int i = 0; i < 3; ++i) {
    int p = i;
    for (int r = i + 1; r < 3; ++r)
      if (std::abs(s[r][i]) > std::abs(s[p][i])) p = r;
    if (std::abs(s[p][i]) < 1e-9) return false;
    for (int j = 0; j < 4; ++j) std::swap(s[i][j], s[p][j]);
    for (int r = 0; r < 3; ++r) {
      if (r == i) continue;
      const double f = s[r][i] / s[i][i];
      for (int j = 0; j < 4; ++j) s[r][j] -= f * s[i][j];
    }
  }
  a = s[0][3] / s[0][0];
  b = s[1][3] / s[1][1];
  c = s[2][3] / s[2][2];
  return true;
}

bool robustPlane(std::vector<Column> cols, double tolMm, double& a, double& b) {
  double c = 0;
  if (int(cols.size()) < kMinColumns || !fitPlane(cols, a, b, c)) return false;
  std::erase_if(cols, [&](const Column& col) {
    return std::abs(col.h - (a * col.u + b * col.w + c)) > tolMm;
  });
  return int(cols.size()) >= kMinColumns && fitPlane(cols, a, b, c);
}
}  // namespace

core::Vec3 endplateAxis(const std::vector<core::Vec3>& bodyPointsMm, const core::Vec3& originMm,
                        const core::Vec3& approxSuperior, double spacingMm, double maxTurnDeg) {
  const core::Vec3 sup = core::normalized(approxSuperior);
  const core::Vec3 helper = std::abs(sup.x) < 0.9 ? core::Vec3{1, 0, 0} : core::Vec3{0, 1, 0};
  const core::Vec3 e1 = core::normalized(helper - sup * core::dot(helper, sup));
  const core::Vec3 e2 = core::cross(sup, e1);
  double uLo = 1e30, uHi = -1e30, wLo = 1e30, wHi = -1e30;
  for (const auto& p : bodyPointsMm) {
    const core::Vec3 d = p - originMm;
    const double u = core::dot(d, e1), w = core::dot(d, e2);
    uLo = std::min(uLo, u), uHi = std::max(uHi, u), wLo = std::min(wLo, w), wHi = std::max(wHi, w);
  }
  if (uHi - uLo < 6 * spacingMm || wHi - wLo < 6 * spacingMm) return sup;
  const double uc = 0.5 * (uLo + uHi), wc = 0.5 * (wLo + wHi);
  const double uHalf = kCentralFraction * 0.5 * (uHi - uLo),
               wHalf = kCentralFraction * 0.5 * (wHi - wLo);
  // Each column of the central body: its highest and lowest voxel.
  std::map<std::pair<int, int>, std::pair<double, double>> columns;
  for (const auto& p : bodyPointsMm) {
    const core::Vec3 d = p - originMm;
    const double u = core::dot(d, e1), w = core::dot(d, e2), h = core::dot(d, sup);
    if (std::abs(u - uc) > uHalf || std::abs(w - wc) > wHalf) continue;
    const auto key = std::make_pair(int(std::floor(u / spacingMm)), int(std::floor(w / spacingMm)));
    auto [it, fresh] = columns.try_emplace(key, h, h);
    if (!fresh) it->second = {std::max(it->second.first, h), std::min(it->second.second, h)};
  }
  std::vector<Column> tops, bottoms;
  for (const auto& [key, range] : columns) {
    const double u = (key.first + 0.5) * spacingMm, w = (key.second + 0.5) * spacingMm;
    tops.push_back({u, w, range.first});
    bottoms.push_back({u, w, range.second});
  }
  double at = 0, bt = 0, ab = 0, bb = 0;
  const double tol = kOutlierVoxels * spacingMm;
  if (!robustPlane(tops, tol, at, bt) || !robustPlane(bottoms, tol, ab, bb)) return sup;
  // Plane h = a u + b w + c has the normal (-a, -b, 1) in (e1, e2, sup).
  auto normalOf = [&](double a, double b) { return core::normalized(e1 * -a + e2 * -b + sup); };
  const core::Vec3 axis = core::normalized(normalOf(at, bt) + normalOf(ab, bb));
  if (core::dot(axis, sup) < std::cos(maxTurnDeg * std::numbers::pi / 180)) return sup;
  return axis;
}

}  // namespace trocar::segment::detail
