#include "trocar/ui/VtkView.h"

#include <cstdio>
#include <cstdlib>

#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QSurfaceFormat>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

#include "RenderPacer.h"
#include "VtkFramebuffer.h"

namespace trocar::ui {

void useVtkSurfaceFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  format.setAlphaBufferSize(
      0);                // opaque views: translucent skin must not make the widget see-through
  format.setSamples(0);  // VTK renders into its own framebuffer; Qt's needs no multisampling
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  QSurfaceFormat::setDefaultFormat(format);
}

VtkView::VtkView(QWidget* parent)
    : QOpenGLWidget(parent), window_(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()) {
  window_->SetOwnContext(false);
  window_->SetFrameBlitModeToNoBlit();
  window_->SetReadyForRendering(false);  // until initializeGL has a context
  window_->SetMultiSamples(0);
  window_->SetForceMaximumHardwareLineWidth(1);
  window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkView::onMakeCurrent);
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkView::onIsCurrent);
  window_->AddObserver(vtkCommand::WindowSupportsOpenGLEvent, this, &VtkView::onSupportsOpenGL);
  window_->AddObserver(vtkCommand::WindowIsDirectEvent, this, &VtkView::onIsDirect);
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  setMinimumSize(120, 120);
}

VtkView::~VtkView() {
  // QOpenGLWidget's destructor destroys the context after ours has run: it must not call back.
  if (context()) disconnect(context(), nullptr, this, nullptr);
  releaseGraphics();
  window_->RemoveAllObservers();
}

void VtkView::releaseGraphics() {
  if (!context()) return;
  makeCurrent();
  window_->Finalize();
  window_->SetReadyForRendering(false);
  doneCurrent();
}

void VtkView::requestRender() { detail::RenderPacer::instance().request(this); }

void VtkView::addRenderer(vtkRenderer* renderer) { window_->AddRenderer(renderer); }

QPointF VtkView::toDisplay(const QPointF& widgetPos) const {
  const double ratio = devicePixelRatioF();
  return {widgetPos.x() * ratio, (height() - widgetPos.y()) * ratio - 1};
}

QPointF VtkView::toWidget(double displayX, double displayY) const {
  const double ratio = devicePixelRatioF();
  return {displayX / ratio, height() - (displayY + 1) / ratio};
}

void VtkView::initializeGL() {
  // A context can be replaced (the widget moved to another window): VTK must drop its GL objects
  // while the old one is still current.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGraphics,
          Qt::UniqueConnection);
  window_->SetReadyForRendering(true);
  window_->SetMapped(true);
  window_->SetIsCurrent(true);
  window_->OpenGLInitContext();
  const double ratio = devicePixelRatioF();
  window_->SetSize(static_cast<int>(width() * ratio), static_cast<int>(height() * ratio));
}

void VtkView::resizeGL(int width, int height) {
  const double ratio = devicePixelRatioF();
  window_->SetSize(static_cast<int>(width * ratio), static_cast<int>(height * ratio));
}

void VtkView::paintGL() {
  QElapsedTimer timer;
  timer.start();
  const double ratio = devicePixelRatioF();
  const int w = static_cast<int>(width() * ratio), h = static_cast<int>(height() * ratio);
  if (window_->GetSize()[0] != w || window_->GetSize()[1] != h) window_->SetSize(w, h);
  detail::renderInto(window_, defaultFramebufferObject(), w, h);
  lastFrameMs_ = timer.nsecsElapsed() * 1e-6;
  ++frames_;
  if (std::getenv("TROCAR_TRACE_FRAMES"))
    std::fprintf(stderr, "frame %s %.1f ms\n", qPrintable(objectName()), lastFrameMs_);
  emit frameRendered();
  detail::RenderPacer::instance().framePainted(this);
}

void VtkView::onMakeCurrent(vtkObject*, unsigned long, void*) {
  if (context() && QOpenGLContext::currentContext() != context()) makeCurrent();
}

void VtkView::onIsCurrent(vtkObject*, unsigned long, void* callData) {
  *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
}

void VtkView::onSupportsOpenGL(vtkObject*, unsigned long, void* callData) {
  *static_cast<int*>(callData) = context() && context()->isValid() ? 1 : 0;
}

void VtkView::onIsDirect(vtkObject*, unsigned long, void* callData) {
  *static_cast<int*>(callData) = 1;
}

}  // namespace trocar::ui
