// The main window's Review and Export wiring: approval and notes into the model, the PDF report
// (and its sending to a PACS) off the UI thread, the plan file. Kept apart from MainWindow.cpp,
// which holds the views.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

#include "trocar/ui/ExportPage.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/ReportExport.h"
#include "trocar/ui/ReportSend.h"
#include "trocar/ui/ReviewPage.h"
#include "trocar/ui/SpineView.h"
#include "trocar/ui/WorkflowPanel.h"

namespace trocar::ui {
namespace {

// The 3D view as the user sees it, for the report (the same scene the CLI renders off screen,
// but from the user's angle, with the skin as shown). Read back from the frame the widget last
// painted: grabFramebuffer() would render the scene again on the UI thread (30-90 ms with Mesa).
std::optional<report::KeyImage> captureSpineView(SpineView* view) {
  const qreal ratio = view->devicePixelRatioF();
  const int width = static_cast<int>(view->width() * ratio);
  const int height = static_cast<int>(view->height() * ratio);
  if (width < 16 || height < 16 || !view->context()) return std::nullopt;
  view->makeCurrent();
  QOpenGLFunctions* gl = view->context()->functions();
  for (int i = 0; i < 16 && gl->glGetError() != GL_NO_ERROR; ++i) {
  }  // errors left by earlier calls are not ours
  gl->glBindFramebuffer(GL_FRAMEBUFFER, view->defaultFramebufferObject());
  QImage rgba(width, height, QImage::Format_RGBA8888);
  gl->glPixelStorei(GL_PACK_ALIGNMENT, 4);
  gl->glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.bits());
  const bool ok = gl->glGetError() == GL_NO_ERROR;
  view->doneCurrent();
  if (!ok) return std::nullopt;
  // OpenGL's rows run bottom-up.
  const QImage grabbed = rgba.mirrored(false, true).convertToFormat(QImage::Format_RGB888);
  report::KeyImage image;
  image.title = "3D view";
  image.caption =
      "The workstation's 3D view at export: the segmented vertebrae in their level colours and "
      "the planned needles at their outer diameters, as the user left the camera.";
  image.width = grabbed.width();
  image.height = grabbed.height();
  image.rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
  for (int y = 0; y < image.height; ++y)
    std::copy_n(grabbed.constScanLine(y), image.width * 3,
                image.rgb.begin() + static_cast<std::ptrdiff_t>(y) * image.width * 3);
  return image;
}

// The report of the case as it stands, copied for a worker.
std::shared_ptr<ReportExportRequest> reportRequest(const WorkflowModel& model, SpineView* spine,
                                                   const QString& pdfPath, bool deidentify,
                                                   const QString& author) {
  auto request = std::make_shared<ReportExportRequest>();
  request->pdfPath = QDir::cleanPath(pdfPath).toStdString();
  request->deidentify = deidentify;
  request->author = author.toStdString();
  request->volume = model.volume();
  if (model.hasAnatomy()) request->anatomy = model.anatomy();
  request->plan = model.plan();
  request->simulation = currentSimulation(model);
  if (model.hasAnatomy()) request->view3d = captureSpineView(spine);
  return request;
}

}  // namespace

void MainWindow::connectReviewAndExport() {
  ReviewPage* review = panel_->reviewPage();
  connect(review, &ReviewPage::notesEdited, this,
          [this](const QString& notes) { model_.setNotes(notes.toStdString()); });
  connect(review, &ReviewPage::authorEdited, this,
          [this](const QString& author) { model_.setAuthor(author.trimmed().toStdString()); });
  connect(review, &ReviewPage::approveRequested, this, [this](const QString& approver) {
    model_.approve(approver.toStdString(), core::nowUtcIso8601());
    panel_->showMessage("Plan approved by " + approver + ". Ctrl+Z undoes it.");
  });
  // An edit that withdrew the approval says so where the user is (the Plan step, mostly), in
  // the panel's message line, once per withdrawal.
  model_.addListener([this, shown = std::string()](ModelChange change) mutable {
    if (change != ModelChange::kPlan) return;
    const std::string notice = model_.approvalNotice();
    if (!notice.empty() && notice != shown)
      panel_->showMessage(QString::fromStdString(notice), true);
    shown = notice;
  });
  ExportPage* page = panel_->exportPage();
  connect(page, &ExportPage::exportRequested, this, &MainWindow::exportReport);
  connect(
      page, &ExportPage::sendToPacsRequested, this,
      [this, page](const QString& pdfPath, bool deidentify, const QString& author,
                   const QString& hostPort, const QString& aeTitle) {
        if (isBusy()) {
          page->showResult("Wait for the running job to finish, or cancel it.", true);
          return;
        }
        auto peer = dicom_export::parsePacsPeer(hostPort.toStdString(), aeTitle.toStdString());
        if (!peer) {
          page->showResult(QString::fromStdString("Not sent: " + peer.error().message()), true);
          return;
        }
        auto request = reportRequest(model_, spine_, pdfPath, deidentify, author);
        auto result = std::make_shared<std::optional<core::Result<ReportSendSummary>>>();
        const std::string to = dicom_export::describe(peer.value());
        page->showResult(
            QString::fromStdString("Writing the report and sending it to " + to + " ..."), false);
        task_.start(
            "Sending the report to the PACS",
            [request, result, peer = peer.value()](const core::Progress& progress) {
              *result = exportAndSendReport(*request, peer, progress);
            },
            [this, page, result, to] {
              if (!result->has_value() || !result->value().ok()) {
                const std::string why =
                    result->has_value() ? result->value().error().message() : to + ": no result";
                page->showResult(QString::fromStdString("Report not sent: " + why), true);
                return;
              }
              page->showSent(result->value().value());
              panel_->showMessage(QString::fromStdString("Report sent to " + to));
            });
      });
  connect(page, &ExportPage::savePlanRequested, this, [this, page](const QString& path) {
    if (savePlanTo(path))
      page->showResult("Plan saved to " + QFileInfo(path).absoluteFilePath(), false);
    else
      page->showResult(panel_->messageLabel()->text(), true);
  });
}

void MainWindow::exportReport(const QString& pdfPath, bool deidentify, const QString& author) {
  ExportPage* page = panel_->exportPage();
  if (isBusy()) {
    page->showResult("Wait for the running job to finish, or cancel it.", true);
    return;
  }
  auto request = reportRequest(model_, spine_, pdfPath, deidentify, author);

  auto result = std::make_shared<std::optional<core::Result<ReportExportSummary>>>();
  page->showResult("Writing " + pdfPath + " ...", false);
  task_.start(
      "Writing the report",
      [request, result](const core::Progress& progress) {
        *result = ui::exportReport(*request, progress);
      },
      [this, page, result, pdfPath] {
        if (!result->has_value() || !result->value().ok()) {
          const std::string why = result->has_value() ? result->value().error().message()
                                                      : pdfPath.toStdString() + ": no result";
          page->showResult(QString::fromStdString("Report not written: " + why), true);
          return;
        }
        const ReportExportSummary& s = result->value().value();
        page->showWritten(s);
        panel_->showMessage("Report written to " + QString::fromStdString(s.path.string()));
      });
}

}  // namespace trocar::ui
