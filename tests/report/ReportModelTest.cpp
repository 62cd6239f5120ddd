#include <gtest/gtest.h>

#include <cctype>
#include <regex>
#include <string>

#include "KnownPlan.h"
#include "trocar/report/BuildReport.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report/Deidentify.h"
#include "trocar/report/ReportDocument.h"

using namespace trocar;
using report::formatMeasure;

namespace {

report::ReportContent knownReport(bool deidentify = false) {
  static const core::Plan plan = reporttest::knownPlan();
  static const image::SeriesMetadata meta = reporttest::knownMetadata();
  report::ReportSources sources;
  sources.metadata = &meta;
  sources.cement = {report::cementSummaryOf("L3", reporttest::knownCementResult())};
  report::ReportOptions options;
  options.deidentify = deidentify;
  options.author = "Dr Reporter";
  options.reportDateUtc = "2026-11-24T11:00:00Z";
  return report::buildReport(plan, sources, options);
}

// The text of the row whose first cell is `label`, column `column`.
const report::Cell& cell(const report::Table& t, const std::string& label, size_t column) {
  for (const auto& row : t.rows)
    if (row.at(0).text == label) return row.at(column);
  throw std::runtime_error("no row " + label);
}

// Every number in `text` not glued to a letter (as in "L3") is followed by a unit.
bool everyNumberHasAUnit(const std::string& text, std::string& offender) {
  static const std::regex number(R"((^|[^A-Za-z0-9.])(-?\d+(\.\d+)?)(\s?)(\S*))");
  static const std::regex unit(R"(^(mm²|mm|°|mL/min|mL|%|G|kPa|min|s|HU)([),;.]|$))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
       it != std::sregex_iterator(); ++it) {
    const std::string after = (*it)[5].str();
    if (!std::regex_search(after, unit)) {
      offender = (*it)[0].str();
      return false;
    }
  }
  return true;
}

}  // namespace

TEST(Measure, NumbersAreWrittenWithTheirUnitAndPrecision) {
  EXPECT_EQ(formatMeasure(report::millimetres(12.345)), "12.3 mm");
  EXPECT_EQ(formatMeasure(report::degrees(15)), "15.0°");
  EXPECT_EQ(formatMeasure(report::percent(0.623)), "62 %");
  EXPECT_EQ(formatMeasure(report::millilitres(4)), "4.00 mL");
  EXPECT_EQ(formatMeasure(report::millimetres(-0.04)), "0.0 mm");  // no "-0.0"
  EXPECT_EQ(formatMeasure(report::millimetres(-0.8)), "-0.8 mm");
  EXPECT_EQ(formatMeasure(report::notApplicable("mm")), "n/a");
}

TEST(Deidentify, AgeFromDicomAgeOrDatesAndTenYearBands) {
  EXPECT_EQ(report::ageInYears("063Y", "", ""), 63);
  EXPECT_EQ(report::ageInYears("018M", "", ""), 1);
  EXPECT_EQ(report::ageInYears("", "19600312", "20261101"), 66);
  EXPECT_EQ(report::ageInYears("", "19600312", "20260311"), 65);  // the day before the birthday
  EXPECT_FALSE(report::ageInYears("", "", "20261101").has_value());
  EXPECT_EQ(report::ageBand(66), "60-69 years");
  EXPECT_EQ(report::ageBand(60), "60-69 years");
  EXPECT_EQ(report::ageBand(95), "90 years or older");
}

TEST(ReportModel, HeaderCarriesThePatientAndTheScan) {
  const auto r = knownReport();
  EXPECT_EQ(r.patient.patientName, "DOE^JANE");
  EXPECT_EQ(r.patient.patientId, "PID-998877");
  EXPECT_EQ(r.patient.age, "66 years");
  EXPECT_EQ(r.patient.studyInstanceUid, "1.2.826.0.1.3680043.2.1125.1");
  EXPECT_EQ(r.patient.scanGeometry, "512 × 512 × 120 voxels of 0.78 × 0.78 × 3.00 mm");
  EXPECT_EQ(r.notes, "Jane Doe, fall at home");
  EXPECT_EQ(r.approval.plannedBy, "Dr Planner");
  EXPECT_EQ(r.approval.reportBy, "Dr Reporter");
  EXPECT_EQ(r.approval.reportCreatedUtc, "2026-11-24T11:00:00Z");
  EXPECT_FALSE(r.disclaimer.empty());
  EXPECT_EQ(r.approval.fields.size(), 3u);
}

TEST(ReportModel, DeidentifiedReportHoldsNoNameIdBirthDateUidOrNotes) {
  const auto r = knownReport(true);
  EXPECT_TRUE(r.patient.deidentified);
  EXPECT_EQ(r.patient.age, "60-69 years");
  EXPECT_EQ(r.patient.studyDate, "2026");
  EXPECT_TRUE(r.notes.empty());
  EXPECT_EQ(r.patient.volumeChecksum, "fnv1a64:0123456789abcdef");  // ties the report to the voxels
  // Nowhere in the printable document: every string of every block is searched.
  const auto doc = report::layoutDocument(r);
  std::string all = doc.runningHeader + doc.footer;
  for (const auto& block : doc.blocks)
    std::visit(
        [&](const auto& b) {
          using B = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<B, report::Heading> || std::is_same_v<B, report::Paragraph>)
            all += b.text + "\n";
          if constexpr (std::is_same_v<B, report::Table>)
            for (const auto& row : b.rows)
              for (const auto& c : row) all += c.text + "\n";
        },
        block);
  for (const char* secret : {"DOE", "JANE", "Jane", "PID-998877", "19600312", "1960", "20261101",
                             "1.2.826.0.1.3680043", "General Hospital"})
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  EXPECT_NE(all.find("60-69 years"), std::string::npos);
}

TEST(ReportModel, NeedleValuesAndUnitsFromThePlan) {
  const auto r = knownReport();
  ASSERT_EQ(r.levels.size(), 2u);
  const auto* l3 = r.findLevel("L3");
  ASSERT_NE(l3, nullptr);
  EXPECT_EQ(l3->needles.size(), 2u);
  EXPECT_EQ(l3->worstVerdict, core::Verdict::kUnsafe);
  EXPECT_EQ(r.findLevel("L4")->worstVerdict, core::Verdict::kCaution);

  const auto* left = r.findNeedle("L3-left");
  ASSERT_NE(left, nullptr);
  EXPECT_EQ(left->transverseAngle, report::degrees(14.2));
  EXPECT_EQ(left->gauge, (report::Measure{11, "G", 0}));
  EXPECT_EQ(left->trueAp, "LAO 2.0°, CRAN 5.5°");
  EXPECT_EQ(left->trueLateral, "LAO 90.0°, CRAN 5.5°");
  EXPECT_EQ(left->downTheBarrel, "RAO 14.2°, CAUD 8.1°");
  EXPECT_EQ(left->enFacePedicle, "RAO 12.5°, CRAN 4.0°");

  const report::Table t = report::levelTable(*l3);
  ASSERT_EQ(t.header.size(), 3u);
  EXPECT_EQ(t.header[1].text, "L3-left");
  EXPECT_EQ(t.header[2].text, "L3-right");
  EXPECT_EQ(cell(t, "Transverse angle (+ medial)", 1).text, "14.2°");
  EXPECT_EQ(cell(t, "Transverse angle (+ medial)", 2).text, "21.7°");
  EXPECT_EQ(cell(t, "Sagittal angle (+ caudal)", 1).text, "8.1°");
  EXPECT_EQ(cell(t, "Gauge (outer diameter)", 1).text, "11 G (3.05 mm)");
  EXPECT_EQ(cell(t, "Needle length", 1).text, "125 mm");
  EXPECT_EQ(cell(t, "Skin to target", 1).text, "88.4 mm");
  EXPECT_EQ(cell(t, "Bone entry to target", 1).text, "42.0 mm");
  EXPECT_EQ(cell(t, "Margin to canal", 1).text, "4.3 mm");
  EXPECT_EQ(cell(t, "Margin to canal", 2).text, "-0.8 mm");
  EXPECT_EQ(cell(t, "Margin to canal", 2).tone, report::Tone::kUnsafe);  // a breach stands out
  EXPECT_EQ(cell(t, "Margin to medial pedicle wall", 1).text, "1.7 mm");
  EXPECT_EQ(cell(t, "Margin to inferior pedicle wall", 1).text, "2.2 mm");
  EXPECT_EQ(cell(t, "Margin to superior endplate", 1).text, "6.0 mm");
  EXPECT_EQ(cell(t, "Margin to inferior endplate", 1).text, "7.5 mm");
  EXPECT_EQ(cell(t, "Margin to anterior cortex", 1).text, "5.1 mm");
  EXPECT_EQ(cell(t, "C-arm en face pedicle", 2).text, "LAO 12.5°, CRAN 4.0°");
  EXPECT_EQ(cell(t, "Verdict", 1).text, "SAFE");
  EXPECT_EQ(cell(t, "Verdict", 2).text, "UNSAFE");
  EXPECT_EQ(cell(t, "Reasons", 1).text, "none");
  EXPECT_EQ(cell(t, "Reasons", 2).text,
            "- the needle enters the spinal canal by 0.8 mm\n- medial pedicle wall margin 0.4 mm "
            "is below the 1.0 mm "
            "caution threshold");

  // A parapedicular needle has no pedicle walls to measure.
  const report::Table t4 = report::levelTable(*r.findLevel("L4"));
  EXPECT_EQ(cell(t4, "Approach", 1).text, "parapedicular");
  EXPECT_EQ(cell(t4, "Margin to medial pedicle wall", 1).text, "n/a");
  EXPECT_EQ(cell(t4, "Gauge (outer diameter)", 1).text, "13 G (2.41 mm)");
}

TEST(ReportModel, CementResultsWithEveryLeakDestination) {
  const auto r = knownReport();
  ASSERT_TRUE(r.findLevel("L3")->cement.has_value());
  EXPECT_FALSE(r.findLevel("L4")->cement.has_value());
  const auto& c = *r.findLevel("L3")->cement;
  EXPECT_EQ(c.leaksByDestination.size(), 6u);
  const report::Table t = report::cementTable(c);
  EXPECT_EQ(cell(t, "Injected", 1).text, "4.00 mL");
  EXPECT_EQ(cell(t, "Retained in the vertebra", 1).text, "3.70 mL");
  EXPECT_EQ(cell(t, "Leaked, total", 1).text, "0.30 mL");
  EXPECT_EQ(cell(t, "Leak: paravertebral/venous", 1).text, "0.30 mL");
  EXPECT_EQ(cell(t, "Leak: paravertebral/venous", 1).tone, report::Tone::kCaution);
  EXPECT_EQ(cell(t, "Leak: canal/epidural", 1).text, "0.00 mL");
  EXPECT_EQ(cell(t, "Vertebral body filled", 1).text, "42 %");
  EXPECT_EQ(cell(t, "Injected / body volume (40.0 mL)", 1).text, "10 %");
  EXPECT_EQ(cell(t, "Superior endplate contact", 1).text, "yes (35 mm²)");
  EXPECT_EQ(cell(t, "Inferior endplate contact", 1).text, "no (2 mm²)");
  EXPECT_EQ(cell(t, "Peak pressure at L3-right tip", 1).text, "210 kPa");
  EXPECT_EQ(cell(t, "Injection time", 1).text, "240 s");
  EXPECT_EQ(cell(t, "Stopped because", 1).text, "planned volume reached");
}

TEST(ReportModel, TheCementPlanCarriesTheStoredStartStopRuleAndPressureLimit) {
  const auto r = knownReport();
  ASSERT_EQ(r.levels.size(), 2u);
  // L3: the defaults (high viscosity from its 3 min dough time, posterior wall: no limit used).
  EXPECT_EQ(formatMeasure(r.levels[0].startAfterMixing), "3.0 min");
  EXPECT_EQ(r.levels[0].stopCriterion, "posterior-wall");
  EXPECT_FALSE(r.levels[0].pressureLimit.applicable);
  // L4: stored 4.5 min and a 180 kPa limit as its stop rule.
  EXPECT_EQ(formatMeasure(r.levels[1].startAfterMixing), "4.5 min");
  EXPECT_EQ(r.levels[1].stopCriterion, "pressure-limit");
  EXPECT_EQ(formatMeasure(r.levels[1].pressureLimit), "180 kPa");
  const auto doc = report::layoutDocument(r);
  const report::Table* summary = nullptr;
  for (const auto& block : doc.blocks)
    if (const auto* t = std::get_if<report::Table>(&block);
        t && !t->header.empty() && t->header.size() > 3 && t->header[3].text == "Cement plan")
      summary = t;
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(cell(*summary, "L3", 3).text,
            "4.0 mL high viscosity at 1.0 mL/min from 3.0 min after mixing, stop: posterior-wall");
  EXPECT_EQ(cell(*summary, "L4", 3).text,
            "3.5 mL medium viscosity at 1.0 mL/min from 4.5 min after mixing, stop: "
            "pressure-limit at 180 kPa");
}

TEST(ReportModel, EveryNumberInTheTablesCarriesItsUnit) {
  const auto r = knownReport();
  const auto doc = report::layoutDocument(r);
  int tables = 0;
  for (const auto& block : doc.blocks) {
    const auto* t = std::get_if<report::Table>(&block);
    if (t == nullptr) continue;
    // The patient table holds dates, UIDs and checksums, which are identifiers, not quantities.
    if (!t->rows.empty() && t->rows.front().front().text == "Patient name") continue;
    ++tables;
    for (const auto& row : t->rows)
      for (size_t c = 1; c < row.size(); ++c) {
        std::string offender;
        EXPECT_TRUE(everyNumberHasAUnit(row[c].text, offender))
            << row[0].text << ": \"" << row[c].text << "\" at \"" << offender << "\"";
      }
  }
  EXPECT_EQ(tables, 4);  // summary, L3, L3 cement, L4
}

TEST(ReportModel, DocumentOrderAndImagePlacement) {
  core::Plan plan = reporttest::knownPlan();
  report::ReportSources sources;
  report::KeyImage square{"AP", "ap", 64, 64, std::vector<uint8_t>(64 * 64 * 3, 128)};
  report::KeyImage wide{"3D view", "3d", 200, 100, std::vector<uint8_t>(200 * 100 * 3, 128)};
  sources.images = {square, square, square, wide};
  sources.omittedImages = {{"Lateral DRR", "no CT given"}};
  const auto doc = report::layoutDocument(report::buildReport(plan, sources));
  std::vector<std::vector<int>> rows;
  std::vector<std::string> headings, paragraphs;
  for (const auto& b : doc.blocks) {
    if (const auto* row = std::get_if<report::ImageRow>(&b)) rows.push_back(row->images);
    if (const auto* h = std::get_if<report::Heading>(&b)) headings.push_back(h->text);
    if (const auto* p = std::get_if<report::Paragraph>(&b)) paragraphs.push_back(p->text);
  }
  // Squares in pairs, the odd one out alone, the wide picture on its own row.
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<int>{0, 1}));
  EXPECT_EQ(rows[1], (std::vector<int>{2}));
  EXPECT_EQ(rows[2], (std::vector<int>{3}));
  EXPECT_NE(std::find(headings.begin(), headings.end(), "L3 - bipedicular, worst verdict UNSAFE"),
            headings.end());
  EXPECT_NE(std::find(headings.begin(), headings.end(), "L4 - unipedicular, worst verdict CAUTION"),
            headings.end());
  EXPECT_NE(
      std::find(paragraphs.begin(), paragraphs.end(), "Lateral DRR: not included - no CT given"),
      paragraphs.end());
  EXPECT_NE(
      std::find(paragraphs.begin(), paragraphs.end(), "Cement: not simulated for this report."),
      paragraphs.end());
  EXPECT_EQ(headings.back(), "Disclaimer");
}

TEST(ReportModel, TheApprovalRecordedInThePlanIsPrinted) {
  core::Plan plan = reporttest::knownPlan();
  const auto printed = [](const report::ReportContent& r) {
    std::string text;
    for (const auto& block : report::layoutDocument(r).blocks)
      if (const auto* p = std::get_if<report::Paragraph>(&block)) text += p->text + "\n";
    return text;
  };
  EXPECT_NE(printed(report::buildReport(plan)).find("Not yet approved"), std::string::npos);
  plan.approval = {"Dr Approver", "2026-11-24T12:34:00Z"};
  const auto r = report::buildReport(plan);
  EXPECT_EQ(r.approval.approvedBy, "Dr Approver");
  EXPECT_EQ(r.approval.approvedUtc, "2026-11-24T12:34:00Z");
  EXPECT_NE(printed(r).find("Approved in the workstation by Dr Approver on 2026-11-24T12:34:00Z"),
            std::string::npos);
}
