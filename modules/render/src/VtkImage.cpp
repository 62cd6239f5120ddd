#include "trocar/render/VtkImage.h"

#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>

namespace trocar::render {

core::Vec3 ImageFrame::dataToWorld(const core::Vec3& d) const {
  return originMm + axes[0] * d.x + axes[1] * d.y + axes[2] * d.z;
}

core::Vec3 ImageFrame::worldToData(const core::Vec3& w) const {
  return directionToData(w - originMm);
}

core::Vec3 ImageFrame::directionToData(const core::Vec3& v) const {
  // The direction matrix is orthonormal: its inverse is its transpose.
  return {core::dot(axes[0], v), core::dot(axes[1], v), core::dot(axes[2], v)};
}

core::Vec3 ImageFrame::centreMm() const {
  return dataToWorld({0.5 * (size[0] - 1) * spacingMm.x, 0.5 * (size[1] - 1) * spacingMm.y,
                      0.5 * (size[2] - 1) * spacingMm.z});
}

std::array<core::Vec3, 8> ImageFrame::cornersMm() const {
  std::array<core::Vec3, 8> corners;
  for (int c = 0; c < 8; ++c) {
    const core::Vec3 d{(c & 1) ? (size[0] - 1) * spacingMm.x : 0.0,
                       (c & 2) ? (size[1] - 1) * spacingMm.y : 0.0,
                       (c & 4) ? (size[2] - 1) * spacingMm.z : 0.0};
    corners[c] = dataToWorld(d);
  }
  return corners;
}

vtkSmartPointer<vtkMatrix4x4> ImageFrame::dataToWorldMatrix() const {
  auto m = vtkSmartPointer<vtkMatrix4x4>::New();
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) m->SetElement(row, col, axes[col][row]);
    m->SetElement(row, 3, originMm[row]);
  }
  return m;
}

ImageFrame frameOf(const itk::ImageBase<3>& image) {
  ImageFrame f;
  const auto origin = image.GetOrigin();
  const auto spacing = image.GetSpacing();
  const auto size = image.GetLargestPossibleRegion().GetSize();
  const auto& direction = image.GetDirection();
  f.originMm = {origin[0], origin[1], origin[2]};
  f.spacingMm = {spacing[0], spacing[1], spacing[2]};
  for (int i = 0; i < 3; ++i) {
    f.size[i] = static_cast<int>(size[i]);
    f.axes[i] = {direction(0, i), direction(1, i), direction(2, i)};
  }
  return f;
}

namespace {

template <typename ArrayType, typename Pixel>
vtkSmartPointer<vtkImageData> wrap(const itk::Image<Pixel, 3>& image) {
  const ImageFrame f = frameOf(image);
  auto data = vtkSmartPointer<vtkImageData>::New();
  data->SetDimensions(f.size[0], f.size[1], f.size[2]);
  data->SetSpacing(f.spacingMm.x, f.spacingMm.y, f.spacingMm.z);
  data->SetOrigin(0, 0, 0);
  auto array = vtkSmartPointer<ArrayType>::New();
  const vtkIdType count = static_cast<vtkIdType>(f.size[0]) * f.size[1] * f.size[2];
  // save = 1: VTK must not free ITK's buffer. VTK's API is not const-correct; we never write.
  array->SetArray(const_cast<Pixel*>(image.GetBufferPointer()), count, 1);
  array->SetName("voxels");
  data->GetPointData()->SetScalars(array);
  return data;
}

}  // namespace

vtkSmartPointer<vtkImageData> wrapImage(const image::CtImage& image) {
  return wrap<vtkShortArray>(image);
}
vtkSmartPointer<vtkImageData> wrapImage(const image::LabelImage& image) {
  return wrap<vtkUnsignedCharArray>(image);
}
vtkSmartPointer<vtkImageData> wrapImage(const image::FloatImage& image) {
  return wrap<vtkFloatArray>(image);
}

}  // namespace trocar::render
