#include <gtest/gtest.h>

#include <itkImageFileReader.h>
#include <itkPNGImageIO.h>
#include <itkRGBPixel.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "trocar/testsupport/PdfProbe.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
namespace fs = std::filesystem;

namespace {

int run(const std::string& command) { return std::system(command.c_str()); }

// Luminance standard deviation of a PNG file.
double pngStdDev(const fs::path& png, int& width, int& height) {
  using RgbImage = itk::Image<itk::RGBPixel<uint8_t>, 2>;
  auto reader = itk::ImageFileReader<RgbImage>::New();
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->SetFileName(png.string());
  reader->Update();
  const auto size = reader->GetOutput()->GetLargestPossibleRegion().GetSize();
  width = int(size[0]);
  height = int(size[1]);
  const auto* px = reader->GetOutput()->GetBufferPointer();
  double sum = 0, sum2 = 0;
  const size_t n = size_t(width) * height;
  for (size_t i = 0; i < n; ++i) {
    const double v = 0.299 * px[i][0] + 0.587 * px[i][1] + 0.114 * px[i][2];
    sum += v;
    sum2 += v * v;
  }
  return std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n)));
}

}  // namespace

// Under Xvfb the report gets its 3D view from render's offscreen capture: the 960 x 720 picture is
// embedded in the PDF and shows the vertebrae (not a flat background).
TEST(Report3dView, WithADisplayTheReportHoldsTheRendered3dView) {
  const char* ct = "totalseg/example_ct.nii.gz";
  TROCAR_REQUIRE_SHARED(ct);
  const fs::path dir = testsupport::scratchDir("report_3d");
  const std::string exe = TROCAR_EXECUTABLE;
  const std::string ctPath = testsupport::sharedFile(ct).string();
  ASSERT_EQ(run("'" + exe + "' plan '" + ctPath + "' --levels L3 --out '" +
                (dir / "plan.json").string() + "' > '" + (dir / "plan.log").string() + "' 2>&1"),
            0);
  ASSERT_EQ(run("'" + exe + "' report '" + (dir / "plan.json").string() + "' --case '" + ctPath +
                "' --out '" + (dir / "report.pdf").string() + "' > '" +
                (dir / "report.log").string() + "' 2>&1"),
            0);
  const std::string text = testsupport::pdfText(dir / "report.pdf");
  EXPECT_EQ(text.find("3D view: not included"), std::string::npos)
      << "no OpenGL under Xvfb? see " << dir / "report.log";
  EXPECT_NE(text.find("Segmented vertebrae in their level colours"), std::string::npos);

  ASSERT_EQ(run("pdfimages -png '" + (dir / "report.pdf").string() + "' '" +
                (dir / "img").string() + "'"),
            0);
  bool found = false;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".png" || entry.path().filename().string().rfind("img", 0) != 0)
      continue;
    int w = 0, h = 0;
    const double sd = pngStdDev(entry.path(), w, h);
    if (w != 960 || h != 720) continue;
    found = true;
    std::printf("3D view %d x %d: luminance SD %.1f\n", w, h, sd);
    EXPECT_GT(sd, 8.0);  // coloured vertebrae over a dark gradient; a blank render is a flat fill
  }
  EXPECT_TRUE(found) << "no 960 x 720 image in the PDF";
}
