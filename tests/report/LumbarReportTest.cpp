#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "trocar/cement/CementImages.h"
#include "trocar/cement/SimulatePlan.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/plan/ProposePlan.h"
#include "trocar/report/BuildReport.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report/DrrImages.h"
#include "trocar/report/NeedleSlice.h"
#include "trocar/report/ReportDocument.h"
#include "trocar/report_pdf/ReportPdf.h"
#include "trocar/segment/SegmentSpine.h"
#include "trocar/testsupport/PdfProbe.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;

namespace {

const char* kCt = "totalseg/example_ct.nii.gz";

// The real lumbar case (3 mm voxels) segmented, planned bipedicular at L2-L4 by the plan module,
// its cement simulated, and reported with DRRs and needle slices.
struct LumbarReport {
  core::Plan plan;
  report::ReportContent content;
  report_pdf::PdfSummary pdf;
  std::string text;
};

const LumbarReport& lumbarReport() {
  static const LumbarReport r = [] {
    LumbarReport out;
    auto volume = image::readVolume(testsupport::sharedFile(kCt));
    if (!volume) throw std::runtime_error(volume.error().message());
    auto anatomy = segment::segmentSpine(volume.value());
    if (!anatomy) throw std::runtime_error(anatomy.error().message());
    auto planning = plan::PlanningCase::create(volume.value(), anatomy.value());
    if (!planning) throw std::runtime_error(planning.error().message());
    plan::ProposalRequest request;
    request.levels = {21, 22, 23};  // L2, L3, L4
    request.author = "lumbar report test";
    auto proposed = plan::proposePlan(planning.value(), request);
    if (!proposed) throw std::runtime_error(proposed.error().message());
    out.plan = proposed.value();

    report::ReportSources sources;
    sources.metadata = &volume->metadata;
    sources.anatomy = &anatomy.value();
    fluoro::AttenuationVolume attenuation = fluoro::AttenuationVolume::fromCt(*volume->hu);
    std::vector<image::LabelImage::Pointer> masks;
    for (const auto& level : out.plan.levels) {
      auto sim = cement::simulateLevel(volume.value(), anatomy.value(), out.plan, level.name);
      if (!sim) throw std::runtime_error(sim.error().message());
      sources.cement.push_back(report::cementSummaryOf(level.name, sim->result));
      masks.push_back(cement::cementMaskImage(sim->domain, sim->result));
      fluoro::applyCement(attenuation, fluoro::cementVoxels(attenuation, *masks.back()));
    }
    const core::Vec3 centre = report::targetsCentreMm(out.plan);
    sources.images.push_back(
        report::drrKeyImage(attenuation, out.plan, fluoro::apAngles(), centre, "AP"));
    sources.images.push_back(
        report::drrKeyImage(attenuation, out.plan, fluoro::lateralAngles(), centre, "Lateral"));
    for (const auto& n : out.plan.needles) {
      report::NeedleSliceOptions options;
      const auto* v = anatomy->find(n.level == "L2" ? 21 : n.level == "L3" ? 22 : 23);
      options.left = v->frame.left;
      options.superior = v->frame.superior;
      sources.images.push_back(report::needleSliceImage(*volume->hu, n, options));
    }
    out.content = report::buildReport(out.plan, sources);
    auto written = report_pdf::writeReportPdf(
        out.content, testsupport::scratchDir("report_lumbar") / "report.pdf");
    if (!written) throw std::runtime_error(written.error().message());
    out.pdf = written.value();
    out.text = testsupport::pdfText(out.pdf.path);
    return out;
  }();
  return r;
}

bool has(const std::string& text, const std::string& s) {
  return text.find(s) != std::string::npos;
}

}  // namespace

TEST(LumbarReport, PdfTextHoldsEveryNeedlesAnglesViewsMarginsAndVerdict) {
  TROCAR_REQUIRE_SHARED(kCt);
  const LumbarReport& r = lumbarReport();
  ASSERT_EQ(r.plan.needles.size(), 6u);
  for (const char* level : {"L2", "L3", "L4"}) {
    const auto* l = r.content.findLevel(level);
    ASSERT_NE(l, nullptr) << level;
    EXPECT_TRUE(has(r.text, std::string(level) + " - bipedicular, worst verdict " +
                                report::verdictText(l->worstVerdict)))
        << level;
    EXPECT_TRUE(has(r.text, std::string(level) + " cement simulation")) << level;
    ASSERT_TRUE(l->cement.has_value());
    EXPECT_TRUE(has(r.text, report::formatMeasure(l->cement->injected))) << level;
    EXPECT_NEAR(l->cement->injected.value, 4.0, 0.05) << level;  // the plan's default volume
  }
  for (const auto& n : r.plan.needles) {
    const auto& m = n.assessment.metrics;
    EXPECT_TRUE(has(r.text, n.id));
    for (const std::string& s :
         {report::formatMeasure(report::degrees(m.transverseAngleDeg)),
          report::formatMeasure(report::degrees(m.sagittalAngleDeg)),
          report::formatMeasure(report::millimetres(m.skinToTargetMm)),
          report::formatMeasure(report::millimetres(m.canalMarginMm)),
          core::describe(n.views.trueAp), core::describe(n.views.trueLateral),
          core::describe(n.views.downTheBarrel), core::describe(n.views.enFacePedicle),
          report::verdictText(n.assessment.verdict)})
      EXPECT_TRUE(has(r.text, s)) << n.id << ": " << s;
    for (const auto& reason : n.assessment.reasons)
      EXPECT_TRUE(has(r.text, reason)) << n.id << ": " << reason;
  }
}

TEST(LumbarReport, DrrsAndNeedleSlicesAreNotBlankOnThePage) {
  TROCAR_REQUIRE_SHARED(kCt);
  const LumbarReport& r = lumbarReport();
  ASSERT_EQ(r.pdf.images.size(), 8u);  // AP, lateral, six needle slices
  std::map<int, testsupport::GrayPage> pages;
  for (const auto& placed : r.pdf.images) {
    if (!pages.count(placed.page))
      pages[placed.page] = testsupport::rasterPage(r.pdf.path, placed.page, 50);
    const double sd = testsupport::regionStdDev(pages[placed.page], placed.xMm, placed.yMm,
                                               placed.widthMm, placed.heightMm);
    std::printf("%-36s page %d  luminance SD %.1f\n", placed.title.c_str(), placed.page, sd);
    // A DRR or a CT slice of a spine spreads over tens of grey levels; a blank one is below 2.
    EXPECT_GT(sd, 15.0) << placed.title;
  }
}
