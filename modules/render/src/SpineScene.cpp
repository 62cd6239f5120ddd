#include "trocar/render/SpineScene.h"

#include <algorithm>

#include <vtkActor.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkLineSource.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>
#include <vtkTubeFilter.h>

#include "trocar/render/LevelColors.h"
#include "trocar/render/VtkImage.h"

namespace trocar::render {

struct SpineScene::Impl {
  vtkNew<vtkRenderer> renderer;
  std::vector<vtkSmartPointer<vtkActor>> levelActors;
  std::vector<vtkSmartPointer<vtkBillboardTextActor3D>> levelNames;
  vtkSmartPointer<vtkActor> skinActor;
  std::vector<vtkSmartPointer<vtkActor>> needleActors;
  bool namesVisible = true;
  // The cement: its fill times with "never" raised above every real time, so the region filled by
  // t is exactly where the field is below t and one iso-surface at t bounds it.
  vtkSmartPointer<vtkImageData> cementField;
  vtkNew<vtkFlyingEdges3D> cementContour;
  vtkNew<vtkActor> cementActor;
  double cementLastS = 0, cementTimeS = -1;

  void setLevelOpacity(double opacity) {
    for (auto& a : levelActors) a->GetProperty()->SetOpacity(opacity);
  }

  Impl() {
    renderer->SetBackground(0.08, 0.09, 0.11);
    renderer->SetBackground2(0.25, 0.27, 0.32);
    renderer->GradientBackgroundOn();
    renderer->SetBackgroundAlpha(1.0);  // opaque: Qt composes the view with its alpha
    // No depth peeling: on Mesa's software rasteriser it made a frame with the skin 10x slower
    // (bench_views). The skin is the only translucent surface and draws its front faces only,
    // so plain blending over the opaque bone and needles is already right.
    cementContour->ComputeNormalsOn();
    cementContour->ComputeScalarsOff();
    vtkNew<vtkPolyDataMapper> cementMapper;
    cementMapper->SetInputConnection(cementContour->GetOutputPort());
    cementMapper->ScalarVisibilityOff();
    cementActor->SetMapper(cementMapper);
    cementActor->GetProperty()->SetColor(kCementColor[0], kCementColor[1], kCementColor[2]);
    cementActor->GetProperty()->SetSpecular(0.3);
    cementActor->VisibilityOff();
    renderer->AddActor(cementActor);
  }

  void clear(std::vector<vtkSmartPointer<vtkActor>>& actors) {
    for (auto& a : actors) renderer->RemoveActor(a);
    actors.clear();
  }
};

SpineScene::SpineScene() : impl_(std::make_unique<Impl>()) {}
SpineScene::~SpineScene() = default;

vtkRenderer* SpineScene::renderer() const { return impl_->renderer; }
int SpineScene::levelCount() const { return static_cast<int>(impl_->levelActors.size()); }

void SpineScene::setLevelSurfaces(const std::vector<LevelSurface>& surfaces) {
  auto& d = *impl_;
  d.clear(d.levelActors);
  for (auto& t : d.levelNames) d.renderer->RemoveViewProp(t);
  d.levelNames.clear();
  for (const auto& s : surfaces) {
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(s.surface);
    mapper->ScalarVisibilityOff();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    const Rgb c = levelColor(s.label);
    actor->GetProperty()->SetColor(c[0], c[1], c[2]);
    actor->GetProperty()->SetSpecular(0.2);
    actor->GetProperty()->SetSpecularPower(20);
    if (d.cementField) actor->GetProperty()->SetOpacity(0.35);
    d.renderer->AddActor(actor);
    d.levelActors.push_back(actor);

    // The name sits to the patient's right of the vertebra (screen left in the AP view).
    auto name = vtkSmartPointer<vtkBillboardTextActor3D>::New();
    name->SetInput(s.name.c_str());
    name->SetPosition(s.centroidMm.x - 45, s.centroidMm.y, s.centroidMm.z);
    name->GetTextProperty()->SetFontSize(16);
    name->GetTextProperty()->SetColor(c[0], c[1], c[2]);
    name->GetTextProperty()->BoldOn();
    name->SetVisibility(d.namesVisible);
    d.renderer->AddViewProp(name);
    d.levelNames.push_back(name);
  }
}

void SpineScene::setSkin(vtkSmartPointer<vtkPolyData> skin, double opacity) {
  auto& d = *impl_;
  if (d.skinActor) d.renderer->RemoveActor(d.skinActor);
  d.skinActor = nullptr;
  if (!skin) return;
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(skin);
  mapper->ScalarVisibilityOff();
  d.skinActor = vtkSmartPointer<vtkActor>::New();
  d.skinActor->SetMapper(mapper);
  d.skinActor->GetProperty()->SetColor(kSkinColor[0], kSkinColor[1], kSkinColor[2]);
  d.skinActor->GetProperty()->SetOpacity(opacity);
  // Only the near side of the skin: the far side would double the haze over the spine.
  d.skinActor->GetProperty()->BackfaceCullingOn();
  d.renderer->AddActor(d.skinActor);
}

void SpineScene::setSkinVisible(bool visible) {
  if (impl_->skinActor) impl_->skinActor->SetVisibility(visible);
}

void SpineScene::setNeedles(const std::vector<NeedleShape>& needles) {
  auto& d = *impl_;
  d.clear(d.needleActors);
  for (const auto& n : needles) {
    vtkNew<vtkLineSource> line;
    line->SetPoint1(n.skinEntryMm.x, n.skinEntryMm.y, n.skinEntryMm.z);
    line->SetPoint2(n.targetMm.x, n.targetMm.y, n.targetMm.z);
    vtkNew<vtkTubeFilter> tube;
    tube->SetInputConnection(line->GetOutputPort());
    tube->SetRadius(0.5 * n.diameterMm);
    tube->SetNumberOfSides(16);
    tube->CappingOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(tube->GetOutputPort());
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(n.color[0], n.color[1], n.color[2]);
    actor->GetProperty()->SetSpecular(0.6);
    actor->GetProperty()->SetSpecularPower(40);
    d.renderer->AddActor(actor);
    d.needleActors.push_back(actor);
  }
}

void SpineScene::setCement(image::FloatImage::Pointer fillTimeS) {
  auto& d = *impl_;
  if (!fillTimeS) {
    d.cementField = nullptr;
    d.cementActor->VisibilityOff();
    d.setLevelOpacity(1.0);
    return;
  }
  const ImageFrame frame = frameOf(*fillTimeS);
  const float* t = fillTimeS->GetBufferPointer();
  const vtkIdType n = static_cast<vtkIdType>(fillTimeS->GetPixelContainer()->Size());
  float last = 0;
  for (vtkIdType i = 0; i < n; ++i) last = std::max(last, t[i]);
  d.cementLastS = last;
  d.cementTimeS = -1;  // contoured afresh below
  auto values = vtkSmartPointer<vtkFloatArray>::New();
  values->SetNumberOfValues(n);
  const float never = 2 * last + 1000;
  for (vtkIdType i = 0; i < n; ++i) values->SetValue(i, t[i] < 0 ? never : t[i]);
  d.cementField = vtkSmartPointer<vtkImageData>::New();
  d.cementField->SetDimensions(frame.size[0], frame.size[1], frame.size[2]);
  d.cementField->SetSpacing(frame.spacingMm.x, frame.spacingMm.y, frame.spacingMm.z);
  d.cementField->GetPointData()->SetScalars(values);
  d.cementContour->SetInputData(d.cementField);
  d.cementActor->SetUserMatrix(frame.dataToWorldMatrix());
  d.cementActor->VisibilityOn();
  d.setLevelOpacity(0.35);
  setCementTime(last);
}

void SpineScene::setCementTime(double seconds) {
  auto& d = *impl_;
  if (!d.cementField || seconds == d.cementTimeS) return;
  d.cementTimeS = seconds;
  // Just above t, so the voxel that filled at t is inside.
  d.cementContour->SetValue(0, seconds + 1e-3);
  d.cementContour->Update();
}

long SpineScene::cementTriangles() const {
  const auto& d = *impl_;
  if (!d.cementField || !d.cementActor->GetVisibility()) return 0;
  return static_cast<long>(d.cementContour->GetOutput()->GetNumberOfPolys());
}

void SpineScene::setLevelNamesVisible(bool visible) {
  impl_->namesVisible = visible;
  for (auto& t : impl_->levelNames) t->SetVisibility(visible);
}

void SpineScene::resetCamera() {
  auto& d = *impl_;
  // Frame the spine, not the skin: the skin is the whole torso and would shrink the vertebrae.
  const bool skinShown = d.skinActor && d.skinActor->GetVisibility();
  if (skinShown && !d.levelActors.empty()) d.skinActor->VisibilityOff();
  d.renderer->ResetCamera();
  auto* camera = d.renderer->GetActiveCamera();
  double focal[3];
  camera->GetFocalPoint(focal);
  const double distance = camera->GetDistance();
  camera->SetPosition(focal[0], focal[1] - distance, focal[2]);  // anterior is -y in LPS
  camera->SetViewUp(0, 0, 1);
  d.renderer->ResetCamera();
  if (skinShown) d.skinActor->VisibilityOn();
  d.renderer->ResetCameraClippingRange();
}

}  // namespace trocar::render
