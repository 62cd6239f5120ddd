#include "trocar/ui/SliceView.h"

#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkGenericOpenGLRenderWindow.h>

namespace trocar::ui {

SliceView::SliceView(render::SliceOrientation orientation, QWidget* parent)
    : VtkView(parent), scene_(orientation) {
  addRenderer(scene_.renderer());
  setToolTip(QString::fromStdString(render::toString(orientation)) +
             ": wheel scrolls, right-drag zooms, middle-drag pans, left-click moves the crosshair");
}

void SliceView::warmUpGraphics() {
  auto ct = image::CtImage::New();
  image::CtImage::RegionType region;
  region.SetSize({4, 4, 4});
  ct->SetRegions(region);
  ct->Allocate();
  ct->FillBuffer(0);
  auto labels = image::LabelImage::New();
  labels->SetRegions(region);
  labels->Allocate();
  labels->FillBuffer(1);
  scene_.setVolume(ct);
  scene_.setLabels(labels);
  render::NeedleShape needle;
  needle.skinEntryMm = {0, 0, 1};
  needle.boneEntryMm = {1, 1, 1};
  needle.targetMm = {2, 2, 1};
  scene_.setNeedles({needle});
  warmingUp_ = true;
  auto* connection = new QMetaObject::Connection;
  *connection = connect(this, &VtkView::frameRendered, this, [this, connection] {
    disconnect(*connection);
    delete connection;
    if (!warmingUp_) return;  // a real volume came first
    warmingUp_ = false;
    scene_.setNeedles({});
    scene_.setVolume(nullptr);
    requestRender();
  });
  requestRender();
}

void SliceView::setVolume(image::CtImage::Pointer ct) {
  warmingUp_ = false;
  scene_.setVolume(std::move(ct));
  cameraPlaced_ = false;
  requestRender();
}

void SliceView::setLabels(image::LabelImage::Pointer labels) {
  scene_.setLabels(std::move(labels));
  requestRender();
}

void SliceView::setNeedles(const std::vector<render::NeedleShape>& needles) {
  needles_ = needles;
  scene_.setNeedles(needles);
  requestRender();
}

void SliceView::showFocus(const core::Vec3& pointMm) {
  scene_.setFocusPoint(pointMm);
  requestRender();
}

void SliceView::setWindowLevel(const render::WindowLevel& window) {
  scene_.setWindowLevel(window);
  requestRender();
}

void SliceView::setLeftButtonMode(LeftButtonMode mode) {
  leftMode_ = mode;
  setCursor(mode == LeftButtonMode::kWindowLevel ? Qt::SizeAllCursor : Qt::CrossCursor);
}

int SliceView::forwardSign() const {
  // The scene's normals point towards the viewer: inferior for axial (seen from the feet), patient
  // left for sagittal, anterior for coronal. "Forward" is superior / left / anterior.
  return scene_.orientation() == render::SliceOrientation::kAxial ? -1 : 1;
}

void SliceView::scroll(int steps) {
  if (!scene_.hasVolume() || steps == 0) return;
  scene_.scrollSlices(steps * forwardSign());
  requestRender();
  emit focusMoved(scene_.focusPoint());
}

QPoint SliceView::widgetPosOf(const core::Vec3& pointMm) const {
  const auto d = scene_.displayOf(pointMm);
  return toWidget(d[0], d[1]).toPoint();
}

void SliceView::paintGL() {
  // The first frame with a volume frames it at the widget's real size; later frames keep the
  // user's zoom and pan.
  if (!cameraPlaced_ && scene_.hasVolume()) {
    const double ratio = devicePixelRatioF();
    renderWindow()->SetSize(static_cast<int>(width() * ratio), static_cast<int>(height() * ratio));
    scene_.resetCamera();
    cameraPlaced_ = true;
  }
  VtkView::paintGL();
}

void SliceView::moveCursorTo(const QPointF& widgetPos) {
  if (!scene_.hasVolume()) return;
  const QPointF d = toDisplay(widgetPos);
  scene_.setFocusPoint(scene_.worldAtDisplay(d.x(), d.y()));
  requestRender();
  emit focusMoved(scene_.focusPoint());
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  dragStart_ = dragLast_ = event->position();
  dragStartWindow_ = scene_.windowLevel();
  const bool shift = event->modifiers() & Qt::ShiftModifier;
  switch (event->button()) {
    case Qt::LeftButton:
      if (shift) {
        drag_ = Drag::kPan;
      } else if (leftMode_ == LeftButtonMode::kWindowLevel) {
        drag_ = Drag::kWindowLevel;
      } else if (pickNeedlePoint(event->position(), dragNeedle_, dragPoint_)) {
        drag_ = Drag::kNeedlePoint;
        const auto& n = needles_[static_cast<size_t>(dragNeedle_)];
        dragPointStartMm_ = dragPoint_ == NeedlePoint::kTarget      ? n.targetMm
                            : dragPoint_ == NeedlePoint::kBoneEntry ? n.boneEntryMm
                                                                    : n.skinEntryMm;
        const QPointF d = toDisplay(event->position());
        dragWorldStartMm_ = scene_.worldAtDisplay(d.x(), d.y());
      } else {
        drag_ = Drag::kCrosshair;
        moveCursorTo(event->position());
      }
      break;
    case Qt::RightButton:
      drag_ = Drag::kZoom;
      break;
    case Qt::MiddleButton:
      drag_ = Drag::kPan;
      break;
    default:
      drag_ = Drag::kNone;
  }
  event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF p = event->position();
  const QPointF step = p - dragLast_;
  dragLast_ = p;
  switch (drag_) {
    case Drag::kCrosshair:
      moveCursorTo(p);
      break;
    case Drag::kWindowLevel: {
      const QPointF total = p - dragStart_;
      scene_.setWindowLevel(render::draggedWindow(dragStartWindow_, total.x(), total.y()));
      requestRender();
      emit windowLevelChanged(scene_.windowLevel());
      break;
    }
    case Drag::kZoom:
      // Dragging up magnifies, 1 % per pixel, as in Slicer and Horos.
      scene_.zoom(std::exp(-0.01 * step.y()));
      requestRender();
      break;
    case Drag::kPan: {
      const double ratio = devicePixelRatioF();
      scene_.panPixels(step.x() * ratio, -step.y() * ratio);
      requestRender();
      break;
    }
    case Drag::kNeedlePoint:
      emit needlePointMoved(dragNeedle_, dragPoint_, draggedPoint(p), false);
      break;
    case Drag::kNone:
      break;
  }
  event->accept();
}

bool SliceView::pickNeedlePoint(const QPointF& widgetPos, int& needle, NeedlePoint& point) const {
  constexpr double kPickPixels = 8;
  double best = kPickPixels;
  bool found = false;
  for (size_t i = 0; i < needles_.size(); ++i) {
    const auto& n = needles_[i];
    // Listed target first: where points overlap on screen, the target wins.
    const std::pair<NeedlePoint, core::Vec3> points[] = {{NeedlePoint::kTarget, n.targetMm},
                                                         {NeedlePoint::kBoneEntry, n.boneEntryMm},
                                                         {NeedlePoint::kSkinEntry, n.skinEntryMm}};
    for (const auto& [which, mm] : points) {
      const auto d = scene_.displayOf(mm);
      const QPointF w = toWidget(d[0], d[1]);
      const double distance = std::hypot(w.x() - widgetPos.x(), w.y() - widgetPos.y());
      if (distance < best) {
        best = distance;
        needle = static_cast<int>(i);
        point = which;
        found = true;
      }
    }
  }
  return found;
}

core::Vec3 SliceView::draggedPoint(const QPointF& widgetPos) const {
  // The point moves with the mouse in the slice plane and keeps its depth along the normal: a
  // drag in the axial view never moves a point up or down the spine.
  const QPointF d = toDisplay(widgetPos);
  return dragPointStartMm_ + (scene_.worldAtDisplay(d.x(), d.y()) - dragWorldStartMm_);
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  if (drag_ == Drag::kNeedlePoint)
    emit needlePointMoved(dragNeedle_, dragPoint_, draggedPoint(event->position()), true);
  drag_ = Drag::kNone;
  event->accept();
}

void SliceView::wheelEvent(QWheelEvent* event) {
  // Wheels report 120 per notch; touchpads report less, more often: keep the remainder.
  wheelRemainder_ += event->angleDelta().y();
  const int notches = wheelRemainder_ / 120;
  wheelRemainder_ -= notches * 120;
  if (notches != 0) {
    if (event->modifiers() & Qt::ControlModifier) {
      scene_.zoom(std::pow(1.1, notches));
      requestRender();
    } else {
      scroll(notches);
    }
  }
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  const auto& presets = render::windowPresets();
  switch (event->key()) {
    case Qt::Key_PageUp:
    case Qt::Key_Up:
      scroll(1);
      break;
    case Qt::Key_PageDown:
    case Qt::Key_Down:
      scroll(-1);
      break;
    case Qt::Key_R:
      scene_.resetCamera();
      requestRender();
      break;
    case Qt::Key_W:
      setLeftButtonMode(leftMode_ == LeftButtonMode::kCrosshair ? LeftButtonMode::kWindowLevel
                                                                : LeftButtonMode::kCrosshair);
      break;
    case Qt::Key_L:
      emit labelsToggled();
      break;
    case Qt::Key_1:
    case Qt::Key_2:
    case Qt::Key_3: {
      const size_t i = static_cast<size_t>(event->key() - Qt::Key_1);
      if (i < presets.size()) {
        scene_.setWindowLevel(presets[i].window);
        requestRender();
        emit windowLevelChanged(presets[i].window);
      }
      break;
    }
    default:
      VtkView::keyPressEvent(event);
      return;
  }
  event->accept();
}

}  // namespace trocar::ui
