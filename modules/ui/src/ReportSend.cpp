#include "trocar/ui/ReportSend.h"

#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/dicom_export/StoreScu.h"

namespace trocar::ui {

core::Result<ReportSendSummary> exportAndSendReport(const ReportExportRequest& request,
                                                    const dicom_export::PacsPeer& peer,
                                                    const core::Progress& progress) {
  // Refused before the PDF is written: a report that cannot be filed is not worth the wait.
  if (const std::string problem =
          dicom_export::reportDicomProblem(request.volume.metadata, request.deidentify);
      !problem.empty())
    return core::Error{request.pdfPath.string(),
                       "not sent to " + dicom_export::describe(peer) + ": " + problem};
  ReportSendSummary summary;
  auto report = exportReport(request, progress.sub(0, 0.8));
  if (!report) return report.error();
  summary.report = std::move(report).value();
  if (progress.cancelled()) return core::Error{summary.report.path.string(), "cancelled"};

  progress.report(0.85, "the report as DICOM");
  summary.dicomPath = std::filesystem::path(summary.report.path).replace_extension(".dcm");
  dicom_export::ReportDicomOptions options;
  options.deidentify = request.deidentify;
  auto dicom = dicom_export::writeReportDicom(summary.report.path, request.volume.metadata,
                                              summary.dicomPath, options);
  if (!dicom) return dicom.error();
  summary.studyInstanceUid = dicom->studyInstanceUid;

  progress.report(0.9, "sending to the PACS");
  summary.peer = dicom_export::describe(peer);
  auto sent = dicom_export::sendToPacs(summary.dicomPath, peer);
  if (!sent) return sent.error();
  summary.sendSeconds = sent->seconds;
  progress.report(1.0, "sent");
  return summary;
}

}  // namespace trocar::ui
