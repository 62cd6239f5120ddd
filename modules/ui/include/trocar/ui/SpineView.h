#pragma once

#include <vtkSmartPointer.h>

#include "trocar/render/SpineScene.h"
#include "trocar/ui/VtkView.h"

class vtkGenericRenderWindowInteractor;
class vtkInteractorStyle;
class vtkObject;

namespace trocar::ui {

// The 3D view: vertebrae, skin, needles. Mouse as in Slicer and VTK's trackball camera: left-drag
// rotates, middle-drag (or Shift+left) pans, right-drag and the wheel zoom; R resets to the AP
// view, S toggles the skin.
class SpineView : public VtkView {
  Q_OBJECT

 public:
  explicit SpineView(QWidget* parent = nullptr);
  ~SpineView() override;

  render::SpineScene& scene() { return scene_; }
  // Call after changing the scene's contents.
  void resetCamera();
  // As SliceView::warmUpGraphics: a sphere, a translucent skin, a needle and a name for the first
  // frame, removed after it unless real contents came first (call markContentSet()).
  void warmUpGraphics();
  void markContentSet() { warmingUp_ = false; }

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void resizeGL(int width, int height) override;

 private:
  void forward(QMouseEvent* event, unsigned long vtkEvent);
  void onInteractorRender(vtkObject*, unsigned long, void*);

  render::SpineScene scene_;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor_;
  vtkSmartPointer<vtkInteractorStyle> style_;
  bool skinVisible_ = true;
  bool warmingUp_ = false;
};

}  // namespace trocar::ui
