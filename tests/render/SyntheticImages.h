#pragma once

#include <array>

#include "trocar/image/CtVolume.h"

namespace trocar::rendertest {

// A 64^3 1 mm CT of air (-1000 HU) with a 1000 HU block at i 40..55, j 5..15, k 20..44: patient
// left (+x) and anterior (-y) of the centre, so every view shows it off-centre in a known corner.
image::CtImage::Pointer blockCt(const std::array<double, 9>& direction = {1, 0, 0, 0, 1, 0, 0, 0,
                                                                          1});
// Labels on the same grid: `label` inside the block.
image::LabelImage::Pointer blockLabels(int label);
// A label map of spheres: centre (ijk) and radius (voxels) per label.
struct Sphere {
  int label;
  std::array<double, 3> centreIjk;
  double radius;
};
image::LabelImage::Pointer sphereLabels(const std::vector<Sphere>& spheres, int size = 64);

}  // namespace trocar::rendertest
