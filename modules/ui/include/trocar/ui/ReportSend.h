#pragma once

#include <filesystem>
#include <string>

#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/dicom_export/PacsPeer.h"
#include "trocar/ui/ReportExport.h"

namespace trocar::ui {

struct ReportSendSummary {
  ReportExportSummary report;       // the PDF, written first
  std::filesystem::path dicomPath;  // its DICOM copy beside it (.dcm), the one sent
  std::string peer;                 // "ORTHANC at pacs:104"
  std::string studyInstanceUid;     // where the PACS files it
  double sendSeconds = 0;
};

// The Export page's "Send to PACS": writes the report PDF as exportReport does (so what is sent
// is the plan as it stands), wraps it as DICOM in the case's patient and study (de-identified
// like the PDF when asked), writes that beside the PDF and sends it with C-STORE. Runs on a
// worker; errors name the file or the PACS and the reason.
core::Result<ReportSendSummary> exportAndSendReport(const ReportExportRequest& request,
                                                    const dicom_export::PacsPeer& peer,
                                                    const core::Progress& progress = {});

}  // namespace trocar::ui
