#pragma once

#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::uitest {

// The value of the voxel of `image` that holds the LPS point `p` (mm); -2 outside the image (the
// cement's fill-time maps use -1 for "never reached").
inline float pixelAtPoint(const image::FloatImage& image, const core::Vec3& p) {
  itk::Point<double, 3> point;
  point[0] = p.x;
  point[1] = p.y;
  point[2] = p.z;
  itk::Index<3> index;
  if (!image.TransformPhysicalPointToIndex(point, index)) return -2;
  return image.GetPixel(index);
}

}  // namespace trocar::uitest
