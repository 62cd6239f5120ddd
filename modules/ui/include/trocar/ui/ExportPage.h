#pragma once

#include <optional>

#include <QWidget>

#include "trocar/ui/ReportExport.h"
#include "trocar/ui/ReportSend.h"
#include "trocar/ui/WorkflowModel.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace trocar::ui {

// The Export step: the PDF report (file, de-identify, author), the report sent to a PACS as
// DICOM (host, port, AE title; remembered in QSettings) and the plan as JSON. It asks; the main
// window runs the export or send off the UI thread (progress in the panel) and reports back here
// where the file went, or which file or PACS failed and why.
class ExportPage : public QWidget {
  Q_OBJECT

 public:
  explicit ExportPage(QWidget* parent = nullptr);

  void refresh(const WorkflowModel& model);
  void showResult(const QString& text, bool error);
  // A report was written: where, how many pages and images, what was left out.
  void showWritten(const ReportExportSummary& summary);
  const std::optional<ReportExportSummary>& lastWritten() const { return lastWritten_; }
  // The report was sent: to which PACS, into which study, the DICOM copy's file.
  void showSent(const ReportSendSummary& summary);

  QLineEdit* pdfPathEdit() const { return pdfPath_; }
  QCheckBox* deidentifyBox() const { return deidentify_; }
  QLineEdit* authorEdit() const { return author_; }
  QPushButton* exportButton() const { return export_; }
  QLineEdit* pacsHostEdit() const { return pacsHost_; }
  QSpinBox* pacsPortBox() const { return pacsPort_; }
  QLineEdit* pacsAeTitleEdit() const { return pacsAeTitle_; }
  QPushButton* sendButton() const { return send_; }
  QLineEdit* planPathEdit() const { return planPath_; }
  QPushButton* savePlanButton() const { return savePlan_; }
  QLabel* resultLabel() const { return result_; }
  QLabel* approvalLabel() const { return approval_; }

 signals:
  void exportRequested(const QString& pdfPath, bool deidentify, const QString& author);
  void savePlanRequested(const QString& planPath);
  // HOST:PORT and the called AE title as typed; checked by the receiver (dicom_export).
  void sendToPacsRequested(const QString& pdfPath, bool deidentify, const QString& author,
                           const QString& hostPort, const QString& aeTitle);

 private:
  QLineEdit *pdfPath_, *author_, *planPath_;
  QCheckBox* deidentify_;
  QPushButton *export_, *savePlan_, *send_;
  QLineEdit *pacsHost_, *pacsAeTitle_;
  QSpinBox* pacsPort_;
  QLabel *approval_, *result_;
  std::string shownCase_;
  std::optional<ReportExportSummary> lastWritten_;
};

}  // namespace trocar::ui
