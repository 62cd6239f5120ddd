#pragma once

#include <filesystem>
#include <vector>

#include <QWidget>

#include "trocar/segment/SpineAnatomy.h"
#include "trocar/ui/WorkflowModel.h"

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace trocar::ui {

class SimulatePage;

class ExportPage;
class ReviewPage;

// The step-by-step panel beside the views: the steps (later ones enabled once what they need
// exists), the page of the current step, and the progress of the running job with its Cancel
// button. It mirrors the model and emits what the user asks for; the main window does the work.
class WorkflowPanel : public QWidget {
  Q_OBJECT

 public:
  explicit WorkflowPanel(QWidget* parent = nullptr);

  // Mirrors the model: enabled steps, current page, segmentation table.
  void refresh(const WorkflowModel& model);
  void setRecentCases(const std::vector<std::filesystem::path>& paths);
  void showMessage(const QString& text, bool error = false);

  // Job progress: shown while busy, hidden after.
  void showTask(const QString& title);
  void showProgress(double fraction, const QString& what);
  void hideTask();

  // The widgets tests click.
  QPushButton* openFileButton() const { return openFile_; }
  QPushButton* openFolderButton() const { return openFolder_; }
  QPushButton* sampleCaseButton() const { return openSample_; }
  QPushButton* segmentButton() const { return segment_; }
  QComboBox* levelNameBox() const { return levelName_; }
  QPushButton* nameLevelButton() const { return nameLevel_; }
  QPushButton* cancelButton() const { return cancel_; }
  QListWidget* recentList() const { return recent_; }
  QListWidget* stepList() const { return steps_; }
  QTableWidget* levelTable() const { return levels_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* messageLabel() const { return message_; }
  QListWidget* planLevelList() const { return planLevels_; }
  QComboBox* strategyBox() const { return strategy_; }
  QComboBox* gaugeBox() const { return gauge_; }
  QPushButton* proposeButton() const { return propose_; }
  QTableWidget* needleTable() const { return needles_; }
  SimulatePage* simulatePage() const { return simulate_; }
  ReviewPage* reviewPage() const { return review_; }
  ExportPage* exportPage() const { return export_; }

 signals:
  void openFileRequested();
  void openFolderRequested();
  void sampleCaseRequested();
  void recentCaseRequested(const QString& path);
  void segmentRequested();
  void nameLevelRequested(int verseLabel);
  // Levels as VerSe labels; gauge in G.
  void proposeRequested(const std::vector<int>& levels, trocar::core::LevelStrategy strategy,
                        int gauge);
  void cancelRequested();
  void stepRequested(trocar::ui::WorkflowStep step);

 private:
  QWidget* makeOpenPage();
  QWidget* makeSegmentPage();
  QWidget* makePlanPage();
  QWidget* makeLaterPage(const QString& what);
  void fillLevels(const segment::SpineAnatomy& anatomy);
  void fillNeedles(const core::Plan& plan);

  QListWidget* steps_;
  QStackedWidget* pages_;
  QPushButton *openFile_, *openFolder_, *openSample_, *segment_, *cancel_;
  QListWidget* recent_;
  QLabel *caseLabel_, *segmentSummary_, *taskLabel_, *message_;
  QTableWidget* levels_;
  QProgressBar* progress_;
  QWidget* taskBox_;
  QComboBox* levelName_;
  QPushButton* nameLevel_;
  QListWidget* planLevels_;
  QComboBox *strategy_, *gauge_;
  QPushButton* propose_;
  QTableWidget* needles_;
  QLabel* planSummary_;
  SimulatePage* simulate_;
  ReviewPage* review_;
  ExportPage* export_;
  int shownAnatomyRevision_ = -1;
  long shownPlanRevision_ = -1;
};

}  // namespace trocar::ui
