#pragma once

#include <array>

#include <vtkSmartPointer.h>

#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

class vtkImageData;
class vtkMatrix4x4;

namespace trocar::render {

// Where an ITK image's voxels sit in patient LPS: world = origin + direction * dataMm, where
// dataMm = spacing * ijk are the "data coordinates" of the vtkImageData we wrap it in (origin 0,
// no direction). VTK 9.1's image filters and mappers ignore an image's direction matrix, so we
// keep it here and map planes and surfaces between the two frames ourselves.
struct ImageFrame {
  core::Vec3 originMm;
  core::Vec3 spacingMm{1, 1, 1};
  std::array<int, 3> size{0, 0, 0};
  std::array<core::Vec3, 3> axes{core::Vec3{1, 0, 0}, core::Vec3{0, 1, 0},
                                 core::Vec3{0, 0, 1}};  // i, j, k

  core::Vec3 dataToWorld(const core::Vec3& dataMm) const;
  core::Vec3 worldToData(const core::Vec3& worldMm) const;
  core::Vec3 directionToData(const core::Vec3& worldDirection) const;
  core::Vec3 centreMm() const;
  // The eight outermost voxel centres, in LPS.
  std::array<core::Vec3, 8> cornersMm() const;
  // The 4x4 homogeneous matrix taking data coordinates to LPS.
  vtkSmartPointer<vtkMatrix4x4> dataToWorldMatrix() const;
};

ImageFrame frameOf(const itk::ImageBase<3>& image);

// The image's voxels as a vtkImageData in data coordinates, sharing the ITK buffer (no copy): the
// caller keeps the ITK image alive as long as the VTK one is used.
vtkSmartPointer<vtkImageData> wrapImage(const image::CtImage& image);
vtkSmartPointer<vtkImageData> wrapImage(const image::LabelImage& image);
vtkSmartPointer<vtkImageData> wrapImage(const image::FloatImage& image);

}  // namespace trocar::render
