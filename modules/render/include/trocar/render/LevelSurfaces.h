#pragma once

#include <string>
#include <vector>

#include <vtkSmartPointer.h>

#include "trocar/core/Progress.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

#include <vtkPolyData.h>

namespace trocar::render {

// A smoothed surface of one label, with normals, in patient LPS millimetres.
struct LevelSurface {
  int label = 0;     // VerSe number
  std::string name;  // "L3"
  vtkSmartPointer<vtkPolyData> surface;
  core::Vec3 centroidMm;  // of the surface's points
};

// One surface per label present in `labels` (VerSe level map), for the given names (label ->
// name; labels without a name are skipped when `names` is not empty). Pure computation, no
// OpenGL: safe to run on a worker thread, then hand to a SpineScene on the UI thread.
std::vector<LevelSurface> buildLevelSurfaces(const image::LabelImage& labels,
                                             const std::vector<std::pair<int, std::string>>& names,
                                             const core::Progress& progress = {});

// The surface of the voxels of `mask` equal to `value` (the skin from a body mask), smoothed,
// sampled down so its voxels are at least `minVoxelMm` wide (a skin needs no sub-mm detail).
vtkSmartPointer<vtkPolyData> buildMaskSurface(const image::LabelImage& mask, int value,
                                              double minVoxelMm = 2.0);

}  // namespace trocar::render
