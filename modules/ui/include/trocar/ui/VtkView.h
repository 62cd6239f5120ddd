#pragma once

#include <QOpenGLWidget>
#include <QPointF>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkSmartPointer.h>

class vtkObject;
class vtkRenderer;

namespace trocar::ui {

// A Qt 6 widget showing a VTK render window. Debian's VTK Qt module is built against Qt 5, which
// cannot share a process with Qt 6, so we host VTK ourselves (see ARCHITECTURE.md): a
// vtkGenericOpenGLRenderWindow uses this widget's OpenGL context (no context of its own), renders
// into its own framebuffer and the picture is blitted into the widget's framebuffer in paintGL().
// Subclasses add scenes (renderer()) and turn Qt input into their own interaction.
class VtkView : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkView(QWidget* parent = nullptr);
  ~VtkView() override;

  vtkGenericOpenGLRenderWindow* renderWindow() const { return window_; }
  // Asks for a new frame. Frames of all views are paced: one view paints per turn of the event
  // loop, so the UI thread is never held by several views' frames at once.
  void requestRender();
  // Schedules this view's paint with Qt now (the pacer calls it).
  void paintNow() { QOpenGLWidget::update(); }
  void addRenderer(vtkRenderer* renderer);

  // A widget position (logical pixels, origin top-left) in VTK display coordinates (device
  // pixels, origin bottom-left), and back.
  QPointF toDisplay(const QPointF& widgetPos) const;
  QPointF toWidget(double displayX, double displayY) const;

  // Milliseconds the last paint took (render + blit), for the status bar and benches; with
  // TROCAR_TRACE_FRAMES set in the environment every frame time is printed to stderr.
  double lastFrameMs() const { return lastFrameMs_; }
  int framesRendered() const { return frames_; }

 signals:
  void frameRendered();

 protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;

 private:
  void onMakeCurrent(vtkObject*, unsigned long, void*);
  void onIsCurrent(vtkObject*, unsigned long, void* callData);
  void onSupportsOpenGL(vtkObject*, unsigned long, void* callData);
  void onIsDirect(vtkObject*, unsigned long, void* callData);
  void releaseGraphics();

  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
  double lastFrameMs_ = 0;
  int frames_ = 0;
};

// The OpenGL format VTK 9.1 needs (3.2 core profile, depth and stencil), set as Qt's default
// before the QApplication is made: contexts of QOpenGLWidgets are created from it.
void useVtkSurfaceFormat();

}  // namespace trocar::ui
