#pragma once

#include <filesystem>
#include <vector>

#include <QWidget>

#include "trocar/segment/SpineAnatomy.h"
#include "trocar/ui/WorkflowModel.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace trocar::ui {

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
  QPushButton* cancelButton() const { return cancel_; }
  QListWidget* recentList() const { return recent_; }
  QListWidget* stepList() const { return steps_; }
  QTableWidget* levelTable() const { return levels_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* messageLabel() const { return message_; }

 signals:
  void openFileRequested();
  void openFolderRequested();
  void sampleCaseRequested();
  void recentCaseRequested(const QString& path);
  void segmentRequested();
  void cancelRequested();
  void stepRequested(trocar::ui::WorkflowStep step);

 private:
  QWidget* makeOpenPage();
  QWidget* makeSegmentPage();
  QWidget* makeLaterPage(const QString& what);
  void fillLevels(const segment::SpineAnatomy& anatomy);

  QListWidget* steps_;
  QStackedWidget* pages_;
  QPushButton *openFile_, *openFolder_, *openSample_, *segment_, *cancel_;
  QListWidget* recent_;
  QLabel *caseLabel_, *segmentSummary_, *taskLabel_, *message_;
  QTableWidget* levels_;
  QProgressBar* progress_;
  QWidget* taskBox_;
  const segment::SpineAnatomy* shownAnatomy_ = nullptr;
};

}  // namespace trocar::ui
