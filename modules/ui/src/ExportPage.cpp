#include "trocar/ui/ExportPage.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "trocar/ui/RecentCases.h"

namespace trocar::ui {
namespace {

// "example_ct" from "example_ct.nii.gz", "series" from a DICOM folder.
QString caseStem(const WorkflowModel& model) {
  QString name = QString::fromStdString(model.caseName());
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm"})
    if (name.endsWith(ext)) name.chop(static_cast<int>(qstrlen(ext)));
  return name.isEmpty() ? QString("trocar") : name;
}

// The workstation's settings file, beside the recent cases ($TROCAR_CONFIG_DIR in tests).
QString settingsFile() {
  return QString::fromStdString(
      (RecentCases::defaultFile().parent_path() / "settings.ini").string());
}

QPushButton* browseButton(QWidget* parent, QLineEdit* edit, const QString& filter) {
  auto* button = new QPushButton("...", parent);
  button->setToolTip("Choose the file");
  button->setFixedWidth(button->fontMetrics().horizontalAdvance("...") + 24);
  QObject::connect(button, &QPushButton::clicked, parent, [parent, edit, filter] {
    const QString path = QFileDialog::getSaveFileName(parent, "Save as", edit->text(), filter);
    if (!path.isEmpty()) edit->setText(path);
  });
  return button;
}

}  // namespace

ExportPage::ExportPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel("<b>PDF report</b>"));
  pdfPath_ = new QLineEdit;
  pdfPath_->setObjectName("exportPdfPath");
  auto* pdfRow = new QHBoxLayout;
  pdfRow->addWidget(pdfPath_, 1);
  pdfRow->addWidget(browseButton(this, pdfPath_, "PDF (*.pdf)"));
  layout->addLayout(pdfRow);
  author_ = new QLineEdit;
  author_->setObjectName("exportAuthor");
  author_->setPlaceholderText("default: the plan's author");
  auto* authorRow = new QHBoxLayout;
  authorRow->addWidget(new QLabel("Report author:"));
  authorRow->addWidget(author_, 1);
  layout->addLayout(authorRow);
  deidentify_ = new QCheckBox("De-identify (no name, ID, birth date, UIDs or notes; age band)");
  deidentify_->setObjectName("exportDeidentify");
  layout->addWidget(deidentify_);
  approval_ = new QLabel;
  approval_->setWordWrap(true);
  layout->addWidget(approval_);
  export_ = new QPushButton("Export the PDF report");
  export_->setObjectName("exportPdf");
  layout->addWidget(export_);

  // The PACS the report goes to, as DICOM in the case's study. Remembered between sessions.
  layout->addSpacing(12);
  layout->addWidget(new QLabel("<b>Send to PACS</b> (the report as DICOM, in the CT's study)"));
  QSettings settings(settingsFile(), QSettings::IniFormat);
  pacsHost_ = new QLineEdit(settings.value("pacs/host").toString());
  pacsHost_->setObjectName("pacsHost");
  pacsHost_->setPlaceholderText("host name or IP address");
  pacsPort_ = new QSpinBox;
  pacsPort_->setObjectName("pacsPort");
  pacsPort_->setRange(1, 65535);
  pacsPort_->setValue(settings.value("pacs/port", 104).toInt());
  pacsAeTitle_ = new QLineEdit(settings.value("pacs/aeTitle").toString());
  pacsAeTitle_->setObjectName("pacsAeTitle");
  pacsAeTitle_->setPlaceholderText("AE title");
  pacsAeTitle_->setMaxLength(16);
  auto* pacsRow = new QHBoxLayout;
  pacsRow->addWidget(pacsHost_, 1);
  pacsRow->addWidget(new QLabel("port"));
  pacsRow->addWidget(pacsPort_);
  pacsRow->addWidget(new QLabel("AE"));
  pacsRow->addWidget(pacsAeTitle_);
  layout->addLayout(pacsRow);
  send_ = new QPushButton("Send the report to the PACS");
  send_->setObjectName("sendToPacs");
  send_->setToolTip("Writes the PDF above, its DICOM copy beside it (.dcm), and sends that");
  layout->addWidget(send_);

  layout->addSpacing(12);
  layout->addWidget(new QLabel("<b>Plan (JSON)</b>"));
  planPath_ = new QLineEdit;
  planPath_->setObjectName("exportPlanPath");
  auto* planRow = new QHBoxLayout;
  planRow->addWidget(planPath_, 1);
  planRow->addWidget(browseButton(this, planPath_, "Trocar plans (*.json)"));
  layout->addLayout(planRow);
  savePlan_ = new QPushButton("Save the plan");
  savePlan_->setObjectName("savePlanJson");
  layout->addWidget(savePlan_);

  result_ = new QLabel;
  result_->setObjectName("exportResult");
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // A fixed box: a long path or error must not reflow the window (that would resize and redraw
  // every view while the export runs).
  result_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  result_->setFixedHeight(6 * result_->fontMetrics().lineSpacing());
  result_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  layout->addWidget(result_);
  layout->addStretch(1);

  connect(export_, &QPushButton::clicked, this, [this] {
    const QString path = pdfPath_->text().trimmed();
    if (path.isEmpty()) {
      showResult("Give the report a file name first.", true);
      return;
    }
    emit exportRequested(path, deidentify_->isChecked(), author_->text().trimmed());
  });
  connect(send_, &QPushButton::clicked, this, [this] {
    const QString path = pdfPath_->text().trimmed();
    const QString host = pacsHost_->text().trimmed();
    const QString aeTitle = pacsAeTitle_->text().trimmed();
    if (path.isEmpty() || host.isEmpty() || aeTitle.isEmpty()) {
      showResult(path.isEmpty() ? "Give the report a file name first."
                                : "Give the PACS's host and AE title first.",
                 true);
      return;
    }
    QSettings remembered(settingsFile(), QSettings::IniFormat);
    remembered.setValue("pacs/host", host);
    remembered.setValue("pacs/port", pacsPort_->value());
    remembered.setValue("pacs/aeTitle", aeTitle);
    // A bracketed IPv6 address keeps its colons apart from the port's.
    const QString address =
        (host.contains(':') ? "[" + host + "]" : host) + ":" + QString::number(pacsPort_->value());
    emit sendToPacsRequested(path, deidentify_->isChecked(), author_->text().trimmed(), address,
                             aeTitle);
  });
  connect(savePlan_, &QPushButton::clicked, this, [this] {
    const QString path = planPath_->text().trimmed();
    if (path.isEmpty()) {
      showResult("Give the plan a file name first.", true);
      return;
    }
    emit savePlanRequested(path);
  });
}

void ExportPage::refresh(const WorkflowModel& model) {
  // A new case gets file names of its own, in the home folder (the case's folder may be a
  // read-only archive); the user's choice is kept while the case stays open.
  if (model.hasCase() && model.casePath().string() != shownCase_) {
    shownCase_ = model.casePath().string();
    const QString stem = QDir::home().filePath(caseStem(model));
    pdfPath_->setText(stem + "-report.pdf");
    planPath_->setText(model.planPath().empty()
                           ? stem + "-plan.json"
                           : QString::fromStdString(model.planPath().string()));
    result_->clear();
  }
  const core::Plan& plan = model.plan();
  approval_->setText(plan.approval.approved()
                         ? QString("Approved by %1 on %2 (UTC): the report records it.")
                               .arg(QString::fromStdString(plan.approval.approvedBy),
                                    QString::fromStdString(plan.approval.approvedUtc))
                         : QString("Not approved: the report's approval block stays blank "
                                   "(Review step to approve)."));
  approval_->setStyleSheet(plan.approval.approved() ? "" : "color: #c08000;");
  export_->setEnabled(!plan.needles.empty());
  send_->setEnabled(!plan.needles.empty());
  savePlan_->setEnabled(!plan.needles.empty());
}

void ExportPage::showWritten(const ReportExportSummary& s) {
  lastWritten_ = s;
  QString text =
      QString("Report written to %1 (%2 pages, %3 key images; %4).")
          .arg(QString::fromStdString(s.path.string()))
          .arg(s.pdf.pageCount)
          .arg(s.pdf.images.size())
          .arg(s.cementLevels > 0 ? QString("cement results of %1 levels").arg(s.cementLevels)
                                  : QString("no cement results: not simulated"));
  for (const auto& o : s.omitted) text += "\nNot included: " + QString::fromStdString(o);
  showResult(text, false);
}

void ExportPage::showSent(const ReportSendSummary& s) {
  lastWritten_ = s.report;
  showResult(QString("Report sent to %1 in %2 s, into study %3.\nPDF: %4\nDICOM copy: %5")
                 .arg(QString::fromStdString(s.peer))
                 .arg(s.sendSeconds, 0, 'f', 2)
                 .arg(QString::fromStdString(s.studyInstanceUid),
                      QString::fromStdString(s.report.path.string()),
                      QString::fromStdString(s.dicomPath.string())),
             false);
}

void ExportPage::showResult(const QString& text, bool error) {
  result_->setText(text);
  result_->setStyleSheet(error ? "color: #e05050;" : "");
}

}  // namespace trocar::ui
