#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <QMainWindow>

#include "trocar/core/Plan.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/render/LevelSurfaces.h"
#include "trocar/render/WindowLevel.h"
#include "trocar/segment/SegmentSpine.h"
#include "trocar/ui/BackgroundTask.h"
#include "trocar/ui/PlanAutosave.h"
#include "trocar/ui/RecentCases.h"
#include "trocar/ui/WorkflowModel.h"

class QLabel;
class QMenu;

namespace trocar::ui {

class FluoroController;
class SliceView;
class SpineView;
class WorkflowPanel;

// The workstation window: the workflow panel on the left, and four linked views (axial, 3D,
// sagittal, coronal). Owns the model; every view is redrawn from it through one listener.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  WorkflowModel& model() { return model_; }
  WorkflowPanel* panel() const { return panel_; }
  SliceView* axialView() const { return axial_; }
  SliceView* sagittalView() const { return sagittal_; }
  SliceView* coronalView() const { return coronal_; }
  SpineView* spineView() const { return spine_; }
  BackgroundTask& task() { return task_; }
  bool isBusy() const { return task_.isRunning(); }
  // The fluoroscopy views (MainWindowSimulate.cpp) and the layout that shows them.
  FluoroController* fluoro() const { return fluoro_; }
  void showFluoroLayout(bool fluoroscopy);
  bool fluoroLayoutShown() const { return fluoroLayout_; }

 public slots:
  // Loads off the UI thread; a DICOM folder with several series asks which one.
  void openCase(const QString& path);
  void openSampleCase();
  void segmentCase();
  // Corrects the numbering: the vertebra under the cursor is `verseLabel`, the others follow.
  void nameLevelAtCursor(int verseLabel);
  void cancelTask();
  // Proposes needles for the levels (VerSe labels) off the UI thread; one undo step.
  void proposePlan(const std::vector<int>& levels, core::LevelStrategy strategy, int gauge);
  // The plan file (core/PlanJson.h). Saving asks for a path the first time.
  bool savePlanTo(const QString& path);
  bool loadPlanFrom(const QString& path);
  // A needle point moved in a view: reassessed at once (a few ms), one undo step per drag.
  void moveNeedlePoint(int needle, int point, const core::Vec3& pointMm, bool finished);
  // Unsaved work of a crashed session: asks (non-modal box "recoveryBox") to restore or discard.
  void offerRecovery();
  // The cement simulation of every planned level, off the UI thread (MainWindowSimulate.cpp).
  void runSimulation(const SimulationSettings& settings);
  // The PDF report of the open case off the UI thread (MainWindowReport.cpp); the Export page
  // says where it went or why not.
  void exportReport(const QString& pdfPath, bool deidentify, const QString& author);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void connectSimulation(QWidget* viewGrid);
  void showSimulation(ModelChange change);
  void showCement();
  void connectReviewAndExport();
  void runSegmentation(const segment::SegmentOptions& options, const QString& title);
  void writeAutosave();
  void onModelChanged(ModelChange change);
  void showFocusEverywhere();
  void applyWindowLevel(const render::WindowLevel& window);
  void toggleLabels();
  void showShortcuts();
  void refreshRecentMenu();
  void updateStatus();
  std::vector<SliceView*> sliceViews() const;

  WorkflowModel model_;
  RecentCases recent_;
  BackgroundTask task_;
  WorkflowPanel* panel_;
  SliceView *axial_, *sagittal_, *coronal_;
  SpineView* spine_;
  QMenu* recentMenu_ = nullptr;
  QAction *undo_ = nullptr, *redo_ = nullptr;
  std::shared_ptr<const plan::PlanningCase> planning_;
  PlanAutosave autosave_;
  QTimer* autosaveTimer_;
  std::optional<core::Plan> planAfterLoad_;  // a recovered plan, shown once its case is open
  QLabel* statusCursor_;
  bool labelsVisible_ = true;
  FluoroController* fluoro_ = nullptr;
  QWidget* viewGrid_ = nullptr;
  bool fluoroLayout_ = false;
  image::FloatImage::Pointer shownCement_;  // the fill times the views show (null: none)
};

}  // namespace trocar::ui
