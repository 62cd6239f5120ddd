#pragma once

#include <map>
#include <string>
#include <vector>

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include "trocar/report/KeyImage.h"
#include "trocar/ui/WorkflowModel.h"

class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace trocar::ui {

// The Review step: every planned level side by side (per level its needles with verdict, angles
// in degrees and lengths and margins in mm, the cement result when simulated, and the axial slice
// along each needle), the plan's notes and author, and the approval. Mirrors the model and emits
// the user's edits; the slices are made off the UI thread, only while this step is shown.
class ReviewPage : public QWidget {
  Q_OBJECT

 public:
  explicit ReviewPage(QWidget* parent = nullptr);
  ~ReviewPage() override;

  void refresh(const WorkflowModel& model);

  // The widgets tests look at and click.
  QTableWidget* levelTable(const QString& level) const;
  QLabel* cementLabel(const QString& level) const;
  QLabel* sliceImage(const QString& needleId) const;
  QPlainTextEdit* notesEdit() const { return notes_; }
  QLineEdit* authorEdit() const { return author_; }
  QLineEdit* approverEdit() const { return approver_; }
  QPushButton* approveButton() const { return approve_; }
  QLabel* approvalLabel() const { return approval_; }
  QLabel* noticeLabel() const { return notice_; }
  // True once every needle of the plan shown has its slice image.
  bool slicesReady() const;

 signals:
  void notesEdited(const QString& notes);
  void authorEdited(const QString& author);
  void approveRequested(const QString& approver);

 private:
  struct Slices {
    std::vector<core::Needle> needles;  // what they were made for
    const void* simulation = nullptr;   // and with which cement run (tinted in)
    std::vector<report::KeyImage> images;
  };
  void rebuildLevels(const WorkflowModel& model);
  void startSlices(const WorkflowModel& model);
  void showSlices();

  QWidget* levelsBox_;
  QHBoxLayout* levelsLayout_;
  QLabel* summary_;
  QPlainTextEdit* notes_;
  QLineEdit *author_, *approver_;
  QPushButton* approve_;
  QLabel *approval_, *notice_;
  std::map<QString, QTableWidget*> tables_;
  std::map<QString, QLabel*> cement_;
  std::map<QString, QLabel*> images_;
  long shownRevision_ = -1;
  std::vector<core::Needle> shownNeedles_;
  const void* shownSimulation_ = nullptr;  // the cement run the level cards show
  QThreadPool slicePool_;  // not Qt's global pool: the UI thread's painting waits on that one
  QFutureWatcher<Slices> slicer_;
  Slices slices_;
  bool slicesWanted_ = false;  // the plan changed while a slice job ran
  const WorkflowModel* model_ = nullptr;
};

}  // namespace trocar::ui
