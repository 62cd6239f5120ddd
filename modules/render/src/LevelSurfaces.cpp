#include "trocar/render/LevelSurfaces.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageConstantPad.h>
#include <vtkImageData.h>
#include <vtkImageShrink3D.h>
#include <vtkImageThreshold.h>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include "trocar/render/VtkImage.h"

namespace trocar::render {
namespace {

struct Box {
  std::array<int, 3> lo{1 << 30, 1 << 30, 1 << 30}, hi{-1, -1, -1};
};

// Smooths a marching surface (voxel staircases look like terraces at 3 mm), takes it from data
// coordinates to LPS and gives it normals for shading.
vtkSmartPointer<vtkPolyData> finish(vtkAlgorithmOutput* surface, const ImageFrame& frame,
                                    int smoothingIterations) {
  vtkNew<vtkWindowedSincPolyDataFilter> smooth;
  smooth->SetInputConnection(surface);
  smooth->SetNumberOfIterations(smoothingIterations);
  smooth->SetPassBand(0.08);
  smooth->BoundarySmoothingOff();
  smooth->FeatureEdgeSmoothingOff();
  smooth->NonManifoldSmoothingOn();
  smooth->NormalizeCoordinatesOn();
  vtkNew<vtkTransform> toWorld;
  toWorld->SetMatrix(frame.dataToWorldMatrix());
  vtkNew<vtkTransformPolyDataFilter> transform;
  transform->SetInputConnection(smooth->GetOutputPort());
  transform->SetTransform(toWorld);
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(transform->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOn();
  normals->AutoOrientNormalsOn();  // outward, whatever the handedness of the grid
  normals->Update();
  vtkSmartPointer<vtkPolyData> out = normals->GetOutput();
  return out;
}

}  // namespace

std::vector<LevelSurface> buildLevelSurfaces(const image::LabelImage& labels,
                                             const std::vector<std::pair<int, std::string>>& names,
                                             const core::Progress& progress) {
  const ImageFrame frame = frameOf(labels);
  // Bounding boxes of every label in one pass, so each surface is extracted from its own box.
  std::map<int, Box> boxes;
  const uint8_t* voxel = labels.GetBufferPointer();
  for (int k = 0; k < frame.size[2]; ++k)
    for (int j = 0; j < frame.size[1]; ++j)
      for (int i = 0; i < frame.size[0]; ++i, ++voxel) {
        if (*voxel == 0) continue;
        Box& b = boxes[*voxel];
        const std::array<int, 3> ijk{i, j, k};
        for (int a = 0; a < 3; ++a) {
          b.lo[a] = std::min(b.lo[a], ijk[a]);
          b.hi[a] = std::max(b.hi[a], ijk[a]);
        }
      }

  std::vector<std::pair<int, std::string>> wanted = names;
  if (wanted.empty())
    for (const auto& [label, box] : boxes) wanted.emplace_back(label, std::to_string(label));

  auto data = wrapImage(labels);
  std::vector<LevelSurface> surfaces;
  for (size_t n = 0; n < wanted.size(); ++n) {
    if (progress.cancelled()) return {};
    const auto& [label, name] = wanted[n];
    auto found = boxes.find(label);
    if (found == boxes.end()) continue;
    const Box& b = found->second;
    // One voxel of background around the box closes the surface where the label meets the edge.
    vtkNew<vtkImageConstantPad> pad;
    pad->SetInputData(data);
    pad->SetConstant(0);
    pad->SetOutputWholeExtent(b.lo[0] - 1, b.hi[0] + 1, b.lo[1] - 1, b.hi[1] + 1, b.lo[2] - 1,
                              b.hi[2] + 1);
    vtkNew<vtkDiscreteFlyingEdges3D> edges;
    edges->SetInputConnection(pad->GetOutputPort());
    edges->SetValue(0, label);
    edges->ComputeNormalsOff();
    edges->ComputeGradientsOff();
    edges->ComputeScalarsOff();
    LevelSurface s;
    s.label = label;
    s.name = name;
    s.surface = finish(edges->GetOutputPort(), frame, 15);
    const vtkIdType count = s.surface->GetNumberOfPoints();
    for (vtkIdType p = 0; p < count; ++p) {
      double x[3];
      s.surface->GetPoint(p, x);
      s.centroidMm += core::Vec3{x[0], x[1], x[2]};
    }
    if (count > 0) s.centroidMm = s.centroidMm / static_cast<double>(count);
    surfaces.push_back(std::move(s));
    progress.report(static_cast<double>(n + 1) / wanted.size(), "vertebra surfaces");
  }
  return surfaces;
}

vtkSmartPointer<vtkPolyData> buildMaskSurface(const image::LabelImage& mask, int value,
                                              double minVoxelMm) {
  const ImageFrame frame = frameOf(mask);
  vtkNew<vtkImageThreshold> select;
  select->SetInputData(wrapImage(mask));
  select->ThresholdBetween(value, value);
  select->SetInValue(1);
  select->SetOutValue(0);
  select->SetOutputScalarTypeToFloat();
  vtkNew<vtkImageShrink3D> shrink;
  shrink->SetInputConnection(select->GetOutputPort());
  int factors[3];
  for (int a = 0; a < 3; ++a)
    factors[a] = std::max(1, static_cast<int>(std::ceil(minVoxelMm / frame.spacingMm[a] - 1e-6)));
  shrink->SetShrinkFactors(factors);
  shrink->AveragingOn();
  shrink->Update();
  int extent[6];
  shrink->GetOutput()->GetExtent(extent);
  vtkNew<vtkImageConstantPad> pad;
  pad->SetInputConnection(shrink->GetOutputPort());
  pad->SetConstant(0);
  pad->SetOutputWholeExtent(extent[0] - 1, extent[1] + 1, extent[2] - 1, extent[3] + 1,
                            extent[4] - 1, extent[5] + 1);
  vtkNew<vtkFlyingEdges3D> edges;
  edges->SetInputConnection(pad->GetOutputPort());
  edges->SetValue(0, 0.5);
  edges->ComputeNormalsOff();
  edges->ComputeScalarsOff();
  return finish(edges->GetOutputPort(), frame, 10);
}

}  // namespace trocar::render
