#pragma once

#include <QPoint>

#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"
#include "trocar/render/SliceScene.h"
#include "trocar/ui/VtkView.h"

namespace trocar::ui {

// An MPR view (axial, sagittal or coronal) with the mouse and keys of common viewers:
//   wheel, PageUp/PageDown, Up/Down   scroll through slices
//   Ctrl+wheel, right-drag            zoom
//   middle-drag, Shift+left-drag      pan
//   left-click/drag                   move the linked crosshair (or window/level in W/L mode)
//   left-drag on a needle point       move that point (skin entry, bone entry or target)
//   W                                 toggle window/level mode for the left button
//   1, 2, 3                           bone, soft tissue, cement window presets
//   R                                 reset zoom and pan
// The view owns its scene; what it shows (volume, labels, needles, cursor) is pushed in by the
// main window from the model, and user gestures come out as signals.
class SliceView : public VtkView {
  Q_OBJECT

 public:
  enum class LeftButtonMode { kCrosshair, kWindowLevel };
  enum class NeedlePoint { kSkinEntry, kBoneEntry, kTarget };

  explicit SliceView(render::SliceOrientation orientation, QWidget* parent = nullptr);

  render::SliceScene& scene() { return scene_; }
  const render::SliceScene& scene() const { return scene_; }

  void setVolume(image::CtImage::Pointer ct);
  void setLabels(image::LabelImage::Pointer labels);
  void setNeedles(const std::vector<render::NeedleShape>& needles);
  // Moves the crosshair and slice without emitting focusMoved (the change came from outside).
  void showFocus(const core::Vec3& pointMm);
  void setWindowLevel(const render::WindowLevel& window);
  void setLeftButtonMode(LeftButtonMode mode);
  LeftButtonMode leftButtonMode() const { return leftMode_; }
  void scroll(int steps);  // as the wheel does: positive = superior / patient left / anterior

  // Gives the view a tiny volume with labels and a needle for its first frame, so that OpenGL
  // compiles its shaders when the window opens rather than when the first case arrives (with
  // Mesa that is ~100 ms per view: a visible freeze in the middle of the workflow).
  void warmUpGraphics();

  // Where a point of the current slice is in the widget (logical pixels), for tests and tooltips.
  QPoint widgetPosOf(const core::Vec3& pointMm) const;

 signals:
  // The user moved the cursor (click, drag, scroll): the other views follow.
  void focusMoved(const trocar::core::Vec3& pointMm);
  void windowLevelChanged(const trocar::render::WindowLevel& window);
  void labelsToggled();
  // A needle point dragged in the slice plane (needle = index in the plan); `finished` on release.
  void needlePointMoved(int needle, trocar::ui::SliceView::NeedlePoint point,
                        const trocar::core::Vec3& pointMm, bool finished);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void paintGL() override;

 private:
  enum class Drag { kNone, kCrosshair, kWindowLevel, kZoom, kPan, kNeedlePoint };
  // The needle point within a few pixels of a widget position, target first.
  bool pickNeedlePoint(const QPointF& widgetPos, int& needle, NeedlePoint& point) const;
  core::Vec3 draggedPoint(const QPointF& widgetPos) const;
  std::vector<render::NeedleShape> needles_;
  int dragNeedle_ = -1;
  NeedlePoint dragPoint_ = NeedlePoint::kTarget;
  core::Vec3 dragPointStartMm_, dragWorldStartMm_;
  void moveCursorTo(const QPointF& widgetPos);
  int forwardSign() const;

  render::SliceScene scene_;
  LeftButtonMode leftMode_ = LeftButtonMode::kCrosshair;
  Drag drag_ = Drag::kNone;
  QPointF dragStart_, dragLast_;
  render::WindowLevel dragStartWindow_;
  int wheelRemainder_ = 0;
  bool cameraPlaced_ = false;
  bool warmingUp_ = false;
};

}  // namespace trocar::ui
