#include <gtest/gtest.h>

#include <cmath>

#include "KnownPlan.h"
#include "trocar/report/BuildReport.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report_pdf/ReportPdf.h"
#include "trocar/testsupport/PdfProbe.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;

namespace {

// A 256 x 256 picture with structure: concentric rings over a left-to-right ramp.
report::KeyImage ringsImage(const std::string& title) {
  report::KeyImage img{title, title + " test pattern: rings 16 px apart over a ramp", 256, 256, {}};
  img.rgb.resize(256 * 256 * 3);
  for (int v = 0; v < 256; ++v)
    for (int u = 0; u < 256; ++u) {
      const bool ring = int(std::hypot(u - 128, v - 128)) / 8 % 2 == 0;
      const auto grey = uint8_t(ring ? u : 255 - u / 2);
      for (int c = 0; c < 3; ++c) img.rgb[3 * (size_t(v) * 256 + u) + c] = grey;
    }
  return img;
}

report::KeyImage flatImage(const std::string& title) {
  return {title, "uniform grey: the blank-image control", 256, 256,
          std::vector<uint8_t>(256 * 256 * 3, 140)};
}

struct WrittenReport {
  report::ReportContent content;
  report_pdf::PdfSummary summary;
  std::string text;
};

WrittenReport writeKnownReport(const std::string& name, bool deidentify) {
  static const core::Plan plan = reporttest::knownPlan();
  static const image::SeriesMetadata meta = reporttest::knownMetadata();
  report::ReportSources sources;
  sources.metadata = &meta;
  sources.cement = {report::cementSummaryOf("L3", reporttest::knownCementResult())};
  sources.images = {ringsImage("AP"), ringsImage("Lateral"), flatImage("Blank control")};
  sources.omittedImages = {{"3D view", "no OpenGL display in this test"}};
  report::ReportOptions options;
  options.deidentify = deidentify;
  options.reportDateUtc = "2026-11-24T11:00:00Z";
  WrittenReport w;
  w.content = report::buildReport(plan, sources, options);
  const auto dir = testsupport::scratchDir("report_pdf_" + name);
  auto written = report_pdf::writeReportPdf(w.content, dir / "report.pdf");
  if (!written) throw std::runtime_error(written.error().message());
  w.summary = written.value();
  w.text = testsupport::pdfText(w.summary.path);
  return w;
}

}  // namespace

TEST(ReportPdf, TextHoldsLevelsAnglesVolumesVerdictsAndPageNumbers) {
  const WrittenReport w = writeKnownReport("known", false);
  EXPECT_GE(w.summary.pageCount, 2);
  for (const char* expected :
       {"Vertebroplasty plan",
        "DOE^JANE",
        "PID-998877",
        "66 years",
        "L3 - bipedicular, worst verdict UNSAFE",
        "L4 - unipedicular, worst verdict CAUTION",
        "L3-left",
        "L3-right",
        "L4-left",
        "14.2°",
        "21.7°",
        "8.1°",
        "88.4 mm",
        "42.0 mm",
        "-0.8 mm",
        "125 mm",
        "11 G (3.05 mm)",
        "LAO 2.0°, CRAN 5.5°",
        "LAO 90.0°, CRAN 5.5°",
        "RAO 14.2°, CAUD 8.1°",
        "RAO 12.5°, CRAN 4.0°",
        "LAO 12.5°, CRAN 4.0°",
        "SAFE",
        "UNSAFE",
        "CAUTION",
        "the needle enters the spinal canal by 0.8 mm",
        "medial pedicle wall margin 0.4 mm is below the 1.0 mm caution threshold",
        "4.00 mL",
        "3.70 mL",
        "0.30 mL",
        "paravertebral/venous",
        "42 %",
        "yes (35 mm²)",
        "210 kPa",
        "from 4.5 min after mixing",  // the stored start, pressure limit and stop rule of L4
        "pressure-limit at 180 kPa",
        "3D view: not included - no OpenGL display",
        "Approved by (name, role)",
        "Signature",
        "Planning aid, not a diagnosis"})
    EXPECT_NE(w.text.find(expected), std::string::npos)
        << "missing from the PDF text: " << expected;
  const std::string lastPage =
      "Page " + std::to_string(w.summary.pageCount) + " of " + std::to_string(w.summary.pageCount);
  EXPECT_NE(w.text.find("Page 1 of " + std::to_string(w.summary.pageCount)), std::string::npos);
  EXPECT_NE(w.text.find(lastPage), std::string::npos);
}

TEST(ReportPdf, DeidentifiedPdfHoldsNoIdentifiers) {
  const WrittenReport w = writeKnownReport("deidentified", true);
  for (const char* secret :
       {"DOE", "JANE", "Jane Doe", "PID-998877", "19600312", "General Hospital", "1.2.826.0.1"})
    EXPECT_EQ(w.text.find(secret), std::string::npos) << secret;
  EXPECT_NE(w.text.find("60-69 years"), std::string::npos);
  EXPECT_NE(w.text.find("de-identified"), std::string::npos);
  EXPECT_NE(w.text.find("L3-left"), std::string::npos);
}

TEST(ReportPdf, ImagesArePrintedWithTheirStructureAndABlankOneIsSeenAsBlank) {
  const WrittenReport w = writeKnownReport("images", false);
  ASSERT_EQ(w.summary.images.size(), 3u);
  for (const auto& placed : w.summary.images) {
    const auto page = testsupport::rasterPage(w.summary.path, placed.page, 50);
    // A4 at 50 dpi: 413 x 585 pixels.
    EXPECT_NEAR(page.width, 413, 2);
    EXPECT_NEAR(page.height, 585, 2);
    EXPECT_GT(placed.widthMm, 40.0) << placed.title;
    const double sd =
        testsupport::regionStdDev(page, placed.xMm, placed.yMm, placed.widthMm, placed.heightMm);
    std::printf("%s on page %d at (%.1f, %.1f) mm, %.1f x %.1f mm: luminance SD %.1f\n",
                placed.title.c_str(), placed.page, placed.xMm, placed.yMm, placed.widthMm,
                placed.heightMm, sd);
    // The rings pattern has an SD near 60 grey levels; a uniform picture stays below 2 after
    // rasterisation (anti-aliased edges are inset away).
    if (placed.title == "Blank control")
      EXPECT_LT(sd, 2.0);
    else
      EXPECT_GT(sd, 20.0) << placed.title;
  }
}
