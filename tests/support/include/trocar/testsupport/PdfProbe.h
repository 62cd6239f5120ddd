#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace trocar::testsupport {

// What a reader of the PDF gets, through poppler's command-line tools.

// The text of every page (pdftotext, UTF-8) with each run of white space made one space, so a
// phrase wrapped over two lines still matches.
std::string pdfText(const std::filesystem::path& pdf);

// One page rasterised by pdftoppm at `dpi` (PNG), as luminance 0..255.
struct GrayPage {
  int width = 0, height = 0;
  double dpi = 50;
  std::vector<double> luma;  // row-major
};
GrayPage rasterPage(const std::filesystem::path& pdf, int page, double dpi = 50);

// Standard deviation of the luminance (grey levels) inside a rectangle given in mm from the
// page's top-left corner, shrunk by insetMm on every side so frame lines do not count.
double regionStdDev(const GrayPage& page, double xMm, double yMm, double widthMm, double heightMm,
                    double insetMm = 1.5);

}  // namespace trocar::testsupport
