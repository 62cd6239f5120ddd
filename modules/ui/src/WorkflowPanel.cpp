#include "trocar/ui/WorkflowPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "trocar/segment/Levels.h"
#include "trocar/ui/SimulatePage.h"
#include "trocar/ui/ExportPage.h"
#include "trocar/ui/ReviewPage.h"

namespace trocar::ui {

WorkflowPanel::WorkflowPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  steps_ = new QListWidget;
  for (int i = 0; i < kWorkflowStepCount; ++i)
    steps_->addItem(QString("%1. %2").arg(i + 1).arg(
        QString::fromStdString(toString(static_cast<WorkflowStep>(i)))));
  steps_->setMaximumHeight(6 * 22 + 8);
  steps_->setObjectName("workflowSteps");
  layout->addWidget(steps_);

  pages_ = new QStackedWidget;
  pages_->addWidget(makeOpenPage());
  pages_->addWidget(makeSegmentPage());
  pages_->addWidget(makePlanPage());
  simulate_ = new SimulatePage;
  pages_->addWidget(simulate_);
  review_ = new ReviewPage;
  export_ = new ExportPage;
  pages_->addWidget(review_);
  pages_->addWidget(export_);
  layout->addWidget(pages_, 1);

  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setObjectName("workflowMessage");
  layout->addWidget(message_);

  taskBox_ = new QWidget;
  auto* taskLayout = new QVBoxLayout(taskBox_);
  taskLayout->setContentsMargins(0, 0, 0, 0);
  taskLabel_ = new QLabel;
  progress_ = new QProgressBar;
  progress_->setRange(0, 1000);
  progress_->setTextVisible(true);
  cancel_ = new QPushButton("Cancel");
  cancel_->setObjectName("cancelTask");
  auto* row = new QHBoxLayout;
  row->addWidget(progress_, 1);
  row->addWidget(cancel_);
  taskLayout->addWidget(taskLabel_);
  taskLayout->addLayout(row);
  taskBox_->hide();
  layout->addWidget(taskBox_);

  connect(cancel_, &QPushButton::clicked, this, &WorkflowPanel::cancelRequested);
  connect(steps_, &QListWidget::currentRowChanged, this, [this](int stepRow) {
    if (stepRow >= 0) emit stepRequested(static_cast<WorkflowStep>(stepRow));
  });
  setMinimumWidth(300);
}

QWidget* WorkflowPanel::makeOpenPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  openSample_ = new QPushButton("Open the sample case (lumbar CT)");
  openSample_->setObjectName("openSampleCase");
  openFile_ = new QPushButton("Open a volume or DICOM file...");
  openFolder_ = new QPushButton("Open a DICOM folder...");
  caseLabel_ = new QLabel("No case open.");
  caseLabel_->setWordWrap(true);
  recent_ = new QListWidget;
  recent_->setObjectName("recentCases");
  layout->addWidget(openSample_);
  layout->addWidget(openFile_);
  layout->addWidget(openFolder_);
  layout->addWidget(new QLabel("Recent cases (double-click to open):"));
  layout->addWidget(recent_, 1);
  layout->addWidget(caseLabel_);
  connect(openSample_, &QPushButton::clicked, this, &WorkflowPanel::sampleCaseRequested);
  connect(openFile_, &QPushButton::clicked, this, &WorkflowPanel::openFileRequested);
  connect(openFolder_, &QPushButton::clicked, this, &WorkflowPanel::openFolderRequested);
  connect(recent_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    emit recentCaseRequested(item->data(Qt::UserRole).toString());
  });
  return page;
}

QWidget* WorkflowPanel::makeSegmentPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  segment_ = new QPushButton("Segment the spine");
  segment_->setObjectName("segmentSpine");
  segmentSummary_ =
      new QLabel("Finds and numbers the vertebrae (T1 to the sacrum) and measures each level.");
  segmentSummary_->setWordWrap(true);
  levels_ = new QTableWidget(0, 5);
  levels_->setHorizontalHeaderLabels(
      {"Level", "Body (mL)", "Heights a/m/p (mm)", "Genant", "Core (HU)"});
  levels_->verticalHeader()->hide();
  levels_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  levels_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  levels_->setObjectName("levelTable");
  layout->addWidget(segment_);
  layout->addWidget(segmentSummary_);
  layout->addWidget(levels_, 1);
  // Correcting the numbering, as radiologists do by counting from the sacrum or the last rib.
  auto* rename = new QHBoxLayout;
  levelName_ = new QComboBox;
  levelName_->setObjectName("levelName");
  for (int label = segment::verse::kT1; label <= segment::verse::kL6; ++label)
    levelName_->addItem(QString::fromStdString(segment::levelName(label)), label);
  levelName_->setCurrentText("L3");
  nameLevel_ = new QPushButton("Name the vertebra at the cursor");
  nameLevel_->setObjectName("nameLevel");
  rename->addWidget(levelName_);
  rename->addWidget(nameLevel_, 1);
  layout->addLayout(rename);
  connect(segment_, &QPushButton::clicked, this, &WorkflowPanel::segmentRequested);
  connect(nameLevel_, &QPushButton::clicked, this,
          [this] { emit nameLevelRequested(levelName_->currentData().toInt()); });
  return page;
}

QWidget* WorkflowPanel::makePlanPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(new QLabel("Levels to treat:"));
  planLevels_ = new QListWidget;
  planLevels_->setObjectName("planLevels");
  planLevels_->setMaximumHeight(120);
  layout->addWidget(planLevels_);
  auto* options = new QHBoxLayout;
  strategy_ = new QComboBox;
  strategy_->addItem("Bipedicular", static_cast<int>(core::LevelStrategy::kBipedicular));
  strategy_->addItem("Unipedicular", static_cast<int>(core::LevelStrategy::kUnipedicular));
  gauge_ = new QComboBox;
  for (int g : {11, 10, 13, 15}) gauge_->addItem(QString("%1 G").arg(g), g);
  options->addWidget(strategy_);
  options->addWidget(gauge_);
  layout->addLayout(options);
  propose_ = new QPushButton("Propose needles");
  propose_->setObjectName("proposePlan");
  layout->addWidget(propose_);
  planSummary_ = new QLabel;
  planSummary_->setWordWrap(true);
  layout->addWidget(planSummary_);
  needles_ = new QTableWidget(0, 8);
  needles_->setObjectName("needleTable");
  needles_->setHorizontalHeaderLabels({"Needle", "Verdict", "Transverse (deg)", "Sagittal (deg)",
                                       "Skin-target (mm)", "Pedicle wall (mm)", "Canal (mm)",
                                       "Down the barrel"});
  needles_->verticalHeader()->hide();
  needles_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  needles_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(needles_, 1);
  connect(propose_, &QPushButton::clicked, this, [this] {
    std::vector<int> levels;
    for (int i = 0; i < planLevels_->count(); ++i)
      if (planLevels_->item(i)->checkState() == Qt::Checked)
        levels.push_back(planLevels_->item(i)->data(Qt::UserRole).toInt());
    if (levels.empty()) {
      showMessage("Tick the levels to treat first.", true);
      return;
    }
    emit proposeRequested(levels,
                          static_cast<core::LevelStrategy>(strategy_->currentData().toInt()),
                          gauge_->currentData().toInt());
  });
  return page;
}

void WorkflowPanel::fillNeedles(const core::Plan& plan) {
  needles_->setRowCount(static_cast<int>(plan.needles.size()));
  int row = 0;
  int unsafe = 0, caution = 0;
  for (const auto& n : plan.needles) {
    const auto& m = n.assessment.metrics;
    const auto cell = [&](int col, const QString& text) {
      needles_->setItem(row, col, new QTableWidgetItem(text));
    };
    cell(0, QString::fromStdString(n.id));
    auto* verdict =
        new QTableWidgetItem(QString::fromStdString(core::toString(n.assessment.verdict)));
    verdict->setForeground(n.assessment.verdict == core::Verdict::kSafe      ? QColor(40, 160, 60)
                           : n.assessment.verdict == core::Verdict::kCaution ? QColor(200, 140, 0)
                                                                             : QColor(210, 40, 40));
    QString reasons;
    for (const auto& r : n.assessment.reasons) reasons += QString::fromStdString(r) + "\n";
    verdict->setToolTip(reasons.trimmed());
    needles_->setItem(row, 1, verdict);
    cell(2, QString::number(m.transverseAngleDeg, 'f', 1));
    cell(3, QString::number(m.sagittalAngleDeg, 'f', 1));
    cell(4, QString::number(m.skinToTargetMm, 'f', 1));
    cell(5, QString::number(m.pedicleWallMarginMm, 'f', 1));
    cell(6, QString::number(m.canalMarginMm, 'f', 1));
    cell(7, QString::fromStdString(core::describe(n.views.downTheBarrel)));
    unsafe += n.assessment.verdict == core::Verdict::kUnsafe;
    caution += n.assessment.verdict == core::Verdict::kCaution;
    ++row;
  }
  planSummary_->setText(plan.needles.empty()
                            ? QString("No needles yet.")
                            : QString("%1 needles: %2 safe, %3 caution, %4 unsafe.")
                                  .arg(plan.needles.size())
                                  .arg(static_cast<int>(plan.needles.size()) - unsafe - caution)
                                  .arg(caution)
                                  .arg(unsafe));
}

QWidget* WorkflowPanel::makeLaterPage(const QString& what) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  auto* label = new QLabel(what + ": not available in this build yet.");
  label->setWordWrap(true);
  layout->addWidget(label);
  layout->addStretch(1);
  return page;
}

void WorkflowPanel::refresh(const WorkflowModel& model) {
  for (int i = 0; i < kWorkflowStepCount; ++i) {
    QListWidgetItem* item = steps_->item(i);
    const bool enabled = model.canEnter(static_cast<WorkflowStep>(i));
    item->setFlags(enabled ? (Qt::ItemIsEnabled | Qt::ItemIsSelectable) : Qt::NoItemFlags);
  }
  const int current = static_cast<int>(model.step());
  if (steps_->currentRow() != current) {
    const QSignalBlocker block(steps_);
    steps_->setCurrentRow(current);
  }
  pages_->setCurrentIndex(current);
  caseLabel_->setText(model.hasCase() ? "Open: " + QString::fromStdString(model.casePath().string())
                                      : "No case open.");
  segment_->setEnabled(model.hasCase());
  if (!model.hasAnatomy()) {
    levels_->setRowCount(0);
    segmentSummary_->setText(
        "Finds and numbers the vertebrae (T1 to the sacrum) and measures each level.");
    shownAnatomyRevision_ = -1;
    planLevels_->clear();
  } else if (shownAnatomyRevision_ != model.anatomyRevision()) {
    fillLevels(model.anatomy());
    shownAnatomyRevision_ = model.anatomyRevision();
    planLevels_->clear();
    for (const auto& v : model.anatomy().vertebrae) {
      if (v.label < 8 || v.label > 25) continue;  // thoracic and lumbar levels are treated
      auto* item = new QListWidgetItem(QString::fromStdString(v.name));
      item->setData(Qt::UserRole, v.label);
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
      item->setCheckState(Qt::Unchecked);
      planLevels_->addItem(item);
    }
  }
  propose_->setEnabled(model.hasAnatomy());
  nameLevel_->setEnabled(model.hasAnatomy());
  if (model.history().revision() != shownPlanRevision_) {
    fillNeedles(model.plan());
    shownPlanRevision_ = model.history().revision();
  }
  simulate_->refresh(model);
  review_->refresh(model);
  export_->refresh(model);
}

void WorkflowPanel::fillLevels(const segment::SpineAnatomy& a) {
  levels_->setRowCount(static_cast<int>(a.vertebrae.size()));
  int row = 0;
  for (const auto& v : a.vertebrae) {
    const auto cell = [&](int col, const QString& text) {
      levels_->setItem(row, col, new QTableWidgetItem(text));
    };
    cell(0, QString::fromStdString(v.name) + (v.partial ? " (partial)" : ""));
    cell(1, QString::number(v.bodyVolumeMl, 'f', 1));
    cell(2, QString("%1 / %2 / %3")
                .arg(v.anteriorHeightMm, 0, 'f', 1)
                .arg(v.middleHeightMm, 0, 'f', 1)
                .arg(v.posteriorHeightMm, 0, 'f', 1));
    cell(3, QString::number(v.genantGrade));
    cell(4, QString::number(v.cancellousMeanHu, 'f', 0));
    ++row;
  }
  QString summary = QString("%1 vertebrae, level confidence %2 %: %3")
                        .arg(a.vertebrae.size())
                        .arg(a.levelConfidence * 100, 0, 'f', 0)
                        .arg(QString::fromStdString(a.levelReasoning));
  for (const auto& w : a.warnings) summary += "\nWarning: " + QString::fromStdString(w);
  segmentSummary_->setText(summary);
}

void WorkflowPanel::setRecentCases(const std::vector<std::filesystem::path>& paths) {
  recent_->clear();
  for (const auto& p : paths) {
    auto* item = new QListWidgetItem(QString::fromStdString(p.filename().string()));
    item->setToolTip(QString::fromStdString(p.string()));
    item->setData(Qt::UserRole, QString::fromStdString(p.string()));
    recent_->addItem(item);
  }
}

void WorkflowPanel::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? "color: #e05050;" : "");
}

void WorkflowPanel::showTask(const QString& title) {
  taskLabel_->setText(title);
  progress_->setValue(0);
  cancel_->setEnabled(true);
  taskBox_->show();
}

void WorkflowPanel::showProgress(double fraction, const QString& what) {
  progress_->setValue(static_cast<int>(fraction * 1000));
  progress_->setFormat(QString("%1 - %p%").arg(what));
}

void WorkflowPanel::hideTask() { taskBox_->hide(); }

}  // namespace trocar::ui
