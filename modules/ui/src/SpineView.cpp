#include "trocar/ui/SpineView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>

namespace trocar::ui {

SpineView::SpineView(QWidget* parent)
    : VtkView(parent),
      interactor_(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New()),
      style_(vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New()) {
  addRenderer(scene_.renderer());
  // VTK's camera interaction, driven by Qt's events. The interactor must not render by itself (it
  // has no context); it asks for a repaint instead.
  interactor_->SetRenderWindow(renderWindow());
  interactor_->SetInteractorStyle(style_);
  interactor_->EnableRenderOff();
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &SpineView::onInteractorRender);
  interactor_->Initialize();
  setToolTip(
      "3D: left-drag rotates, middle-drag pans, right-drag or wheel zooms, R resets, S toggles the "
      "skin");
}

SpineView::~SpineView() { interactor_->RemoveAllObservers(); }

void SpineView::onInteractorRender(vtkObject*, unsigned long, void*) { requestRender(); }

void SpineView::warmUpGraphics() {
  const auto sphere = [](double radius) {
    vtkNew<vtkSphereSource> source;
    source->SetRadius(radius);
    source->Update();
    vtkSmartPointer<vtkPolyData> out = source->GetOutput();
    return out;
  };
  render::LevelSurface level;
  level.label = 22;
  level.name = "L3";
  level.surface = sphere(5);
  scene_.setLevelSurfaces({level});
  scene_.setSkin(sphere(10));
  render::NeedleShape needle;
  needle.skinEntryMm = {-20, 0, 0};
  needle.boneEntryMm = {-5, 0, 0};
  needle.targetMm = {0, 0, 0};
  scene_.setNeedles({needle});
  scene_.resetCamera();
  warmingUp_ = true;
  auto* connection = new QMetaObject::Connection;
  *connection = connect(this, &VtkView::frameRendered, this, [this, connection] {
    disconnect(*connection);
    delete connection;
    if (!warmingUp_) return;
    warmingUp_ = false;
    scene_.setLevelSurfaces({});
    scene_.setSkin(nullptr);
    scene_.setNeedles({});
    requestRender();
  });
  requestRender();
}

void SpineView::resetCamera() {
  scene_.resetCamera();
  requestRender();
}

void SpineView::resizeGL(int width, int height) {
  VtkView::resizeGL(width, height);
  interactor_->UpdateSize(renderWindow()->GetSize()[0], renderWindow()->GetSize()[1]);
}

void SpineView::forward(QMouseEvent* event, unsigned long vtkEvent) {
  const QPointF d = toDisplay(event->position());
  interactor_->SetEventInformation(static_cast<int>(d.x()), static_cast<int>(d.y()),
                                   (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                   (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  interactor_->InvokeEvent(vtkEvent, nullptr);
  event->accept();
}

void SpineView::mousePressEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton:
      forward(event, vtkCommand::LeftButtonPressEvent);
      break;
    case Qt::MiddleButton:
      forward(event, vtkCommand::MiddleButtonPressEvent);
      break;
    case Qt::RightButton:
      forward(event, vtkCommand::RightButtonPressEvent);
      break;
    default:
      break;
  }
}

void SpineView::mouseMoveEvent(QMouseEvent* event) { forward(event, vtkCommand::MouseMoveEvent); }

void SpineView::mouseReleaseEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton:
      forward(event, vtkCommand::LeftButtonReleaseEvent);
      break;
    case Qt::MiddleButton:
      forward(event, vtkCommand::MiddleButtonReleaseEvent);
      break;
    case Qt::RightButton:
      forward(event, vtkCommand::RightButtonReleaseEvent);
      break;
    default:
      break;
  }
}

void SpineView::wheelEvent(QWheelEvent* event) {
  const QPointF d = toDisplay(event->position());
  interactor_->SetEventInformation(static_cast<int>(d.x()), static_cast<int>(d.y()), 0, 0);
  interactor_->InvokeEvent(event->angleDelta().y() > 0 ? vtkCommand::MouseWheelForwardEvent
                                                       : vtkCommand::MouseWheelBackwardEvent,
                           nullptr);
  event->accept();
}

void SpineView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_R:
      resetCamera();
      break;
    case Qt::Key_S:
      skinVisible_ = !skinVisible_;
      scene_.setSkinVisible(skinVisible_);
      requestRender();
      break;
    default:
      VtkView::keyPressEvent(event);
      return;
  }
  event->accept();
}

}  // namespace trocar::ui
