#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"

namespace trocar::dicom_export {

// SOP class of what writeReportDicom makes: Encapsulated PDF Storage.
inline constexpr const char* kEncapsulatedPdfStorage = "1.2.840.10008.5.1.4.1.1.104.1";

struct ReportDicomOptions {
  std::string documentTitle = "Vertebroplasty plan";
  std::string seriesDescription = "Trocar vertebroplasty plan";
  // The PDF is the de-identified report: the DICOM carries no name, ID, birth date, accession
  // number, referring physician, study ID, study date or study description either, and it gets
  // a new study (the source's Study Instance UID would lead straight back to the patient).
  bool deidentify = false;
};

struct ReportDicomSummary {
  std::filesystem::path path;
  std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid;
  uintmax_t pdfBytes = 0, fileBytes = 0;
};

// Why a report on the CT described by `source` cannot be filed as DICOM ("" when it can): unless
// de-identifying, the CT must name its study. Lets a command refuse before its long work.
std::string reportDicomProblem(const image::SeriesMetadata& source, bool deidentify);

// Wraps the PDF at `pdf` as a DICOM Encapsulated PDF (modality DOC, burned-in annotation YES: the
// report prints the patient's name) in the patient and study of the CT described by `source`,
// as a new series, and writes it to `out` atomically (a temporary file beside it, then rename).
// Unless de-identifying, the source must name its study (a Study Instance UID): a report with no
// study to go into would be filed under no patient, so that is refused with the reason.
core::Result<ReportDicomSummary> writeReportDicom(const std::filesystem::path& pdf,
                                                  const image::SeriesMetadata& source,
                                                  const std::filesystem::path& out,
                                                  const ReportDicomOptions& options = {});

}  // namespace trocar::dicom_export
