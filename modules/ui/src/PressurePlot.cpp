#include "trocar/ui/PressurePlot.h"

#include <algorithm>
#include <cmath>

#include <QPainter>
#include <QPainterPath>

namespace trocar::ui {
namespace {

// 1, 2, 2.5 or 5 times a power of ten, at least `value`: a readable axis top.
double niceCeiling(double value) {
  if (!(value > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(value)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= value) return m * p;
  return 10 * p;
}

const QColor kLineColors[] = {QColor(230, 90, 90),   QColor(90, 150, 240), QColor(120, 200, 110),
                              QColor(200, 120, 220), QColor(230, 170, 60), QColor(80, 200, 200)};

}  // namespace

PressurePlot::PressurePlot(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(150);
  setObjectName("pressurePlot");
}

void PressurePlot::setSeries(std::vector<PlotSeries> pressures, PlotSeries injected) {
  pressures_ = std::move(pressures);
  injected_ = std::move(injected);
  double p = 0, v = 0, t = 0;
  for (const auto& s : pressures_) {
    for (double x : s.value) p = std::max(p, x);
    for (double x : s.timeS) t = std::max(t, x);
  }
  for (double x : injected_.value) v = std::max(v, x);
  for (double x : injected_.timeS) t = std::max(t, x);
  pressureMax_ = niceCeiling(p);
  volumeMax_ = niceCeiling(v);
  timeMax_ = niceCeiling(t);
  update();
}

void PressurePlot::clear() {
  pressures_.clear();
  injected_ = {};
  update();
}

void PressurePlot::setCursorTime(double seconds) {
  cursorS_ = seconds;
  update();
}

void PressurePlot::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(rect(), QColor(25, 27, 32));
  const QRectF plot = QRectF(rect()).adjusted(40, 18, -34, -30);
  painter.setPen(QColor(120, 120, 130));
  painter.drawRect(plot);
  painter.setPen(QColor(210, 210, 210));
  if (pressures_.empty() && injected_.timeS.empty()) {
    painter.drawText(plot, Qt::AlignCenter, "Run a simulation to see pressure and volume");
    return;
  }
  const auto x = [&](double t) { return plot.left() + plot.width() * t / timeMax_; };
  const auto yP = [&](double p) { return plot.bottom() - plot.height() * p / pressureMax_; };
  const auto yV = [&](double v) { return plot.bottom() - plot.height() * v / volumeMax_; };
  // Axes: ticks at the ends and the middle, with their units.
  for (double f : {0.0, 0.5, 1.0}) {
    painter.drawText(QRectF(0, yP(f * pressureMax_) - 8, 40, 16), Qt::AlignRight | Qt::AlignVCenter,
                     QString::number(f * pressureMax_, 'g', 3));
    painter.drawText(QRectF(plot.right() + 4, yV(f * volumeMax_) - 8, 36, 16),
                     Qt::AlignLeft | Qt::AlignVCenter, QString::number(f * volumeMax_, 'g', 3));
    painter.drawText(QRectF(x(f * timeMax_) - 30, plot.bottom() + 2, 60, 14), Qt::AlignCenter,
                     QString::number(f * timeMax_, 'g', 4));
  }
  painter.drawText(QRectF(plot.left(), plot.bottom() + 14, plot.width(), 16), Qt::AlignCenter,
                   "time (s)");
  painter.drawText(QRectF(0, 0, plot.left() + 20, 16), Qt::AlignLeft | Qt::AlignVCenter, " kPa");
  painter.drawText(QRectF(plot.right() - 60, 0, 60 + 30, 16), Qt::AlignRight | Qt::AlignVCenter,
                   "injected, mL ");
  int colour = 0;
  for (const auto& s : pressures_) {
    QPainterPath path;
    for (size_t i = 0; i < s.timeS.size(); ++i) {
      const QPointF p(x(s.timeS[i]), yP(s.value[i]));
      if (i == 0)
        path.moveTo(p);
      else
        path.lineTo(p);
    }
    const QColor c = kLineColors[colour++ % 6];
    painter.setPen(QPen(c, 1.6));
    painter.drawPath(path);
    painter.drawText(QPointF(plot.left() + 6, plot.top() + 14 * colour),
                     QString::fromStdString(s.name));
  }
  QPainterPath volume;
  for (size_t i = 0; i < injected_.timeS.size(); ++i) {
    const QPointF p(x(injected_.timeS[i]), yV(injected_.value[i]));
    if (i == 0)
      volume.moveTo(p);
    else
      volume.lineTo(p);
  }
  painter.setPen(QPen(QColor(235, 235, 235), 1.4, Qt::DashLine));
  painter.drawPath(volume);
  painter.drawText(QPointF(plot.left() + 6, plot.top() + 14 * (colour + 1)),
                   "- - injected (mL, right axis)");
  painter.setPen(QPen(QColor(255, 115, 0), 1.2));
  painter.drawLine(QPointF(x(cursorS_), plot.top()), QPointF(x(cursorS_), plot.bottom()));
}

}  // namespace trocar::ui
