#include "trocar/render/SliceScene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCoordinate.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkImageProperty.h>
#include <vtkImageReslice.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include "trocar/render/LevelColors.h"
#include "trocar/render/VtkImage.h"

namespace trocar::render {
namespace {

// Depths of the scene's layers along the camera axis (the camera looks down -z from +z).
constexpr double kLabelZ = 0.1, kCementZ = 0.15, kCrosshairZ = 0.2, kNeedleZ = 0.3;
// Entries of the cement colour table over [-1 s, last fill time]: one entry spans well under a
// second for any real injection, and never reaches from "never" (-1) to 0.
constexpr int kCementTableSize = 4096;
constexpr double kCameraDistance = 1000;
// Resliced images wider than this are sampled coarser: more pixels than a screen shows only
// cost time while scrolling.
constexpr double kMaxSlicePixels = 1024;

const char* letterOf(const core::Vec3& d) {
  const double ax = std::abs(d.x), ay = std::abs(d.y), az = std::abs(d.z);
  if (ax >= ay && ax >= az) return d.x > 0 ? "L" : "R";
  if (ay >= az) return d.y > 0 ? "P" : "A";
  return d.z > 0 ? "S" : "I";
}

unsigned char toByte(double c) {
  return static_cast<unsigned char>(std::clamp(c, 0.0, 1.0) * 255.0 + 0.5);
}

}  // namespace

struct SliceScene::Impl {
  SliceOrientation orientation;
  vtkNew<vtkRenderer> renderer;
  image::CtImage::Pointer ct;
  image::LabelImage::Pointer labels;
  vtkSmartPointer<vtkImageData> ctData, labelData, cementData;
  ImageFrame frame;
  // The cement's own grid (the simulation's), resliced through the same plane as the CT.
  image::FloatImage::Pointer cement;
  ImageFrame cementFrame;
  vtkNew<vtkImageReslice> cementReslice;
  vtkNew<vtkMatrix4x4> cementAxes;
  vtkNew<vtkImageActor> cementActor;
  vtkNew<vtkLookupTable> cementLut;
  double cementLastS = 0, cementTimeS = 0;
  SliceStack stack;
  double pixelMm = 1;
  vtkNew<vtkImageReslice> ctReslice, labelReslice;
  vtkNew<vtkMatrix4x4> resliceAxes;
  vtkNew<vtkImageActor> ctActor, labelActor;
  vtkNew<vtkLookupTable> labelLut;
  vtkNew<vtkPolyData> crosshair, needlePaths;
  vtkNew<vtkActor> crosshairActor, needleActor;
  // Text at fixed sizes: vtkCornerAnnotation refits its font on every change of text, which cost
  // more than the rest of a scrolling frame on Mesa.
  enum Text { kSlice, kWindow, kTop, kBottom, kLeft, kRight, kTextCount };
  std::array<vtkNew<vtkTextActor>, kTextCount> texts;
  void setText(Text which, const std::string& text) { texts[which]->SetInput(text.c_str()); }
  core::Vec3 focus;
  WindowLevel window = boneWindow();
  std::vector<NeedleShape> needles;
  double baseScale = 1;
  bool labelsVisible = true;

  explicit Impl(SliceOrientation o) : orientation(o) {
    stack.axes = sliceAxes(o);
    renderer->SetBackground(0, 0, 0);
    renderer->SetBackgroundAlpha(1.0);  // opaque: Qt composes the view with its alpha
    auto* camera = renderer->GetActiveCamera();
    camera->ParallelProjectionOn();

    for (auto* reslice : {ctReslice.GetPointer(), labelReslice.GetPointer()}) {
      reslice->SetResliceAxes(resliceAxes);
      reslice->SetOutputDimensionality(2);
      reslice->AutoCropOutputOff();
    }
    // Until a volume comes, the reslices read an empty image: the image mappers always have an
    // input, as VTK requires even of hidden actors.
    vtkNew<vtkImageData> empty;
    empty->SetDimensions(1, 1, 1);
    empty->AllocateScalars(VTK_SHORT, 1);
    ctReslice->SetInputData(empty);
    vtkNew<vtkImageData> emptyLabels;
    emptyLabels->SetDimensions(1, 1, 1);
    emptyLabels->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
    labelReslice->SetInputData(emptyLabels);
    ctActor->GetMapper()->SetInputConnection(ctReslice->GetOutputPort());
    labelActor->GetMapper()->SetInputConnection(labelReslice->GetOutputPort());
    ctReslice->SetInterpolationModeToLinear();
    ctReslice->SetBackgroundLevel(-1024);  // air outside the scan
    labelReslice->SetInterpolationModeToNearestNeighbor();
    labelReslice->SetBackgroundLevel(0);

    ctActor->GetProperty()->SetInterpolationTypeToLinear();
    ctActor->VisibilityOff();
    renderer->AddViewProp(ctActor);

    labelLut->SetNumberOfTableValues(256);
    labelLut->SetTableRange(0, 255);
    for (int i = 0; i < 256; ++i) {
      const Rgb c = levelColor(i);
      labelLut->SetTableValue(i, c[0], c[1], c[2], i == 0 ? 0.0 : 1.0);
    }
    labelLut->Build();
    labelActor->GetProperty()->SetLookupTable(labelLut);
    labelActor->GetProperty()->UseLookupTableScalarRangeOn();
    labelActor->GetProperty()->SetInterpolationTypeToNearest();
    labelActor->GetProperty()->SetOpacity(0.4);
    labelActor->SetPosition(0, 0, kLabelZ);
    labelActor->VisibilityOff();
    renderer->AddViewProp(labelActor);

    cementReslice->SetResliceAxes(cementAxes);
    cementReslice->SetOutputDimensionality(2);
    cementReslice->AutoCropOutputOff();
    cementReslice->SetInterpolationModeToNearestNeighbor();
    cementReslice->SetBackgroundLevel(-1);  // no cement outside its grid
    vtkNew<vtkImageData> emptyCement;
    emptyCement->SetDimensions(1, 1, 1);
    emptyCement->AllocateScalars(VTK_FLOAT, 1);
    cementReslice->SetInputData(emptyCement);
    cementActor->GetMapper()->SetInputConnection(cementReslice->GetOutputPort());
    cementLut->SetNumberOfTableValues(kCementTableSize);
    cementActor->GetProperty()->SetLookupTable(cementLut);
    cementActor->GetProperty()->UseLookupTableScalarRangeOn();
    cementActor->GetProperty()->SetInterpolationTypeToNearest();
    cementActor->GetProperty()->SetOpacity(0.85);
    cementActor->SetPosition(0, 0, kCementZ);
    cementActor->VisibilityOff();
    renderer->AddViewProp(cementActor);

    vtkNew<vtkPolyDataMapper> crosshairMapper;
    crosshairMapper->SetInputData(crosshair);
    crosshairActor->SetMapper(crosshairMapper);
    crosshairActor->GetProperty()->SetColor(kCrosshairColor[0], kCrosshairColor[1],
                                            kCrosshairColor[2]);
    crosshairActor->GetProperty()->LightingOff();
    crosshairActor->GetProperty()->SetOpacity(0.7);
    crosshairActor->VisibilityOff();
    renderer->AddViewProp(crosshairActor);

    vtkNew<vtkPolyDataMapper> needleMapper;
    needleMapper->SetInputData(needlePaths);
    needleMapper->SetScalarModeToUseCellData();
    needleMapper->SetColorModeToDirectScalars();
    needleActor->SetMapper(needleMapper);
    needleActor->GetProperty()->SetLineWidth(3);
    needleActor->GetProperty()->SetPointSize(8);
    needleActor->GetProperty()->LightingOff();
    needleActor->VisibilityOff();
    renderer->AddViewProp(needleActor);

    // Where each text sits, in viewport fractions, and how it is justified.
    const struct {
      double x, y;
      int horizontal, vertical;
    } place[kTextCount] = {{0.01, 0.99, VTK_TEXT_LEFT, VTK_TEXT_TOP},
                           {0.99, 0.99, VTK_TEXT_RIGHT, VTK_TEXT_TOP},
                           {0.5, 0.99, VTK_TEXT_CENTERED, VTK_TEXT_TOP},
                           {0.5, 0.01, VTK_TEXT_CENTERED, VTK_TEXT_BOTTOM},
                           {0.01, 0.5, VTK_TEXT_LEFT, VTK_TEXT_CENTERED},
                           {0.99, 0.5, VTK_TEXT_RIGHT, VTK_TEXT_CENTERED}};
    for (int t = 0; t < kTextCount; ++t) {
      auto& actor = texts[t];
      actor->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
      actor->GetPositionCoordinate()->SetValue(place[t].x, place[t].y);
      auto* property = actor->GetTextProperty();
      property->SetFontSize(t == kSlice || t == kWindow ? 13 : 15);
      property->SetColor(0.9, 0.9, 0.9);
      property->SetJustification(place[t].horizontal);
      property->SetVerticalJustification(place[t].vertical);
      property->ShadowOn();
      renderer->AddViewProp(actor);
    }
  }

  void updateResliceAxes() {
    // The CT and the cement map each have their own grid: the same plane in each one's indices.
    const core::Vec3 originMm = stack.centreMm + stack.axes.normal * stack.offsetOf(focus);
    const auto placePlane = [&](const auto& grid, vtkMatrix4x4* axes) {
      const core::Vec3 columns[4] = {
          grid.directionToData(stack.axes.right), grid.directionToData(stack.axes.up),
          grid.directionToData(stack.axes.normal), grid.worldToData(originMm)};
      for (int row = 0; row < 3; ++row)
        for (int column = 0; column < 4; ++column)
          axes->SetElement(row, column, columns[column][row]);
      axes->Modified();
    };
    placePlane(frame, resliceAxes);
    if (cement) placePlane(cementFrame, cementAxes);
  }

  // Opaque cement colour for the entries of fill times up to cementTimeS, clear elsewhere.
  void updateCementTable() {
    const double lo = -1, hi = std::max(cementLastS, 1e-3);
    cementLut->SetTableRange(lo, hi);
    const double width = (hi - lo) / kCementTableSize;
    for (int i = 0; i < kCementTableSize; ++i) {
      const double from = lo + i * width, to = from + width;
      const bool filled = to > 0 && from <= cementTimeS;
      cementLut->SetTableValue(i, kCementColor[0], kCementColor[1], kCementColor[2],
                               filled ? 1.0 : 0.0);
    }
    cementLut->Modified();
  }

  void configureOutput(vtkImageReslice* reslice) {
    const int nu = 1 + static_cast<int>(std::ceil((stack.uMaxMm - stack.uMinMm) / pixelMm));
    const int nv = 1 + static_cast<int>(std::ceil((stack.vMaxMm - stack.vMinMm) / pixelMm));
    reslice->SetOutputSpacing(pixelMm, pixelMm, 1);
    reslice->SetOutputOrigin(stack.uMinMm, stack.vMinMm, 0);
    reslice->SetOutputExtent(0, nu - 1, 0, nv - 1, 0, 0);
  }

  void updateCrosshair() {
    vtkNew<vtkPoints> points;
    const double fu = stack.u(focus), fv = stack.v(focus);
    points->InsertNextPoint(stack.uMinMm, fv, kCrosshairZ);
    points->InsertNextPoint(stack.uMaxMm, fv, kCrosshairZ);
    points->InsertNextPoint(fu, stack.vMinMm, kCrosshairZ);
    points->InsertNextPoint(fu, stack.vMaxMm, kCrosshairZ);
    vtkNew<vtkCellArray> lines;
    const vtkIdType a[2] = {0, 1}, b[2] = {2, 3};
    lines->InsertNextCell(2, a);
    lines->InsertNextCell(2, b);
    crosshair->SetPoints(points);
    crosshair->SetLines(lines);
    crosshair->Modified();
  }

  void updateNeedles() {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> lines, verts;
    vtkNew<vtkUnsignedCharArray> colors;
    colors->SetNumberOfComponents(3);
    // Cells are numbered verts first, then lines, in a vtkPolyData: colours are added in that
    // order.
    std::vector<std::array<unsigned char, 3>> vertColors, lineColors;
    for (const auto& needle : needles) {
      const std::array<unsigned char, 3> c{toByte(needle.color[0]), toByte(needle.color[1]),
                                           toByte(needle.color[2])};
      vtkIdType ids[3];
      int k = 0;
      for (const auto& p : {needle.skinEntryMm, needle.boneEntryMm, needle.targetMm})
        ids[k++] = points->InsertNextPoint(stack.u(p), stack.v(p), kNeedleZ);
      const vtkIdType path[3] = {ids[0], ids[1], ids[2]};
      lines->InsertNextCell(3, path);
      lineColors.push_back(c);
      for (vtkIdType id : ids) {
        verts->InsertNextCell(1, &id);
        vertColors.push_back(c);
      }
    }
    for (const auto& c : vertColors) colors->InsertNextTypedTuple(c.data());
    for (const auto& c : lineColors) colors->InsertNextTypedTuple(c.data());
    needlePaths->SetPoints(points);
    needlePaths->SetVerts(verts);
    needlePaths->SetLines(lines);
    needlePaths->GetCellData()->SetScalars(colors);
    needlePaths->Modified();
    needleActor->SetVisibility(!needles.empty() && ct);
  }

  void updateAnnotation() {
    if (!ct) {
      for (auto& t : texts) t->SetInput("");
      return;
    }
    const auto& a = stack.axes;
    setText(kTop, letterOf(a.up));
    setText(kBottom, letterOf(-a.up));
    setText(kRight, letterOf(a.right));
    setText(kLeft, letterOf(-a.right));
    char text[160];
    std::snprintf(text, sizeof text, "W %.0f  L %.0f HU", window.widthHu, window.levelHu);
    setText(kWindow, text);
  }

  void applyWindow() {
    ctActor->GetProperty()->SetColorWindow(window.widthHu);
    ctActor->GetProperty()->SetColorLevel(window.levelHu);
  }

  double aspect() const {
    const int* size = renderer->GetRenderWindow() ? renderer->GetSize() : nullptr;
    return (size && size[0] > 0 && size[1] > 0) ? static_cast<double>(size[0]) / size[1] : 1.0;
  }

  void placeCamera(double cu, double cv, double scale) {
    auto* camera = renderer->GetActiveCamera();
    camera->SetFocalPoint(cu, cv, 0);
    camera->SetPosition(cu, cv, kCameraDistance);
    camera->SetViewUp(0, 1, 0);
    camera->SetParallelScale(scale);
    camera->SetClippingRange(kCameraDistance - 10, kCameraDistance + 10);
  }
};

SliceScene::SliceScene(SliceOrientation orientation) : impl_(std::make_unique<Impl>(orientation)) {}
SliceScene::~SliceScene() = default;

vtkRenderer* SliceScene::renderer() const { return impl_->renderer; }
SliceOrientation SliceScene::orientation() const { return impl_->orientation; }
bool SliceScene::hasVolume() const { return static_cast<bool>(impl_->ct); }
const SliceStack& SliceScene::stack() const { return impl_->stack; }

void SliceScene::setVolume(image::CtImage::Pointer ct) {
  auto& d = *impl_;
  d.ct = std::move(ct);
  d.labels = nullptr;
  d.labelActor->VisibilityOff();
  d.cement = nullptr;
  d.cementActor->VisibilityOff();
  if (!d.ct) {
    d.ctActor->VisibilityOff();
    d.crosshairActor->VisibilityOff();
    d.needleActor->VisibilityOff();
    d.updateAnnotation();
    return;
  }
  d.frame = frameOf(*d.ct);
  d.stack = sliceStack(d.frame, d.orientation);
  const double finest = std::min({d.frame.spacingMm.x, d.frame.spacingMm.y, d.frame.spacingMm.z});
  const double widest = std::max(d.stack.uMaxMm - d.stack.uMinMm, d.stack.vMaxMm - d.stack.vMinMm);
  d.pixelMm = std::max(finest, widest / kMaxSlicePixels);
  d.ctData = wrapImage(*d.ct);
  d.ctReslice->SetInputData(d.ctData);
  d.configureOutput(d.ctReslice);
  d.ctActor->GetMapper()->SetInputConnection(d.ctReslice->GetOutputPort());
  d.ctActor->VisibilityOn();
  d.crosshairActor->VisibilityOn();
  d.focus = d.stack.centreMm;
  d.applyWindow();
  d.updateResliceAxes();
  d.updateCrosshair();
  d.updateNeedles();
  d.updateAnnotation();
  d.setText(Impl::kSlice, sliceDescription());
  resetCamera();
}

void SliceScene::setLabels(image::LabelImage::Pointer labels) {
  auto& d = *impl_;
  d.labels = std::move(labels);
  if (!d.labels || !d.ct) {
    d.labelActor->VisibilityOff();
    return;
  }
  d.labelData = wrapImage(*d.labels);
  d.labelReslice->SetInputData(d.labelData);
  d.configureOutput(d.labelReslice);
  d.labelActor->GetMapper()->SetInputConnection(d.labelReslice->GetOutputPort());
  d.labelActor->SetVisibility(d.labelsVisible);
}

void SliceScene::setCement(image::FloatImage::Pointer fillTimeS) {
  auto& d = *impl_;
  d.cement = std::move(fillTimeS);
  if (!d.cement || !d.ct) {
    d.cement = nullptr;
    d.cementActor->VisibilityOff();
    return;
  }
  d.cementFrame = frameOf(*d.cement);
  d.cementData = wrapImage(*d.cement);
  const float* t = d.cement->GetBufferPointer();
  const size_t n = d.cement->GetPixelContainer()->Size();
  d.cementLastS = n ? *std::max_element(t, t + n) : 0;
  d.cementTimeS = d.cementLastS;
  d.cementReslice->SetInputData(d.cementData);
  d.configureOutput(d.cementReslice);
  d.updateResliceAxes();
  d.updateCementTable();
  d.cementActor->VisibilityOn();
}

void SliceScene::setCementTime(double seconds) {
  impl_->cementTimeS = seconds;
  if (impl_->cement) impl_->updateCementTable();
}

bool SliceScene::hasCement() const { return static_cast<bool>(impl_->cement); }

void SliceScene::setLabelOpacity(double opacity) {
  impl_->labelActor->GetProperty()->SetOpacity(opacity);
}

void SliceScene::setLabelsVisible(bool visible) {
  impl_->labelsVisible = visible;
  impl_->labelActor->SetVisibility(visible && impl_->labels && impl_->ct);
}

void SliceScene::setWindowLevel(const WindowLevel& window) {
  impl_->window = window;
  impl_->applyWindow();
  impl_->updateAnnotation();
}

WindowLevel SliceScene::windowLevel() const { return impl_->window; }

void SliceScene::setFocusPoint(const core::Vec3& pointMm) {
  auto& d = *impl_;
  if (!d.ct) return;
  // Keep the focus inside the stack along the normal; in-plane it may be anywhere.
  const double offset =
      std::clamp(d.stack.offsetOf(pointMm), d.stack.firstOffsetMm, d.stack.lastOffsetMm);
  d.focus = pointMm + d.stack.axes.normal * (offset - d.stack.offsetOf(pointMm));
  d.updateResliceAxes();
  d.updateCrosshair();
  d.setText(Impl::kSlice, sliceDescription());
}

core::Vec3 SliceScene::focusPoint() const { return impl_->focus; }

void SliceScene::scrollSlices(int steps) {
  if (!impl_->ct) return;
  setFocusPoint(impl_->stack.stepped(impl_->focus, steps));
}

int SliceScene::sliceIndex() const { return impl_->ct ? impl_->stack.indexOf(impl_->focus) : 0; }
int SliceScene::sliceCount() const { return impl_->ct ? impl_->stack.count() : 0; }

void SliceScene::setNeedles(const std::vector<NeedleShape>& needles) {
  impl_->needles = needles;
  impl_->updateNeedles();
}

void SliceScene::setCrosshairVisible(bool visible) {
  impl_->crosshairActor->SetVisibility(visible && impl_->ct);
}

void SliceScene::resetCamera() {
  auto& d = *impl_;
  const auto& s = d.stack;
  const double halfHeight = 0.5 * (s.vMaxMm - s.vMinMm), halfWidth = 0.5 * (s.uMaxMm - s.uMinMm);
  d.baseScale = std::max({halfHeight, halfWidth / d.aspect(), 1.0}) * 1.02;
  d.placeCamera(0.5 * (s.uMinMm + s.uMaxMm), 0.5 * (s.vMinMm + s.vMaxMm), d.baseScale);
}

void SliceScene::zoom(double factor) {
  auto* camera = impl_->renderer->GetActiveCamera();
  if (factor > 0)
    camera->SetParallelScale(std::clamp(camera->GetParallelScale() / factor, 1.0, 5000.0));
}

void SliceScene::panPixels(double dxPixels, double dyPixels) {
  const int* size = impl_->renderer->GetRenderWindow() ? impl_->renderer->GetSize() : nullptr;
  if (!size || size[1] <= 0) return;
  auto* camera = impl_->renderer->GetActiveCamera();
  const double mmPerPixel = 2 * camera->GetParallelScale() / size[1];
  double f[3];
  camera->GetFocalPoint(f);
  impl_->placeCamera(f[0] - dxPixels * mmPerPixel, f[1] - dyPixels * mmPerPixel,
                     camera->GetParallelScale());
}

double SliceScene::zoomFactor() const {
  return impl_->baseScale / impl_->renderer->GetActiveCamera()->GetParallelScale();
}

core::Vec3 SliceScene::worldAtDisplay(double xPixels, double yPixels) const {
  auto& d = *impl_;
  d.renderer->SetDisplayPoint(xPixels, yPixels, 0);
  d.renderer->DisplayToWorld();
  double w[4];
  d.renderer->GetWorldPoint(w);
  if (w[3] != 0 && w[3] != 1) {
    for (int i = 0; i < 3; ++i) w[i] /= w[3];
  }
  return d.stack.pointAt(w[0], w[1], d.stack.offsetOf(d.focus));
}

std::array<double, 2> SliceScene::displayOf(const core::Vec3& pointMm) const {
  auto& d = *impl_;
  d.renderer->SetWorldPoint(d.stack.u(pointMm), d.stack.v(pointMm), 0, 1);
  d.renderer->WorldToDisplay();
  double p[3];
  d.renderer->GetDisplayPoint(p);
  return {p[0], p[1]};
}

std::string SliceScene::sliceDescription() const {
  const auto& d = *impl_;
  if (!d.ct) return toString(d.orientation) + ": no image";
  // The position along the LPS axis the slice is perpendicular to, as viewers print it.
  const core::Vec3& n = d.stack.axes.normal;
  const int axis = std::abs(n.x) > 0.5 ? 0 : (std::abs(n.y) > 0.5 ? 1 : 2);
  const char* axisName[] = {"x", "y", "z"};
  char text[160];
  std::snprintf(text, sizeof text, "%s %d/%d  %s %.1f mm", toString(d.orientation).c_str(),
                sliceIndex() + 1, sliceCount(), axisName[axis], d.focus[axis]);
  return text;
}

}  // namespace trocar::render
