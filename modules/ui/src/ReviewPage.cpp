#include "trocar/ui/ReviewPage.h"

#include <algorithm>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "trocar/report/CementSummary.h"
#include "trocar/report/Measure.h"
#include "trocar/report_images/CaseKeyImages.h"
#include "trocar/ui/BackgroundTask.h"
#include "trocar/ui/ReportExport.h"

namespace trocar::ui {
namespace {

// Slices are small here: a level's needles side by side in a panel about 300 px wide.
constexpr int kSliceWidthPx = 130;

QColor verdictColor(core::Verdict v) {
  return v == core::Verdict::kSafe      ? QColor(40, 160, 60)
         : v == core::Verdict::kCaution ? QColor(200, 140, 0)
                                        : QColor(210, 40, 40);
}

QString mm(double v) { return QString("%1 mm").arg(v, 0, 'f', 1); }
QString deg(double v) { return QString("%1°").arg(v, 0, 'f', 1); }
QString q(const std::string& s) { return QString::fromStdString(s); }

// One row per value, one column per needle, as the radiologist compares left and right.
struct Row {
  const char* name;
  QString (*text)(const core::Needle&);
};
const Row kRows[] = {
    {"Verdict", [](const core::Needle& n) { return q(core::toString(n.assessment.verdict)); }},
    {"Transverse angle",
     [](const core::Needle& n) { return deg(n.assessment.metrics.transverseAngleDeg); }},
    {"Sagittal angle",
     [](const core::Needle& n) { return deg(n.assessment.metrics.sagittalAngleDeg); }},
    {"Skin to target",
     [](const core::Needle& n) { return mm(n.assessment.metrics.skinToTargetMm); }},
    {"Bone to target",
     [](const core::Needle& n) { return mm(n.assessment.metrics.boneToTargetMm); }},
    {"Pedicle wall margin",
     [](const core::Needle& n) { return mm(n.assessment.metrics.pedicleWallMarginMm); }},
    {"Canal margin", [](const core::Needle& n) { return mm(n.assessment.metrics.canalMarginMm); }},
    {"Anterior cortex margin",
     [](const core::Needle& n) { return mm(n.assessment.metrics.anteriorCortexMarginMm); }},
};

// The run whose results the page shows: none while it is stale.
const void* currentRun(const WorkflowModel& model) { return currentSimulation(model).get(); }

QString cementText(const std::string& level,
                   const std::vector<const cement::LevelSimulation*>& sims, bool stale) {
  for (const auto* sim : sims) {
    if (sim->level != level) continue;
    const report::CementSummary s = report::cementSummaryOf(level, sim->result);
    return QString(
               "Cement (simulated): %1 injected, %2 retained, %3 leaked; %4 of the body filled; "
               "stopped: %5.")
        .arg(q(report::formatMeasure(s.injected)), q(report::formatMeasure(s.retained)),
             q(report::formatMeasure(s.leaked)), q(report::formatMeasure(s.bodyFill)),
             q(s.stopReason));
  }
  return stale ? "Cement: the simulation is out of date (needles or levels changed since); run it "
                 "again in the Simulate step."
               : "Cement: not simulated (Simulate step).";
}

QPixmap pixmapOf(const report::KeyImage& image) {
  if (image.empty()) return {};
  const QImage rgb(image.rgb.data(), image.width, image.height, image.width * 3,
                   QImage::Format_RGB888);
  return QPixmap::fromImage(rgb.scaledToWidth(kSliceWidthPx, Qt::SmoothTransformation));
}

}  // namespace

ReviewPage::ReviewPage(QWidget* parent) : QWidget(parent) {
  slicePool_.setMaxThreadCount(1);
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  levelsBox_ = new QWidget;
  levelsLayout_ = new QHBoxLayout(levelsBox_);
  levelsLayout_->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea;
  scroll->setObjectName("reviewLevels");
  scroll->setWidget(levelsBox_);
  scroll->setWidgetResizable(true);
  layout->addWidget(scroll, 1);

  layout->addWidget(new QLabel("Notes (free text, saved with the plan):"));
  notes_ = new QPlainTextEdit;
  notes_->setObjectName("reviewNotes");
  notes_->setMaximumHeight(70);
  layout->addWidget(notes_);
  auto* people = new QHBoxLayout;
  author_ = new QLineEdit;
  author_->setObjectName("reviewAuthor");
  author_->setPlaceholderText("who planned it");
  approver_ = new QLineEdit(qEnvironmentVariable("USER"));
  approver_->setObjectName("reviewApprover");
  approver_->setPlaceholderText("name, role");
  people->addWidget(new QLabel("Author:"));
  people->addWidget(author_, 1);
  people->addWidget(new QLabel("Approver:"));
  people->addWidget(approver_, 1);
  layout->addLayout(people);
  approve_ = new QPushButton("Approve the plan");
  approve_->setObjectName("approvePlan");
  layout->addWidget(approve_);
  approval_ = new QLabel;
  approval_->setObjectName("approvalStatus");
  approval_->setWordWrap(true);
  layout->addWidget(approval_);
  notice_ = new QLabel;
  notice_->setObjectName("approvalNotice");
  notice_->setWordWrap(true);
  notice_->setStyleSheet("color: #e05050; font-weight: bold;");
  notice_->hide();
  layout->addWidget(notice_);

  connect(notes_, &QPlainTextEdit::textChanged, this,
          [this] { emit notesEdited(notes_->toPlainText()); });
  connect(author_, &QLineEdit::textEdited, this, &ReviewPage::authorEdited);
  connect(approve_, &QPushButton::clicked, this, [this] {
    const QString who = approver_->text().trimmed();
    if (who.isEmpty()) {
      approval_->setText("Type the approver's name first.");
      return;
    }
    emit approveRequested(who);
  });
  connect(&slicer_, &QFutureWatcher<Slices>::finished, this, [this] {
    slices_ = slicer_.result();
    showSlices();
    if (slicesWanted_ && model_) {
      slicesWanted_ = false;
      startSlices(*model_);
    }
  });
}

ReviewPage::~ReviewPage() { slicer_.waitForFinished(); }

void ReviewPage::refresh(const WorkflowModel& model) {
  model_ = &model;
  const core::Plan& plan = model.plan();
  if (model.history().revision() != shownRevision_) {
    shownRevision_ = model.history().revision();
    if (plan.needles != shownNeedles_ || tables_.size() != plan.levels.size()) rebuildLevels(model);
    // Only what differs: setting the same text would move the cursor of the one typing.
    if (notes_->toPlainText() != q(plan.notes)) {
      const QSignalBlocker block(notes_);
      notes_->setPlainText(q(plan.notes));
    }
    if (author_->text() != q(plan.author)) author_->setText(q(plan.author));
  }
  if (currentRun(model) != shownSimulation_) rebuildLevels(model);
  if (plan.approval.approved()) {
    approval_->setText(QString("Approved by %1 on %2 (UTC).")
                           .arg(q(plan.approval.approvedBy), q(plan.approval.approvedUtc)));
    approval_->setStyleSheet("color: #28a03c;");
  } else {
    approval_->setText("Not approved yet.");
    approval_->setStyleSheet("");
  }
  approve_->setEnabled(!plan.needles.empty() && !plan.approval.approved());
  const QString notice = q(model.approvalNotice());
  notice_->setText(notice);
  notice_->setVisible(!notice.isEmpty());

  const bool stale = slices_.needles != plan.needles || slices_.simulation != currentRun(model);
  if (model.step() == WorkflowStep::kReview && model.hasCase() && stale) {
    if (slicer_.isRunning())
      slicesWanted_ = true;
    else
      startSlices(model);
  }
}

void ReviewPage::rebuildLevels(const WorkflowModel& model) {
  const core::Plan& plan = model.plan();
  shownNeedles_ = plan.needles;
  shownSimulation_ = currentRun(model);
  while (QLayoutItem* item = levelsLayout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  tables_.clear();
  cement_.clear();
  images_.clear();
  const auto sims = simulatedLevelsOf(model);
  int safe = 0, caution = 0, unsafe = 0;
  for (const auto& level : plan.levels) {
    const QString name = q(level.name);
    std::vector<const core::Needle*> needles;
    for (const auto& n : plan.needles)
      if (n.level == level.name) needles.push_back(&n);
    QString title = QString("%1 - %2").arg(name, q(core::toString(level.strategy)));
    if (!needles.empty())
      title += QString(", %1 G %2")
                   .arg(needles.front()->gauge)
                   .arg(q(core::toString(needles.front()->approach)));
    auto* card = new QGroupBox(title);
    card->setObjectName("reviewLevel-" + name);
    auto* cardLayout = new QVBoxLayout(card);
    const bool byPressure = level.cement.stopCriterion == core::StopCriterion::kPressureLimit;
    auto* cementPlan = new QLabel(
        QString("Cement plan: %1 mL, %2 viscosity, %3 mL/min from %4 min after "
                "mixing, stop: %5%6.")
            .arg(level.cement.volumeMl, 0, 'f', 1)
            .arg(q(core::toString(level.cement.viscosity)))
            .arg(level.cement.injectionRateMlPerMin, 0, 'f', 1)
            .arg(level.cement.startMinAfterMixing, 0, 'f', 1)
            .arg(q(core::toString(level.cement.stopCriterion)))
            .arg(byPressure ? QString(" at %1 kPa").arg(level.cement.pressureLimitKpa, 0, 'f', 0)
                            : QString()));
    cementPlan->setWordWrap(true);
    cardLayout->addWidget(cementPlan);

    auto* table =
        new QTableWidget(static_cast<int>(std::size(kRows)), static_cast<int>(needles.size()));
    table->setObjectName("reviewTable-" + name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QStringList rowNames, columnNames;
    for (const Row& row : kRows) rowNames << row.name;
    table->setVerticalHeaderLabels(rowNames);
    auto* images = new QHBoxLayout;
    for (int c = 0; c < static_cast<int>(needles.size()); ++c) {
      const core::Needle& n = *needles[static_cast<size_t>(c)];
      columnNames << q(n.id);
      for (int r = 0; r < static_cast<int>(std::size(kRows)); ++r) {
        auto* item = new QTableWidgetItem(kRows[r].text(n));
        if (r == 0) {
          item->setForeground(verdictColor(n.assessment.verdict));
          QString reasons;
          for (const auto& why : n.assessment.reasons) reasons += q(why) + "\n";
          item->setToolTip(reasons.trimmed());
        }
        table->setItem(r, c, item);
      }
      (n.assessment.verdict == core::Verdict::kSafe      ? safe
       : n.assessment.verdict == core::Verdict::kCaution ? caution
                                                         : unsafe)++;
      auto* image = new QLabel("slice ...");
      image->setObjectName("reviewSlice-" + q(n.id));
      image->setMinimumSize(kSliceWidthPx, 100);
      image->setToolTip(q(n.id) + ": the axial CT slice along the needle (10 mm bar)");
      images->addWidget(image);
      images_[q(n.id)] = image;
    }
    table->setHorizontalHeaderLabels(columnNames);
    // The whole table at once, no scroll bars: the point is to see both needles side by side.
    // Sized from the text, since header sizes are not known before the table is shown.
    const QFontMetrics fm = table->fontMetrics();
    const int pad = 16, rowHeight = fm.height() + 6;
    int rowNameWidth = 0;
    for (const Row& row : kRows)
      rowNameWidth = std::max(rowNameWidth, fm.horizontalAdvance(row.name));
    table->verticalHeader()->setFixedWidth(rowNameWidth + pad);
    table->verticalHeader()->setDefaultSectionSize(rowHeight);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->horizontalHeader()->setFixedHeight(rowHeight);
    int width = rowNameWidth + pad;
    for (int c = 0; c < table->columnCount(); ++c) {
      int w = fm.horizontalAdvance(columnNames[c]);
      for (int r = 0; r < table->rowCount(); ++r)
        w = std::max(w, fm.horizontalAdvance(table->item(r, c)->text()));
      table->setColumnWidth(c, w + pad);
      width += w + pad;
    }
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int frame = 2 * table->frameWidth();
    table->setFixedSize(width + frame, rowHeight * (table->rowCount() + 1) + frame);
    cardLayout->addWidget(table);
    auto* cement = new QLabel(cementText(level.name, sims, model.simulationIsStale()));
    cement->setObjectName("reviewCement-" + name);
    cement->setWordWrap(true);
    cardLayout->addWidget(cement);
    cardLayout->addLayout(images);
    cardLayout->addStretch(1);
    tables_[name] = table;
    cement_[name] = cement;
    levelsLayout_->addWidget(card);
  }
  levelsLayout_->addStretch(1);
  summary_->setText(plan.levels.empty()
                        ? QString("No levels planned yet.")
                        : QString("%1 levels, %2 needles: %3 safe, %4 caution, %5 unsafe.")
                              .arg(plan.levels.size())
                              .arg(plan.needles.size())
                              .arg(safe)
                              .arg(caution)
                              .arg(unsafe));
  showSlices();
}

void ReviewPage::startSlices(const WorkflowModel& model) {
  // Copies for the worker: the CT voxels and label maps are shared, the rest is small.
  struct Input {
    image::CtVolume volume;
    std::optional<segment::SpineAnatomy> anatomy;
    core::Plan plan;
    std::shared_ptr<const CementSimulation> simulation;  // shared, not copied: its grids are large
  };
  auto input = std::make_shared<Input>();
  input->volume = model.volume();
  if (model.hasAnatomy()) input->anatomy = model.anatomy();
  input->plan = model.plan();
  input->simulation = currentSimulation(model);
  const void* run = input->simulation.get();
  slicer_.setFuture(QtConcurrent::run(&slicePool_, [input, run] {
    lowerThisThreadsPriority();
    report_images::ReportCase c;
    c.volume = &input->volume;
    c.anatomy = input->anatomy ? &*input->anatomy : nullptr;
    c.plan = &input->plan;
    if (input->simulation)
      for (const auto& level : input->simulation->levels) c.cement.push_back(&level);
    Slices out;
    out.needles = input->plan.needles;
    out.simulation = run;
    out.images = report_images::needleSlicesOf(c);
    return out;
  }));
}

void ReviewPage::showSlices() {
  for (size_t i = 0; i < slices_.needles.size() && i < slices_.images.size(); ++i) {
    const auto it = images_.find(q(slices_.needles[i].id));
    if (it == images_.end()) continue;
    it->second->setPixmap(pixmapOf(slices_.images[i]));
    it->second->setToolTip(q(slices_.images[i].title + ": " + slices_.images[i].caption));
  }
}

bool ReviewPage::slicesReady() const {
  return model_ && slices_.needles == model_->plan().needles &&
         slices_.simulation == currentRun(*model_) && !slicer_.isRunning() &&
         slices_.images.size() == slices_.needles.size();
}

QTableWidget* ReviewPage::levelTable(const QString& level) const {
  const auto it = tables_.find(level);
  return it == tables_.end() ? nullptr : it->second;
}

QLabel* ReviewPage::cementLabel(const QString& level) const {
  const auto it = cement_.find(level);
  return it == cement_.end() ? nullptr : it->second;
}

QLabel* ReviewPage::sliceImage(const QString& needleId) const {
  const auto it = images_.find(needleId);
  return it == images_.end() ? nullptr : it->second;
}

}  // namespace trocar::ui
