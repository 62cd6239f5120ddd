#include "trocar/ui/SimulatePage.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include "trocar/cement/CementRheology.h"
#include "trocar/ui/PressurePlot.h"

namespace trocar::ui {
namespace {

QString ml(double v) { return QString::number(v, 'f', 2); }

QString contact(bool touches, double mm2) {
  return QString("%1 (%2 mm²)").arg(touches ? "yes" : "no").arg(mm2, 0, 'f', 0);
}

}  // namespace

SimulatePage::SimulatePage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  volume_ = new QDoubleSpinBox;
  volume_->setObjectName("cementVolume");
  volume_->setRange(0.5, 12);
  volume_->setSingleStep(0.5);
  volume_->setDecimals(1);
  volume_->setSuffix(" mL");
  volume_->setValue(4.0);
  volume_->setToolTip("Cement per level, shared by its needles");
  cement_ = new QComboBox;
  cement_->setObjectName("cementClass");
  cement_->addItem("Low viscosity", static_cast<int>(core::CementViscosity::kLow));
  cement_->addItem("Medium viscosity", static_cast<int>(core::CementViscosity::kMedium));
  cement_->addItem("High viscosity", static_cast<int>(core::CementViscosity::kHigh));
  cement_->setCurrentIndex(1);
  start_ = new QDoubleSpinBox;
  start_->setObjectName("cementStart");
  start_->setRange(0, 30);
  start_->setSingleStep(0.5);
  start_->setDecimals(1);
  start_->setSuffix(" min after mixing");
  start_->setValue(cement::rheologyOf(core::CementViscosity::kMedium).defaultStartMin);
  stopRule_ = new QComboBox;
  stopRule_->setObjectName("cementStopRule");
  using core::StopCriterion;
  stopRule_->addItem("Volume reached", static_cast<int>(StopCriterion::kPlannedVolume));
  stopRule_->addItem("Pressure limit", static_cast<int>(StopCriterion::kPressureLimit));
  stopRule_->addItem("First visible leak", static_cast<int>(StopCriterion::kLeakage));
  stopRule_->addItem("Posterior quarter of the body",
                     static_cast<int>(StopCriterion::kPosteriorWall));
  stopRule_->addItem("Both endplates touched", static_cast<int>(StopCriterion::kEndplate));
  pressureLimit_ = new QDoubleSpinBox;
  pressureLimit_->setObjectName("cementPressureLimit");
  // From 1 kPa, as the plan file allows: the model's tip pressures on a real lumbar body stay near
  // 10-20 kPa at 1 mL/min, so a limit that can stop such a run must go below 10.
  pressureLimit_->setRange(1, 2000);
  pressureLimit_->setSingleStep(5);
  pressureLimit_->setDecimals(0);
  pressureLimit_->setSuffix(" kPa");
  pressureLimit_->setValue(SimulationSettings{}.pressureLimitKpa);
  pressureLimit_->setEnabled(false);
  form->addRow("Volume", volume_);
  form->addRow("Cement", cement_);
  form->addRow("Start", start_);
  form->addRow("Stop at", stopRule_);
  form->addRow("Pressure limit", pressureLimit_);
  layout->addLayout(form);

  run_ = new QPushButton("Run the simulation");
  run_->setObjectName("runSimulation");
  layout->addWidget(run_);
  stale_ = new QLabel("The plan changed since this simulation: run it again.");
  stale_->setObjectName("simulationStale");
  stale_->setStyleSheet("color: #e0a030;");
  stale_->setWordWrap(true);
  stale_->hide();
  layout->addWidget(stale_);

  results_ = new QTableWidget(0, 2);
  results_->setObjectName("cementResults");
  results_->setHorizontalHeaderLabels({"Result", "Value"});
  results_->verticalHeader()->hide();
  results_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  results_->horizontalHeader()->setStretchLastSection(true);
  results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(results_, 2);
  warnings_ = new QLabel;
  warnings_->setObjectName("cementWarnings");
  warnings_->setWordWrap(true);
  layout->addWidget(warnings_);

  auto* playRow = new QHBoxLayout;
  play_ = new QPushButton("Play");
  play_->setObjectName("playFill");
  play_->setEnabled(false);
  frame_ = new QSlider(Qt::Horizontal);
  frame_->setObjectName("fillFrame");
  frame_->setEnabled(false);
  playRow->addWidget(play_);
  playRow->addWidget(frame_, 1);
  layout->addLayout(playRow);
  time_ = new QLabel;
  time_->setObjectName("fillTime");
  time_->setWordWrap(true);
  layout->addWidget(time_);
  plot_ = new PressurePlot;
  layout->addWidget(plot_, 1);

  playTimer_.setInterval(100);
  connect(&playTimer_, &QTimer::timeout, this, &SimulatePage::step);
  connect(cement_, &QComboBox::currentIndexChanged, this, [this] {
    // Each class has its own dough time: the usual start follows the class.
    const auto viscosity = static_cast<core::CementViscosity>(cement_->currentData().toInt());
    start_->setValue(cement::rheologyOf(viscosity).defaultStartMin);
  });
  connect(stopRule_, &QComboBox::currentIndexChanged, this, [this] {
    pressureLimit_->setEnabled(stopRule_->currentData().toInt() ==
                               static_cast<int>(core::StopCriterion::kPressureLimit));
  });
  connect(run_, &QPushButton::clicked, this, [this] {
    setPlaying(false);
    emit runRequested(settings());
  });
  connect(play_, &QPushButton::clicked, this, [this] { setPlaying(!isPlaying()); });
  connect(frame_, &QSlider::valueChanged, this, [this](int i) {
    if (i >= 0 && static_cast<size_t>(i) < times_.size())
      emit cementTimeChosen(times_[static_cast<size_t>(i)], isPlaying());
  });
}

SimulationSettings SimulatePage::settings() const {
  SimulationSettings s;
  s.volumeMl = volume_->value();
  s.viscosity = static_cast<core::CementViscosity>(cement_->currentData().toInt());
  s.startMinAfterMixing = start_->value();
  s.stopRule = static_cast<core::StopCriterion>(stopRule_->currentData().toInt());
  s.pressureLimitKpa = pressureLimit_->value();
  return s;
}

void SimulatePage::setSettings(const SimulationSettings& s) {
  volume_->setValue(s.volumeMl);
  cement_->setCurrentIndex(cement_->findData(static_cast<int>(s.viscosity)));
  if (s.startMinAfterMixing >= 0) start_->setValue(s.startMinAfterMixing);
  stopRule_->setCurrentIndex(stopRule_->findData(static_cast<int>(s.stopRule)));
  pressureLimit_->setValue(s.pressureLimitKpa);
}

int SimulatePage::resultRow(const QString& quantity) const {
  for (int r = 0; r < results_->rowCount(); ++r)
    if (results_->item(r, 0) && results_->item(r, 0)->text() == quantity) return r;
  return -1;
}

void SimulatePage::setPlaying(bool playing) {
  if (playing == isPlaying()) return;
  if (playing) {
    if (frame_->value() >= frame_->maximum()) frame_->setValue(0);
    playTimer_.start();
    play_->setText("Pause");
  } else {
    playTimer_.stop();
    play_->setText("Play");
    // At rest: the views refine to full images of this moment.
    const int i = frame_->value();
    if (i >= 0 && static_cast<size_t>(i) < times_.size())
      emit cementTimeChosen(times_[static_cast<size_t>(i)], false);
  }
}

void SimulatePage::step() {
  if (frame_->value() >= frame_->maximum()) {
    setPlaying(false);
    return;
  }
  frame_->setValue(frame_->value() + 1);
}

void SimulatePage::refresh(const WorkflowModel& model) {
  run_->setEnabled(model.canEnter(WorkflowStep::kSimulate));
  if (!model.plan().levels.empty()) {
    const core::CementSettings& planned = model.plan().levels.front().cement;
    if (!shownPlanCement_ || !(*shownPlanCement_ == planned)) {
      shownPlanCement_ = planned;
      setSettings(settingsFromPlan(planned));
    }
  }
  stale_->setVisible(model.simulationIsStale());
  if (model.simulation().get() != shown_) {
    current_ = model.simulation();
    shown_ = current_.get();
    setPlaying(false);
    if (current_) {
      fillResults(*current_);
    } else {
      results_->setRowCount(0);
      warnings_->clear();
      plot_->clear();
      times_.clear();
    }
    const QSignalBlocker block(frame_);
    frame_->setRange(0, std::max(0, static_cast<int>(times_.size()) - 1));
    frame_->setEnabled(!times_.empty());
    play_->setEnabled(times_.size() > 1);
  }
  showMoment(model);
}

void SimulatePage::showMoment(const WorkflowModel& model) {
  if (!current_ || times_.empty()) {
    time_->setText(current_ ? "" : "No simulation yet.");
    return;
  }
  const double t = model.cementTimeS();
  // The last playback moment not after t.
  const auto it = std::upper_bound(times_.begin(), times_.end(), t + 1e-6);
  const int index = std::max(0, static_cast<int>(it - times_.begin()) - 1);
  if (frame_->value() != index) {
    const QSignalBlocker block(frame_);
    frame_->setValue(index);
  }
  const CementSnapshot s = snapshotAt(*current_, t);
  time_->setText(QString("t = %1 s: %2 mL injected, %3 mL leaked, tip pressure %4 kPa")
                     .arg(t, 0, 'f', 1)
                     .arg(ml(s.injectedMl))
                     .arg(ml(s.leakedMl))
                     .arg(s.maxPressureKpa, 0, 'f', 0));
  plot_->setCursorTime(t);
}

void SimulatePage::fillResults(const CementSimulation& sim) {
  const int levels = static_cast<int>(sim.levels.size());
  const bool total = levels > 1;
  results_->clear();
  results_->setColumnCount(1 + levels + (total ? 1 : 0));
  QStringList header{"Result"};
  for (const auto& l : sim.levels) header << QString::fromStdString(l.level);
  if (total) header << "Total";
  results_->setHorizontalHeaderLabels(header);

  struct Row {
    QString name;
    std::function<QString(const cement::LevelSimulation&)> value;
    std::function<double(const cement::LevelSimulation&)> sum;  // null: no total
  };
  std::vector<Row> rows = {
      {"Injected (mL)", [](const auto& l) { return ml(l.result.injectedMl); },
       [](const auto& l) { return l.result.injectedMl; }},
      {"Retained (mL)", [](const auto& l) { return ml(l.result.retainedMl); },
       [](const auto& l) { return l.result.retainedMl; }},
      {"Leaked (mL)", [](const auto& l) { return ml(l.result.leakedMl); },
       [](const auto& l) { return l.result.leakedMl; }},
  };
  for (int d = 0; d < cement::kLeakDestinationCount; ++d) {
    const auto destination = static_cast<cement::LeakDestination>(d);
    rows.push_back(
        {QString("Leak: %1 (mL)").arg(QString::fromStdString(cement::toString(destination))),
         [d](const auto& l) { return ml(l.result.leakedByDestinationMl[static_cast<size_t>(d)]); },
         [d](const auto& l) { return l.result.leakedByDestinationMl[static_cast<size_t>(d)]; }});
  }
  rows.push_back(
      {"Body fill (%)",
       [](const auto& l) { return QString::number(100 * l.result.bodyFillFraction, 'f', 1); },
       nullptr});
  // The clinical filling ratio: what published fill percentages usually mean.
  rows.push_back(
      {"Injected / body volume (%)",
       [](const auto& l) {
         return QString::number(100 * l.result.injectedToBodyFraction(), 'f', 1);
       },
       nullptr});
  rows.push_back({"Superior endplate",
                  [](const auto& l) {
                    return contact(l.result.touchesSuperiorEndplate, l.result.superiorContactMm2);
                  },
                  nullptr});
  rows.push_back({"Inferior endplate",
                  [](const auto& l) {
                    return contact(l.result.touchesInferiorEndplate, l.result.inferiorContactMm2);
                  },
                  nullptr});
  rows.push_back({"Peak pressure (kPa)",
                  [](const auto& l) {
                    double p = 0;
                    for (const auto& s : l.result.sources) p = std::max(p, s.peakPressureKpa);
                    return QString::number(p, 'f', 0);
                  },
                  nullptr});
  rows.push_back(
      {"Stopped by",
       [](const auto& l) { return QString::fromStdString(cement::toString(l.result.stopReason)); },
       nullptr});
  rows.push_back({"Duration (s)",
                  [](const auto& l) { return QString::number(l.result.durationS, 'f', 0); },
                  nullptr});
  // What the short names mean, on hover.
  const std::map<QString, QString> tips{
      {"Retained (mL)", "Cement inside the treated vertebra (body, pedicles, posterior elements)"},
      {"Body fill (%)", "Share of the vertebral body's volume the cement reaches"},
      {"Superior endplate", "Cement against the superior endplate (contact from 4 mm²), area"},
      {"Inferior endplate", "Cement against the inferior endplate (contact from 4 mm²), area"},
      {"Peak pressure (kPa)", "Highest tip pressure of the level's needles"},
      {"Duration (s)", "From the start of injection to the stop"}};
  results_->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    auto* name = new QTableWidgetItem(rows[static_cast<size_t>(r)].name);
    if (const auto tip = tips.find(name->text()); tip != tips.end()) name->setToolTip(tip->second);
    results_->setItem(r, 0, name);
    double sum = 0;
    for (int c = 0; c < levels; ++c) {
      const auto& level = sim.levels[static_cast<size_t>(c)];
      results_->setItem(r, 1 + c, new QTableWidgetItem(rows[static_cast<size_t>(r)].value(level)));
      if (rows[static_cast<size_t>(r)].sum) sum += rows[static_cast<size_t>(r)].sum(level);
    }
    if (total && rows[static_cast<size_t>(r)].sum)
      results_->setItem(r, 1 + levels, new QTableWidgetItem(ml(sum)));
  }

  const auto warnings = leakWarnings(sim);
  if (warnings.empty()) {
    warnings_->setText("No leak: all the cement stays in the vertebra.");
    warnings_->setStyleSheet("color: #50b050;");
  } else {
    QString text;
    bool serious = false;
    for (const auto& w : warnings) {
      text += (w.serious ? "LEAK: " : "Note: ") + QString::fromStdString(w.text) + "\n";
      serious = serious || w.serious;
    }
    warnings_->setText(text.trimmed());
    warnings_->setStyleSheet(serious ? "color: #ff5050; font-weight: bold;" : "color: #e0a030;");
  }
  plot_->setSeries(pressureSeries(sim), injectedSeries(sim));
  times_ = playbackTimes(sim);
}

}  // namespace trocar::ui
