#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "trocar/core/Result.h"
#include "trocar/report/ReportContent.h"

namespace trocar::report_pdf {

// Where a key image landed on the page, so tests can look at exactly those pixels.
struct PlacedImage {
  std::string title;
  int page = 0;                                        // 1-based
  double xMm = 0, yMm = 0, widthMm = 0, heightMm = 0;  // from the page's top-left corner
};

struct PdfSummary {
  std::filesystem::path path;
  int pageCount = 0;
  double pageWidthMm = 210, pageHeightMm = 297;
  std::vector<PlacedImage> images;
};

// Lays the report out on A4 pages (running header, tables with wrapped text and repeated header
// rows, images scaled to fit, a footer with "Page n of N") and writes the PDF atomically (a
// temporary file in the same folder, then rename). Needs no display: when the process has no
// Qt application yet, one is made on the "offscreen" platform (see ensureGuiApplication).
core::Result<PdfSummary> writeReportPdf(const report::ReportContent& content,
                                        const std::filesystem::path& path);

// Makes sure a QGuiApplication exists (fonts and painting need one). A process that has its own
// keeps it; otherwise one is created for the rest of the process's life, on QT_QPA_PLATFORM if
// set and else on "offscreen", since writing a PDF never needs a screen. False (with the reason)
// when a non-GUI QCoreApplication already owns the process.
bool ensureGuiApplication(std::string* whyNot = nullptr);

}  // namespace trocar::report_pdf
