#include "trocar/ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>

#include "trocar/core/PlanJson.h"
#include "trocar/plan/ProposePlan.h"
#include "trocar/render/NeedleShape.h"
#include "trocar/segment/Levels.h"
#include "trocar/ui/CaseJobs.h"
#include "trocar/ui/SliceView.h"
#include "trocar/ui/SpineView.h"
#include "trocar/ui/WorkflowPanel.h"

namespace trocar::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      recent_(RecentCases::defaultFile()),
      task_(this),
      autosave_(PlanAutosave::defaultFile()) {
  // Every plan edit reaches the disk within a second: a crash loses nothing.
  autosaveTimer_ = new QTimer(this);
  autosaveTimer_->setSingleShot(true);
  autosaveTimer_->setInterval(300);
  connect(autosaveTimer_, &QTimer::timeout, this, &MainWindow::writeAutosave);
  QTimer::singleShot(0, this, &MainWindow::offerRecovery);
  panel_ = new WorkflowPanel;
  axial_ = new SliceView(render::SliceOrientation::kAxial);
  sagittal_ = new SliceView(render::SliceOrientation::kSagittal);
  coronal_ = new SliceView(render::SliceOrientation::kCoronal);
  spine_ = new SpineView;
  axial_->setObjectName("axialView");
  sagittal_->setObjectName("sagittalView");
  coronal_->setObjectName("coronalView");
  spine_->setObjectName("spineView");

  auto* viewGrid = new QWidget;
  auto* grid = new QGridLayout(viewGrid);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setSpacing(2);
  grid->addWidget(axial_, 0, 0);
  grid->addWidget(spine_, 0, 1);
  grid->addWidget(sagittal_, 1, 0);
  grid->addWidget(coronal_, 1, 1);
  auto* splitter = new QSplitter;
  splitter->addWidget(panel_);
  splitter->addWidget(viewGrid);
  splitter->setStretchFactor(1, 1);
  setCentralWidget(splitter);
  connectSimulation(viewGrid);

  statusCursor_ = new QLabel;
  statusBar()->addPermanentWidget(statusCursor_);
  buildMenus();

  recent_.pruneMissing();
  panel_->setRecentCases(recent_.paths());
  refreshRecentMenu();

  model_.addListener([this](ModelChange change) { onModelChanged(change); });
  for (SliceView* view : sliceViews()) {
    connect(view, &SliceView::focusMoved, this,
            [this](const core::Vec3& p) { model_.setFocus(p); });
    connect(view, &SliceView::windowLevelChanged, this, &MainWindow::applyWindowLevel);
    connect(view, &SliceView::labelsToggled, this, &MainWindow::toggleLabels);
    connect(view, &SliceView::needlePointMoved, this,
            [this](int needle, SliceView::NeedlePoint point, const core::Vec3& p, bool finished) {
              moveNeedlePoint(needle, static_cast<int>(point), p, finished);
            });
  }
  connect(panel_, &WorkflowPanel::sampleCaseRequested, this, &MainWindow::openSampleCase);
  connect(panel_, &WorkflowPanel::openFileRequested, this, [this] {
    const QString file = QFileDialog::getOpenFileName(
        this, "Open a CT", QString(),
        "CT volumes and DICOM (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd *.dcm *);;All files (*)");
    if (!file.isEmpty()) openCase(file);
  });
  connect(panel_, &WorkflowPanel::openFolderRequested, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, "Open a DICOM folder");
    if (!folder.isEmpty()) openCase(folder);
  });
  connect(panel_, &WorkflowPanel::recentCaseRequested, this, &MainWindow::openCase);
  connect(panel_, &WorkflowPanel::segmentRequested, this, &MainWindow::segmentCase);
  connect(panel_, &WorkflowPanel::nameLevelRequested, this, &MainWindow::nameLevelAtCursor);
  connect(panel_, &WorkflowPanel::proposeRequested, this, &MainWindow::proposePlan);
  connect(panel_, &WorkflowPanel::cancelRequested, this, &MainWindow::cancelTask);
  connect(panel_, &WorkflowPanel::stepRequested, this, [this](WorkflowStep step) {
    if (!model_.setStep(step)) panel_->refresh(model_);
  });
  connect(&task_, &BackgroundTask::started, panel_, &WorkflowPanel::showTask);
  connect(&task_, &BackgroundTask::progressed, panel_, &WorkflowPanel::showProgress);
  connect(&task_, &BackgroundTask::finished, panel_, &WorkflowPanel::hideTask);
  connectReviewAndExport();

  panel_->refresh(model_);
  setWindowTitle(QString::fromStdString(model_.windowTitle()));
  resize(1400, 900);
  for (SliceView* v : sliceViews()) v->warmUpGraphics();
  spine_->warmUpGraphics();
}

MainWindow::~MainWindow() {
  task_.cancel();
  task_.wait();
}

std::vector<SliceView*> MainWindow::sliceViews() const { return {axial_, sagittal_, coronal_}; }

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("Open &file...", QKeySequence::Open, panel_, &WorkflowPanel::openFileRequested);
  file->addAction("Open DICOM &folder...", QKeySequence("Ctrl+Shift+O"), panel_,
                  &WorkflowPanel::openFolderRequested);
  file->addAction("Open the &sample case", QKeySequence("Ctrl+E"), this,
                  &MainWindow::openSampleCase);
  recentMenu_ = file->addMenu("&Recent cases");
  file->addSeparator();
  file->addAction("Open &plan...", QKeySequence("Ctrl+Shift+P"), this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open a plan", QString(), "Trocar plans (*.json)");
    if (!path.isEmpty()) loadPlanFrom(path);
  });
  file->addAction("&Save plan", QKeySequence::Save, this, [this] {
    QString path = QString::fromStdString(model_.planPath().string());
    if (path.isEmpty())
      path =
          QFileDialog::getSaveFileName(this, "Save the plan", "plan.json", "Trocar plans (*.json)");
    if (!path.isEmpty()) savePlanTo(path);
  });
  file->addAction("Save plan &as...", QKeySequence::SaveAs, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, "Save the plan", "plan.json", "Trocar plans (*.json)");
    if (!path.isEmpty()) savePlanTo(path);
  });
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu("&Edit");
  undo_ = edit->addAction("&Undo", QKeySequence::Undo, this, [this] { model_.undo(); });
  redo_ = edit->addAction("&Redo", QKeySequence::Redo, this, [this] { model_.redo(); });

  QMenu* view = menuBar()->addMenu("&View");
  int key = 1;
  for (const auto& preset : render::windowPresets()) {
    const auto window = preset.window;
    view->addAction(QString("%1 window (W %2, L %3 HU)")
                        .arg(QString::fromStdString(preset.name))
                        .arg(window.widthHu)
                        .arg(window.levelHu),
                    QKeySequence(QString::number(key++)), this,
                    [this, window] { applyWindowLevel(window); });
  }
  view->addAction("Show/hide &labels", QKeySequence("L"), this, &MainWindow::toggleLabels);
  view->addAction("&Reset views", QKeySequence("Ctrl+R"), this, [this] {
    for (SliceView* v : sliceViews()) {
      v->scene().resetCamera();
      v->requestRender();
    }
    spine_->resetCamera();
  });

  QMenu* help = menuBar()->addMenu("&Help");
  help->addAction("&Mouse and keyboard shortcuts", QKeySequence::HelpContents, this,
                  &MainWindow::showShortcuts);
}

void MainWindow::showShortcuts() {
  auto* box = new QMessageBox(
      QMessageBox::Information, "Mouse and keyboard shortcuts",
      "<b>Slice views (axial, sagittal, coronal)</b><br>"
      "Wheel, PageUp/PageDown, Up/Down: scroll through slices<br>"
      "Ctrl+wheel, right-drag: zoom<br>"
      "Middle-drag, Shift+left-drag: pan<br>"
      "Left-click or drag: move the linked crosshair<br>"
      "W: left button adjusts window/level instead (drag right widens, down raises the level)<br>"
      "1 / 2 / 3: bone / soft tissue / cement window<br>"
      "L: show or hide the level labels<br>"
      "R: reset zoom and pan<br><br>"
      "<b>3D view</b><br>"
      "Left-drag: rotate; middle-drag: pan; right-drag or wheel: zoom<br>"
      "R: reset to the AP view; S: show or hide the skin<br><br>"
      "<b>Application</b><br>"
      "Ctrl+O: open a file; Ctrl+Shift+O: open a DICOM folder; Ctrl+E: the sample (example) "
      "case<br>"
      "Ctrl+S: save the plan; Ctrl+Shift+S: save it as; Ctrl+Shift+P: open a plan<br>"
      "Ctrl+Z: undo; Ctrl+Shift+Z: redo<br>"
      "Ctrl+R: reset all views; F1: this help; Ctrl+Q: quit<br>"
      "F5: MPR + 3D layout; F6: fluoroscopy layout (AP, lateral, down the barrel, axial)<br><br>"
      "<b>Fluoroscopy views</b><br>"
      "Sliders: RAO/LAO and CAUD/CRAN in degrees (a preview while held, the full image on "
      "release); Reset: the view's standard angles",
      QMessageBox::Close, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setModal(false);
  box->show();
}

void MainWindow::refreshRecentMenu() {
  recentMenu_->clear();
  for (const auto& p : recent_.paths()) {
    const QString path = QString::fromStdString(p.string());
    recentMenu_->addAction(path, this, [this, path] { openCase(path); });
  }
  recentMenu_->setEnabled(!recent_.paths().empty());
}

void MainWindow::openSampleCase() { openCase(QString::fromStdString(sampleCasePath().string())); }

void MainWindow::openCase(const QString& pathText) {
  if (isBusy()) {
    panel_->showMessage("Wait for the running job to finish, or cancel it.", true);
    return;
  }
  const std::filesystem::path path = pathText.toStdString();
  std::optional<std::string> series;
  if (std::filesystem::is_directory(path)) {
    // Scanning headers is quick; a folder with several series asks which one to open.
    auto choices = listSeries(path);
    if (!choices) {
      panel_->showMessage(QString::fromStdString(choices.error().message()), true);
      return;
    }
    if (choices->size() > 1) {
      QStringList items;
      for (const auto& c : choices.value()) items << QString::fromStdString(c.description);
      bool ok = false;
      const QString picked = QInputDialog::getItem(
          this, "Choose a series", "This folder holds several series:", items, 0, false, &ok);
      if (!ok) return;
      series = choices->at(static_cast<size_t>(items.indexOf(picked))).id;
    }
  }
  auto result = std::make_shared<std::optional<core::Result<image::CtVolume>>>();
  panel_->showMessage("Loading " + pathText + " ...");
  task_.start(
      "Loading " + QString::fromStdString(path.filename().string()),
      [path, series, result](const core::Progress& progress) {
        *result = loadCase(path, series, progress);
      },
      [this, path, result] {
        if (!result->has_value() || !result->value().ok()) {
          const std::string why =
              result->has_value() ? result->value().error().message() : "no result";
          panel_->showMessage(QString::fromStdString("Could not open the case: " + why), true);
          return;
        }
        model_.setCase(path, std::move(*result)->value());
        if (planAfterLoad_) {
          model_.setPlan(*planAfterLoad_, "Recover the unsaved plan");
          planAfterLoad_.reset();
        }
        recent_.add(path);
        panel_->setRecentCases(recent_.paths());
        refreshRecentMenu();
        const auto& hu = model_.volume().hu;
        const auto size = hu->GetLargestPossibleRegion().GetSize();
        const auto spacing = hu->GetSpacing();
        panel_->showMessage(QString("Opened %1: %2 x %3 x %4 voxels of %5 x %6 x %7 mm.")
                                .arg(QString::fromStdString(model_.caseName()))
                                .arg(size[0])
                                .arg(size[1])
                                .arg(size[2])
                                .arg(spacing[0], 0, 'f', 2)
                                .arg(spacing[1], 0, 'f', 2)
                                .arg(spacing[2], 0, 'f', 2));
      });
}

void MainWindow::segmentCase() { runSegmentation({}, "Segmenting the spine"); }

void MainWindow::nameLevelAtCursor(int verseLabel) {
  segment::SegmentOptions options;
  options.namedLevel = segment::NamedLevel{model_.focus(), verseLabel};
  runSegmentation(options, QString("Naming the vertebra at the cursor %1")
                               .arg(QString::fromStdString(segment::levelName(verseLabel))));
}

void MainWindow::runSegmentation(const segment::SegmentOptions& options, const QString& title) {
  if (isBusy() || !model_.hasCase()) return;
  auto result = std::make_shared<std::optional<core::Result<SegmentedCase>>>();
  // The worker reads the volume the model holds; no other job can replace it while this one runs.
  const image::CtVolume volume = model_.volume();
  panel_->showMessage("Segmenting ...");
  task_.start(
      title,
      [volume, result, options](const core::Progress& progress) {
        *result = ui::segmentCase(volume, progress, options);
      },
      [this, result] {
        if (!result->has_value() || !result->value().ok()) {
          const std::string why =
              result->has_value() ? result->value().error().message() : "no result";
          panel_->showMessage(QString::fromStdString("Segmentation stopped: " + why), true);
          return;
        }
        SegmentedCase segmented = std::move(*result)->value();
        spine_->markContentSet();
        spine_->scene().setLevelSurfaces(segmented.surfaces);
        spine_->scene().setSkin(segmented.skin);
        spine_->resetCamera();
        planning_ = segmented.planning;
        model_.setAnatomy(std::move(segmented.anatomy));
        model_.setStep(WorkflowStep::kPlan);
        panel_->showMessage(
            QString("Segmented %1 vertebrae. Tick the levels to treat and propose needles.")
                .arg(model_.anatomy().vertebrae.size()));
      });
}

void MainWindow::proposePlan(const std::vector<int>& levels, core::LevelStrategy strategy,
                             int gauge) {
  if (isBusy() || !planning_) return;
  plan::ProposalRequest request;
  request.levels = levels;
  request.strategy = strategy;
  request.gauge = gauge;
  request.author = qEnvironmentVariable("USER", "unknown").toStdString();
  QString names;
  for (int level : levels) names += QString::fromStdString(segment::levelName(level)) + " ";
  const QString what =
      QString("Propose %1%2")
          .arg(names)
          .arg(strategy == core::LevelStrategy::kBipedicular ? "bipedicular" : "unipedicular");
  auto result = std::make_shared<std::optional<core::Result<core::Plan>>>();
  auto planning = planning_;
  panel_->showMessage(what + " ...");
  task_.start(
      what,
      [planning, request, result](const core::Progress& progress) {
        *result = plan::proposePlan(*planning, request, progress);
      },
      [this, result, what] {
        if (!result->has_value() || !result->value().ok()) {
          const std::string why =
              result->has_value() ? result->value().error().message() : "no result";
          panel_->showMessage(QString::fromStdString("No proposal: " + why), true);
          return;
        }
        model_.setPlan(result->value().value(), what.toStdString());
        // Show the first needle's target: the views go to the level just planned.
        if (!model_.plan().needles.empty()) model_.setFocus(model_.plan().needles.front().targetMm);
        panel_->showMessage(what + ": done.");
      });
}

void MainWindow::moveNeedlePoint(int needleIndex, int point, const core::Vec3& pointMm,
                                 bool finished) {
  core::Plan plan = model_.plan();
  if (needleIndex < 0 || static_cast<size_t>(needleIndex) >= plan.needles.size()) return;
  core::Needle& needle = plan.needles[static_cast<size_t>(needleIndex)];
  static const char* names[] = {"skin entry", "bone entry", "target"};
  switch (static_cast<SliceView::NeedlePoint>(point)) {
    case SliceView::NeedlePoint::kSkinEntry:
      needle.skinEntryMm = pointMm;
      break;
    case SliceView::NeedlePoint::kBoneEntry:
      needle.boneEntryMm = pointMm;
      break;
    case SliceView::NeedlePoint::kTarget:
      needle.targetMm = pointMm;
      break;
  }
  // Metrics, verdict and C-arm views follow the needle while it moves (the level's distance
  // fields are built already: a few milliseconds).
  if (planning_) {
    auto reassessed = plan::reassessNeedle(*planning_, needle);
    if (reassessed) needle = std::move(reassessed).value();
  }
  const std::string what = "Move " + needle.id + " " + names[point];
  model_.dragPlan(plan, what, what);
  if (finished) model_.endDrag();
}

bool MainWindow::savePlanTo(const QString& path) {
  core::Plan plan = model_.plan();
  plan.modifiedUtc = core::nowUtcIso8601();
  if (plan.createdUtc.empty()) plan.createdUtc = plan.modifiedUtc;
  auto saved = core::savePlan(plan, path.toStdString());
  if (!saved) {
    panel_->showMessage(QString::fromStdString("Not saved: " + saved.error().message()), true);
    return false;
  }
  model_.markSaved(saved.value());
  panel_->showMessage("Plan saved to " + path);
  return true;
}

bool MainWindow::loadPlanFrom(const QString& path) {
  auto loaded = core::loadPlan(path.toStdString());
  if (!loaded) {
    panel_->showMessage(QString::fromStdString("Not loaded: " + loaded.error().message()), true);
    return false;
  }
  if (planning_ && loaded->caseReference.volumeChecksum != planning_->reference().volumeChecksum)
    panel_->showMessage("Warning: this plan was made on another scan (checksums differ).", true);
  model_.resetPlan(loaded.value());
  model_.markSaved(path.toStdString());
  return true;
}

void MainWindow::writeAutosave() {
  if (!model_.hasCase() || !model_.hasUnsavedChanges()) return;
  auto saved = autosave_.save(model_.plan(), model_.casePath());
  if (!saved)
    statusBar()->showMessage(QString::fromStdString("Autosave failed: " + saved.error().message()),
                             5000);
}

void MainWindow::offerRecovery() {
  const auto pending = autosave_.pending();
  if (!pending) return;
  auto* box = new QMessageBox(
      QMessageBox::Question, "Recover unsaved work",
      QString("Trocar did not close normally. An unsaved plan of %1 (%2 needles, autosaved %3) "
              "can be restored.")
          .arg(QString::fromStdString(pending->casePath.string()))
          .arg(pending->plan.needles.size())
          .arg(QString::fromStdString(pending->savedUtc)),
      QMessageBox::NoButton, this);
  box->setObjectName("recoveryBox");
  QPushButton* restore = box->addButton("Restore", QMessageBox::AcceptRole);
  restore->setObjectName("restorePlan");
  box->addButton("Discard", QMessageBox::DestructiveRole)->setObjectName("discardPlan");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setModal(false);
  const auto recovery = *pending;
  connect(box, &QMessageBox::buttonClicked, this,
          [this, restore, recovery](QAbstractButton* button) {
            if (button != restore) {
              autosave_.clear();
              return;
            }
            planAfterLoad_ = recovery.plan;
            openCase(QString::fromStdString(recovery.casePath.string()));
          });
  box->show();
}

void MainWindow::cancelTask() {
  task_.cancel();
  panel_->cancelButton()->setEnabled(false);
  panel_->showMessage("Cancelling ...");
}

void MainWindow::closeEvent(QCloseEvent* event) {
  task_.cancel();
  task_.wait();
  event->accept();
}

void MainWindow::onModelChanged(ModelChange change) {
  showSimulation(change);
  switch (change) {
    case ModelChange::kCase:
      spine_->markContentSet();
      planning_.reset();
      for (SliceView* v : sliceViews()) {
        v->setVolume(model_.volume().hu);
        v->setNeedles({});
      }
      spine_->scene().setLevelSurfaces({});
      spine_->scene().setSkin(nullptr);
      spine_->scene().setNeedles({});
      spine_->resetCamera();
      showFocusEverywhere();
      break;
    case ModelChange::kAnatomy:
      for (SliceView* v : sliceViews()) {
        v->setLabels(model_.anatomy().levels);
        v->scene().setLabelsVisible(labelsVisible_);
      }
      break;
    case ModelChange::kPlan: {
      const auto needles = render::needleShapes(model_.plan());
      for (SliceView* v : sliceViews()) v->setNeedles(needles);
      spine_->scene().setNeedles(needles);
      if (model_.hasUnsavedChanges()) autosaveTimer_->start();
      spine_->requestRender();
      break;
    }
    case ModelChange::kSaved:
      autosave_.clear();
      break;
    case ModelChange::kFocus:
      showFocusEverywhere();
      break;
    case ModelChange::kStep:
    case ModelChange::kSimulation:
    case ModelChange::kCementTime:
      break;
  }
  panel_->refresh(model_);
  setWindowTitle(QString::fromStdString(model_.windowTitle()));
  undo_->setEnabled(model_.history().canUndo());
  undo_->setText(QString::fromStdString("&Undo " + model_.history().undoText()));
  redo_->setEnabled(model_.history().canRedo());
  redo_->setText(QString::fromStdString("&Redo " + model_.history().redoText()));
}

void MainWindow::showFocusEverywhere() {
  for (SliceView* v : sliceViews()) v->showFocus(model_.focus());
  updateStatus();
}

void MainWindow::updateStatus() {
  if (!model_.hasCase()) {
    statusCursor_->clear();
    return;
  }
  const core::Vec3& p = model_.focus();
  const auto& hu = model_.volume().hu;
  itk::Point<double, 3> point;
  point[0] = p.x;
  point[1] = p.y;
  point[2] = p.z;
  itk::Index<3> index;
  QString value = "outside the scan";
  if (hu->TransformPhysicalPointToIndex(point, index))
    value = QString("%1 HU").arg(hu->GetPixel(index));
  statusCursor_->setText(QString("Cursor x %1, y %2, z %3 mm (LPS): %4")
                             .arg(p.x, 0, 'f', 1)
                             .arg(p.y, 0, 'f', 1)
                             .arg(p.z, 0, 'f', 1)
                             .arg(value));
}

void MainWindow::applyWindowLevel(const render::WindowLevel& window) {
  // One window for all three slice views, as in common viewers.
  for (SliceView* v : sliceViews()) v->setWindowLevel(window);
}

void MainWindow::toggleLabels() {
  labelsVisible_ = !labelsVisible_;
  for (SliceView* v : sliceViews()) {
    v->scene().setLabelsVisible(labelsVisible_);
    v->requestRender();
  }
}

}  // namespace trocar::ui
