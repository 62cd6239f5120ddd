#include "trocar/testsupport/PdfProbe.h"

#include <itkImageFileReader.h>
#include <itkPNGImageIO.h>
#include <itkRGBPixel.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace trocar::testsupport {
namespace fs = std::filesystem;

namespace {
void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}
}  // namespace

std::string pdfText(const fs::path& pdf) {
  const fs::path txt = fs::path(pdf).replace_extension(".txt");
  run("pdftotext -enc UTF-8 '" + pdf.string() + "' '" + txt.string() + "'");
  std::ifstream in(txt);
  std::stringstream raw;
  raw << in.rdbuf();
  std::string out;
  bool space = false;
  for (char c : raw.str()) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

GrayPage rasterPage(const fs::path& pdf, int page, double dpi) {
  const fs::path prefix =
      fs::path(pdf).replace_extension("").string() + "-page" + std::to_string(page);
  run("pdftoppm -r " + std::to_string(int(dpi)) + " -png -singlefile -f " + std::to_string(page) +
      " -l " + std::to_string(page) + " '" + pdf.string() + "' '" + prefix.string() + "'");
  using RgbImage = itk::Image<itk::RGBPixel<uint8_t>, 2>;
  auto reader = itk::ImageFileReader<RgbImage>::New();
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->SetFileName(prefix.string() + ".png");
  reader->Update();
  const RgbImage* img = reader->GetOutput();
  const auto size = img->GetLargestPossibleRegion().GetSize();
  GrayPage out;
  out.width = int(size[0]);
  out.height = int(size[1]);
  out.dpi = dpi;
  out.luma.resize(size_t(out.width) * out.height);
  const auto* px = img->GetBufferPointer();
  for (size_t i = 0; i < out.luma.size(); ++i)
    out.luma[i] = 0.299 * px[i][0] + 0.587 * px[i][1] + 0.114 * px[i][2];
  return out;
}

double regionStdDev(const GrayPage& page, double xMm, double yMm, double widthMm, double heightMm,
                    double insetMm) {
  const double perMm = page.dpi / 25.4;
  const int x0 = int(std::ceil((xMm + insetMm) * perMm)),
            x1 = int(std::floor((xMm + widthMm - insetMm) * perMm));
  const int y0 = int(std::ceil((yMm + insetMm) * perMm)),
            y1 = int(std::floor((yMm + heightMm - insetMm) * perMm));
  double sum = 0, sum2 = 0;
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(page.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(page.width, x1); ++x) {
      const double v = page.luma[size_t(y) * page.width + x];
      sum += v;
      sum2 += v * v;
      ++n;
    }
  if (n == 0) return 0;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

}  // namespace trocar::testsupport
