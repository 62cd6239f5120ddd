#pragma once

#include <vector>

#include "trocar/core/Plan.h"
#include "trocar/core/Vec3.h"
#include "trocar/render/LevelColors.h"

namespace trocar::render {

// What a view draws of one needle: its path from the skin through the bone entry to the target.
struct NeedleShape {
  core::Vec3 skinEntryMm, boneEntryMm, targetMm;
  double diameterMm = 3.05;  // 11 G
  Rgb color = kNeedleColor;
};

// The needles of a plan, with their gauges' outer diameters.
std::vector<NeedleShape> needleShapes(const core::Plan& plan);

}  // namespace trocar::render
