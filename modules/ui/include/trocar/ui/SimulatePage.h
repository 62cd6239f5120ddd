#pragma once

#include <optional>
#include <vector>

#include <QTimer>
#include <QWidget>

#include "trocar/ui/CementSimulation.h"
#include "trocar/ui/WorkflowModel.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTableWidget;

namespace trocar::ui {

class PressurePlot;

// The Simulate step's page: the trial settings (volume, cement class, start after mixing, stop
// rule, pressure limit), shown from the plan's first level and written back into the plan by the
// main window when the user runs them, Run, the results with their units, the leak warnings, the playback of the fill (play
// button and frame slider) and the pressure/volume plot. It mirrors the model and emits what the
// user asks for; the main window runs the simulation and moves the views.
class SimulatePage : public QWidget {
  Q_OBJECT

 public:
  explicit SimulatePage(QWidget* parent = nullptr);

  void refresh(const WorkflowModel& model);
  SimulationSettings settings() const;
  // Shows these settings (the widgets' own signals follow, as if the user had chosen them).
  void setSettings(const SimulationSettings& settings);
  bool isPlaying() const { return playTimer_.isActive(); }

  // The widgets tests use.
  QDoubleSpinBox* volumeBox() const { return volume_; }
  QComboBox* cementBox() const { return cement_; }
  QDoubleSpinBox* startBox() const { return start_; }
  QComboBox* stopRuleBox() const { return stopRule_; }
  QDoubleSpinBox* pressureLimitBox() const { return pressureLimit_; }
  QPushButton* runButton() const { return run_; }
  QLabel* staleLabel() const { return stale_; }
  QTableWidget* resultTable() const { return results_; }
  QLabel* warningLabel() const { return warnings_; }
  QPushButton* playButton() const { return play_; }
  QSlider* frameSlider() const { return frame_; }
  QLabel* timeLabel() const { return time_; }
  PressurePlot* plot() const { return plot_; }
  // The results table's row of a quantity ("Leaked (mL)"), -1 when absent.
  int resultRow(const QString& quantity) const;

 signals:
  void runRequested(const trocar::ui::SimulationSettings& settings);
  // A moment chosen by the slider or the playback; `playing` while the playback runs.
  void cementTimeChosen(double seconds, bool playing);

 private:
  void fillResults(const CementSimulation& simulation);
  void showMoment(const WorkflowModel& model);
  void step();
  void setPlaying(bool playing);

  QDoubleSpinBox *volume_, *start_, *pressureLimit_;
  QComboBox *cement_, *stopRule_;
  QPushButton *run_, *play_;
  QLabel *stale_, *warnings_, *time_;
  QTableWidget* results_;
  QSlider* frame_;
  PressurePlot* plot_;
  QTimer playTimer_;
  const CementSimulation* shown_ = nullptr;
  std::shared_ptr<const CementSimulation> current_;
  std::vector<double> times_;
  // The plan's cement last shown: the page follows the plan when its cement changes (a proposal,
  // a loaded plan, undo), not at every edit of a needle.
  std::optional<core::CementSettings> shownPlanCement_;
};

}  // namespace trocar::ui
