#include "StackGeometry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

namespace trocar::dicom::detail {

namespace {

// Positions are decimal strings of limited precision; two planes closer than this along the normal
// are the same position.
constexpr double kDuplicateMm = 0.01;
// A step is "the nominal spacing" when within this fraction of it (DS rounding, scanner jitter).
constexpr double kStepTolerance = 0.02;
// In-plane drift of the last slice, in pixels, above which the stack counts as sheared (tilted).
constexpr double kTiltDriftPixels = 0.1;

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f mm", v);
  return buf;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

}  // namespace

void analyseStack(SeriesStack& stack) {
  auto& planes = stack.planes;
  if (planes.empty()) return;
  const bool geometry =
      std::all_of(planes.begin(), planes.end(), [](const ImagePlane& p) { return p.hasGeometry; });
  if (!geometry) {
    // Without positions there is nothing physical to sort by; Instance Number is the only order
    // left, and the result is marked so nobody measures on it unknowingly.
    std::stable_sort(planes.begin(), planes.end(), [](const ImagePlane& a, const ImagePlane& b) {
      return a.instanceNumber < b.instanceNumber;
    });
    stack.sliceSpacingMm =
        stack.metadata.sliceThicknessMm > 0 ? stack.metadata.sliceThicknessMm : 1.0;
    stack.warnings.push_back(
        "no Image Position/Orientation: slices ordered by Instance Number, spacing assumed " +
        mm(stack.sliceSpacingMm) + "; do not measure on this volume");
    return;
  }

  const core::Vec3 n = planes.front().normal();
  stack.sliceNormal = n;
  auto along = [&](const ImagePlane& p) { return core::dot(p.positionMm, n); };
  std::stable_sort(planes.begin(), planes.end(), [&](const ImagePlane& a, const ImagePlane& b) {
    const double da = along(a), db = along(b);
    if (std::abs(da - db) > 1e-9) return da < db;
    return a.instanceNumber < b.instanceNumber;  // only to make duplicate handling deterministic
  });

  // Duplicates: same position twice (repeated export, second acquisition). Keep the first.
  std::vector<ImagePlane> unique;
  unique.reserve(planes.size());
  size_t duplicates = 0;
  for (auto& p : planes) {
    if (!unique.empty() && std::abs(along(p) - along(unique.back())) < kDuplicateMm) {
      ++duplicates;
      if (duplicates <= 3)
        stack.warnings.push_back(
            "duplicate position at " + mm(along(p)) + " along the normal: kept " +
            unique.back().file.filename().string() + ", ignored " + p.file.filename().string());
      continue;
    }
    unique.push_back(std::move(p));
  }
  if (duplicates > 3)
    stack.warnings.push_back(std::to_string(duplicates) +
                             " duplicate positions in all, each ignored");
  planes = std::move(unique);

  if (planes.size() < 2) {
    stack.sliceSpacingMm =
        stack.metadata.sliceThicknessMm > 0 ? stack.metadata.sliceThicknessMm : 1.0;
    return;
  }

  std::vector<double> steps;
  for (size_t i = 1; i < planes.size(); ++i)
    steps.push_back(along(planes[i]) - along(planes[i - 1]));
  // The nominal spacing is the most common step; a median is robust to a few gaps.
  const double nominal = median(steps);
  stack.sliceSpacingMm = nominal;

  size_t missing = 0, irregular = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const double ratio = steps[i] / nominal;
    const double whole = std::round(ratio);
    if (std::abs(ratio - 1) <= kStepTolerance) continue;
    if (whole >= 2 && std::abs(ratio - whole) <= kStepTolerance * whole) {
      missing += static_cast<size_t>(whole) - 1;
      stack.warnings.push_back(std::to_string(static_cast<int>(whole) - 1) +
                               " missing slice(s) between " + planes[i].file.filename().string() +
                               " and " + planes[i + 1].file.filename().string() + " (gap " +
                               mm(steps[i]) + " for a spacing of " + mm(nominal) +
                               "); filled by linear interpolation");
    } else {
      ++irregular;
    }
  }
  if (irregular > 0) {
    const auto [lo, hi] = std::minmax_element(steps.begin(), steps.end());
    stack.warnings.push_back("non-uniform slice spacing (" + mm(*lo) + " to " + mm(*hi) + ", " +
                             std::to_string(irregular) +
                             " irregular steps): resampled onto a uniform " + mm(nominal) +
                             " grid");
  }
  stack.uniformSpacing = missing == 0 && irregular == 0;

  // Gantry tilt shows as positions drifting within the slice plane as the table advances.
  const core::Vec3 total = planes.back().positionMm - planes.front().positionMm;
  const double advance = core::dot(total, n);
  const core::Vec3 drift = total - n * advance;
  const double pixel = std::min(planes.front().rowSpacingMm, planes.front().columnSpacingMm);
  if (core::norm(drift) > kTiltDriftPixels * pixel && advance > 0) {
    stack.gantryTiltDeg = std::atan2(core::norm(drift), advance) * 180.0 / std::numbers::pi;
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "gantry tilt of %.2f degrees (slices sheared along the table): resampled onto an "
                  "orthogonal grid",
                  stack.gantryTiltDeg);
    stack.warnings.push_back(buf);
  }
}

StackLayout planLayout(const SeriesStack& stack) {
  StackLayout layout;
  const ImagePlane& first = stack.planes.front();
  const core::Vec3 r = first.rowDirection, c = first.columnDirection;
  const core::Vec3 n =
      stack.planes.size() > 1 && first.hasGeometry ? stack.sliceNormal : first.normal();
  VolumeGrid& grid = layout.grid;
  grid.direction = core::Mat3::fromColumns(r, c, n);
  grid.spacingMm[0] = first.columnSpacingMm;
  grid.spacingMm[1] = first.rowSpacingMm;
  grid.spacingMm[2] = stack.sliceSpacingMm > 0 ? stack.sliceSpacingMm : 1.0;
  grid.originMm = first.positionMm;
  grid.size[0] = first.columns;
  grid.size[1] = first.rows;
  grid.size[2] = stack.planes.size();

  for (const auto& p : stack.planes) {
    const core::Vec3 d = p.positionMm - first.positionMm;
    layout.alongNormalMm.push_back(core::dot(d, n));
    layout.offsetRowMm.push_back(core::dot(d, r));
    layout.offsetColumnMm.push_back(core::dot(d, c));
  }
  layout.needsResampling = !stack.uniformSpacing || stack.gantryTiltDeg > 0;
  if (!layout.needsResampling || !first.hasGeometry) return layout;

  // Cover every sheared slice: the grid grows in-plane by the total drift.
  const auto [uMin, uMax] =
      std::minmax_element(layout.offsetRowMm.begin(), layout.offsetRowMm.end());
  const auto [vMin, vMax] =
      std::minmax_element(layout.offsetColumnMm.begin(), layout.offsetColumnMm.end());
  layout.gridOffsetRowMm = *uMin;
  layout.gridOffsetColumnMm = *vMin;
  grid.originMm = first.positionMm + r * *uMin + c * *vMin;
  grid.size[0] =
      first.columns + static_cast<size_t>(std::ceil((*uMax - *uMin) / grid.spacingMm[0] - 1e-6));
  grid.size[1] =
      first.rows + static_cast<size_t>(std::ceil((*vMax - *vMin) / grid.spacingMm[1] - 1e-6));
  // Whole steps only: the grid ends at or before the last real slice, never extrapolates past it.
  grid.size[2] =
      static_cast<size_t>(std::floor(layout.alongNormalMm.back() / grid.spacingMm[2] + 1e-3)) + 1;
  return layout;
}

}  // namespace trocar::dicom::detail
