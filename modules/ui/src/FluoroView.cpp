#include "trocar/ui/FluoroView.h"

#include <cmath>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include "trocar/fluoro/Projection.h"

namespace trocar::ui {
namespace {

// The image area: paints nothing itself (the view paints the picture over it), so the picture
// can be placed with the controls laid out around it.
class Canvas : public QWidget {
 public:
  Canvas() {
    setMinimumSize(120, 120);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_TransparentForMouseEvents);
  }
};

QString gantryText(double laoDeg, double cranDeg) {
  return QString("%1 %2°, %3 %4°")
      .arg(laoDeg >= 0 ? "LAO" : "RAO")
      .arg(std::abs(laoDeg), 0, 'f', 0)
      .arg(cranDeg >= 0 ? "CRAN" : "CAUD")
      .arg(std::abs(cranDeg), 0, 'f', 0);
}

}  // namespace

FluoroView::FluoroView(const QString& name, QWidget* parent) : QWidget(parent), name_(name) {
  setObjectName(name.toLower().replace(' ', '-') + "-fluoro");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  canvas_ = new Canvas;
  layout->addWidget(canvas_, 1);

  const auto makeSlider = [](int lo, int hi) {
    auto* s = new QSlider(Qt::Horizontal);
    s->setRange(lo, hi);
    s->setPageStep(10);
    return s;
  };
  lao_ = makeSlider(-180, 180);
  lao_->setToolTip("LAO (right) / RAO (left), degrees");
  cran_ = makeSlider(-60, 60);
  cran_->setToolTip("CRAN (right) / CAUD (left), degrees");
  angleText_ = new QLabel;
  angleText_->setMinimumWidth(140);
  reset_ = new QPushButton("Reset");
  reset_->setToolTip("Back to this view's standard angles");
  needle_ = new QComboBox;
  needle_->hide();
  auto* row = new QHBoxLayout;
  row->setContentsMargins(2, 0, 2, 2);
  row->addWidget(new QLabel("RAO/LAO"));
  row->addWidget(lao_, 2);
  row->addWidget(new QLabel("CAUD/CRAN"));
  row->addWidget(cran_, 1);
  row->addWidget(angleText_);
  row->addWidget(needle_);
  row->addWidget(reset_);
  layout->addLayout(row);

  for (QSlider* s : {lao_, cran_}) {
    connect(s, &QSlider::valueChanged, this, [this, s] { sliderMoved(s->isSliderDown()); });
    // The held slider showed previews: the final position gets the full image.
    connect(s, &QSlider::sliderReleased, this, [this] { sliderMoved(false); });
  }
  connect(reset_, &QPushButton::clicked, this, [this] {
    setAngles(home_);
    emit anglesChanged(angles(), false);
  });
  updateAngleText();
}

void FluoroView::setHomeAngles(const core::CArmAngles& angles) { home_ = angles; }

void FluoroView::setAngles(const core::CArmAngles& angles) {
  const QSignalBlocker a(lao_), c(cran_);
  lao_->setValue(static_cast<int>(std::lround(angles.laoDeg)));
  cran_->setValue(static_cast<int>(std::lround(angles.cranialDeg)));
  updateAngleText();
}

core::CArmAngles FluoroView::angles() const {
  return {static_cast<double>(lao_->value()), static_cast<double>(cran_->value())};
}

void FluoroView::setNeedleChoiceVisible(bool visible) { needle_->setVisible(visible); }

void FluoroView::sliderMoved(bool preview) {
  updateAngleText();
  emit anglesChanged(angles(), preview);
}

void FluoroView::updateAngleText() {
  angleText_->setText(gantryText(lao_->value(), cran_->value()));
}

void FluoroView::showImage(const QImage& image, const fluoro::CArm& carm, bool full,
                           double renderMs) {
  image_ = image;
  carm_ = carm;
  full_ = full;
  renderMs_ = renderMs;
  update();
}

void FluoroView::clearImage() {
  image_ = QImage();
  update();
}

QRectF FluoroView::imageRect() const {
  const QRectF area = canvas_->geometry();
  if (image_.isNull() || area.isEmpty()) return area;
  const double scale = std::min(area.width() / image_.width(), area.height() / image_.height());
  const QSizeF size(image_.width() * scale, image_.height() * scale);
  return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

std::optional<QPointF> FluoroView::widgetPosOf(const core::Vec3& pointMm) const {
  if (image_.isNull()) return std::nullopt;
  const auto uv = fluoro::Projection(carm_).project(pointMm);
  if (!uv) return std::nullopt;
  const QRectF r = imageRect();
  // Pixel centres at integer detector positions; the image may be shown at any size.
  return QPointF(r.left() + (uv->u + 0.5) * r.width() / image_.width(),
                 r.top() + (uv->v + 0.5) * r.height() / image_.height());
}

void FluoroView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(canvas_->geometry(), Qt::black);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  if (!image_.isNull()) painter.drawImage(imageRect(), image_);
  const QRect text = canvas_->geometry().adjusted(6, 4, -6, -4);
  // Light text on a dark plate: readable over air (white) and bone alike.
  const auto label = [&](Qt::Alignment align, const QString& what) {
    const QRect box = painter.boundingRect(text, align, what).adjusted(-3, -1, 3, 1);
    painter.fillRect(box, QColor(0, 0, 0, 150));
    painter.setPen(QColor(235, 235, 235));
    painter.drawText(text, align, what);
  };
  label(Qt::AlignLeft | Qt::AlignTop,
        name_ + "\n" + gantryText(carm_.angles.laoDeg, carm_.angles.cranialDeg));
  label(Qt::AlignRight | Qt::AlignTop,
        image_.isNull()
            ? QString("no image")
            : QString("%1, %2 ms").arg(full_ ? "full" : "preview").arg(renderMs_, 0, 'f', 0));
}

}  // namespace trocar::ui
