#include "trocar/core/Plan.h"

#include <cmath>
#include <ctime>

namespace trocar::core {

std::string toString(NeedleApproach v) {
  return v == NeedleApproach::kTranspedicular ? "transpedicular" : "parapedicular";
}
std::string toString(LevelStrategy v) {
  return v == LevelStrategy::kUnipedicular ? "unipedicular" : "bipedicular";
}
std::string toString(BodySide v) { return v == BodySide::kLeft ? "left" : "right"; }
std::string toString(Verdict v) {
  switch (v) {
    case Verdict::kSafe:
      return "safe";
    case Verdict::kCaution:
      return "caution";
    case Verdict::kUnsafe:
      return "unsafe";
  }
  return "?";
}
std::string toString(CementViscosity v) {
  switch (v) {
    case CementViscosity::kLow:
      return "low";
    case CementViscosity::kMedium:
      return "medium";
    case CementViscosity::kHigh:
      return "high";
  }
  return "?";
}
std::string toString(StopCriterion v) {
  switch (v) {
    case StopCriterion::kPlannedVolume:
      return "planned-volume";
    case StopCriterion::kPosteriorWall:
      return "posterior-wall";
    case StopCriterion::kLeakage:
      return "leakage";
    case StopCriterion::kEndplate:
      return "endplate";
    case StopCriterion::kPressureLimit:
      return "pressure-limit";
  }
  return "?";
}

bool VolumeGeometry::contains(const Vec3& pointMm, double toleranceMm) const {
  // Solve origin + D * diag(spacing) * ijk = p with the direction columns (not assumed orthogonal).
  const Vec3 c0{directionColumns[0], directionColumns[1], directionColumns[2]};
  const Vec3 c1{directionColumns[3], directionColumns[4], directionColumns[5]};
  const Vec3 c2{directionColumns[6], directionColumns[7], directionColumns[8]};
  const double det = dot(c0, cross(c1, c2));
  if (std::abs(det) < 1e-12) return false;
  const Vec3 d = pointMm - originMm;
  const double u[3] = {dot(d, cross(c1, c2)) / det, dot(c0, cross(d, c2)) / det,
                       dot(c0, cross(c1, d)) / det};
  const double spacing[3] = {spacingMm.x, spacingMm.y, spacingMm.z};
  for (int a = 0; a < 3; ++a) {
    const double lo = -0.5 * spacing[a] - toleranceMm,
                 hi = (sizeVoxels[a] - 0.5) * spacing[a] + toleranceMm;
    if (u[a] < lo || u[a] > hi) return false;
  }
  return true;
}

const PlannedLevel* Plan::findLevel(const std::string& name) const {
  for (const auto& l : levels)
    if (l.name == name) return &l;
  return nullptr;
}

std::string nowUtcIso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace trocar::core
