#pragma once

#include <vector>

#include <QWidget>

#include "trocar/ui/CementSimulation.h"

namespace trocar::ui {

// Tip pressure (kPa, left axis, one line per needle) and injected volume (mL, right axis, dashed)
// against time (s), with a marker at the playback's moment. Plain QPainter.
class PressurePlot : public QWidget {
  Q_OBJECT

 public:
  explicit PressurePlot(QWidget* parent = nullptr);

  void setSeries(std::vector<PlotSeries> pressures, PlotSeries injected);
  void clear();
  void setCursorTime(double seconds);
  // The axes' tops (for tests and the tooltip): rounded up from the data.
  double pressureAxisMaxKpa() const { return pressureMax_; }
  double volumeAxisMaxMl() const { return volumeMax_; }
  double timeAxisMaxS() const { return timeMax_; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<PlotSeries> pressures_;
  PlotSeries injected_;
  double cursorS_ = 0, pressureMax_ = 1, volumeMax_ = 1, timeMax_ = 1;
};

}  // namespace trocar::ui
