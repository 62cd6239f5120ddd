#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

#include "GuiTestSupport.h"
#include "trocar/core/PlanJson.h"
#include "trocar/report/BuildReport.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report/Measure.h"
#include "trocar/report/ReportDocument.h"
#include "trocar/testsupport/PdfProbe.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/ExportPage.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/ReviewPage.h"
#include "trocar/ui/SimulatePage.h"
#include "trocar/ui/SliceView.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;

namespace {

constexpr double kMaxStallMs = 100;  // the UI-thread budget (see WorkstationGuiTest)

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Grey-level spread of a picture: a blank or flat image has (almost) none.
double lumaStdDev(const QImage& image) {
  double sum = 0, sum2 = 0;
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const double v = qGray(image.pixel(x, y));
      sum += v;
      sum2 += v * v;
      ++n;
    }
  if (n == 0) return 0;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

// The text of a review table cell, found by its row's name.
QString cell(QTableWidget* table, const QString& row, int column) {
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->verticalHeaderItem(r) && table->verticalHeaderItem(r)->text() == row)
      return table->item(r, column) ? table->item(r, column)->text() : QString();
  ADD_FAILURE() << "no row " << row.toStdString();
  return {};
}

void goToStep(ui::MainWindow& window, ui::WorkflowStep step) {
  QListWidget* steps = window.panel()->stepList();
  const int row = static_cast<int>(step);
  QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                    steps->visualItemRect(steps->item(row)).center());
}

void replaceText(QLineEdit* edit, const QString& text) {
  edit->selectAll();
  QTest::keyClick(edit, Qt::Key_Delete);
  QTest::keyClicks(edit, text);
}

// Drags a needle's target by `offsetMm` in the axial view, as a user would.
void dragTarget(ui::SliceView* axial, const core::Needle& needle, const core::Vec3& offsetMm) {
  const QPoint from = axial->widgetPosOf(needle.targetMm);
  const QPoint to = axial->widgetPosOf(needle.targetMm + offsetMm);
  QTest::mousePress(axial, Qt::LeftButton, {}, from);
  QTest::mouseMove(axial, (from + to) / 2);
  QTest::mouseMove(axial, to);
  QTest::mouseRelease(axial, Qt::LeftButton, {}, to);
}

}  // namespace

// The first acceptance point, through the widgets: open, segment, plan L3 bipedicular,
// drag the target 3 mm, simulate 4 mL, review (notes, author, approve; an edit withdraws the
// approval and undo restores it), export the PDF off the UI thread, and read the PDF back as a
// reader would.
TEST(ReviewExport, PlansReviewsApprovesAndExportsTheLumbarCaseThroughTheWidgets) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  const auto artefacts = guitest::sampleSession("gui-review-export");

  ui::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  auto* panel = window.panel();

  // --- Open and segment.
  QTest::mouseClick(panel->sampleCaseButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitForCase(window)) << panel->messageLabel()->text().toStdString();
  guitest::saveScreenshot(window, artefacts / "01-opened.png");
  QTest::mouseClick(panel->segmentButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitForAnatomy(window)) << panel->messageLabel()->text().toStdString();
  ASSERT_NE(window.model().anatomy().find(22), nullptr) << "L3 in the lumbar sample";
  guitest::saveScreenshot(window, artefacts / "02-segmented.png");

  // --- Plan L3 bipedicular.
  QListWidget* levels = panel->planLevelList();
  for (int i = 0; i < levels->count(); ++i)
    if (levels->item(i)->text() == "L3") levels->item(i)->setCheckState(Qt::Checked);
  QTest::mouseClick(panel->proposeButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  ASSERT_EQ(window.model().plan().needles.size(), 2u)
      << panel->messageLabel()->text().toStdString();
  window.model().setFocus(window.model().plan().needles[0].targetMm);
  QTest::qWait(200);
  guitest::saveScreenshot(window, artefacts / "03-planned-L3.png");

  // --- Drag the L3-left target 3 mm to the patient's left in the axial view.
  ui::SliceView* axial = window.axialView();
  const core::Needle before = window.model().plan().needles[0];
  dragTarget(axial, before, {3, 0, 0});
  const core::Needle dragged = window.model().plan().needles[0];
  EXPECT_NEAR(core::distance(dragged.targetMm, before.targetMm), 3.0, 1.0);  // a screen pixel
  EXPECT_NE(dragged.assessment.metrics, before.assessment.metrics);
  QTest::qWait(150);
  // The view shows the needle where it now lies: needle colour (yellow) halfway from skin to bone.
  {
    const QImage image = axial->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    const QPoint p = axial->widgetPosOf((dragged.skinEntryMm + dragged.boneEntryMm) * 0.5) *
                     axial->devicePixelRatioF();
    const QColor c = image.pixelColor(p);
    EXPECT_GT(c.red(), 200) << c.name().toStdString();
    EXPECT_GT(c.green(), 170) << c.name().toStdString();
    EXPECT_LT(c.blue(), 100) << c.name().toStdString();
  }
  guitest::saveScreenshot(window, artefacts / "04-target-dragged-3mm.png");

  // --- Simulate 4 mL through the Simulate page (off the UI thread).
  goToStep(window, ui::WorkflowStep::kSimulate);
  ASSERT_EQ(window.model().step(), ui::WorkflowStep::kSimulate);
  ui::SimulatePage* simulate = panel->simulatePage();
  simulate->volumeBox()->setValue(4.0);
  QTest::mouseClick(simulate->runButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor(
      [&] { return window.model().simulation() != nullptr && !window.isBusy(); }, 600'000))
      << panel->messageLabel()->text().toStdString();
  ASSERT_FALSE(window.model().simulationIsStale());
  ASSERT_EQ(window.model().simulation()->levels.size(), 1u);
  const cement::CementResult& cementResult = window.model().simulation()->levels[0].result;
  EXPECT_NEAR(cementResult.injectedMl, 4.0, 0.05);
  QTest::qWait(200);
  guitest::saveScreenshot(window, artefacts / "05-simulated-4mL.png");

  // --- Review: both needles of L3 side by side with the plan's values and units.
  goToStep(window, ui::WorkflowStep::kReview);
  ASSERT_EQ(window.model().step(), ui::WorkflowStep::kReview);
  ui::ReviewPage* review = panel->reviewPage();
  ASSERT_TRUE(review->isVisible());
  QTableWidget* table = review->levelTable("L3");
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->columnCount(), 2);
  const core::Plan& plan = window.model().plan();
  for (int c = 0; c < 2; ++c) {
    const core::Needle& n = plan.needles[static_cast<size_t>(c)];
    EXPECT_EQ(table->horizontalHeaderItem(c)->text().toStdString(), n.id);
    const auto& m = n.assessment.metrics;
    EXPECT_EQ(cell(table, "Verdict", c).toStdString(), core::toString(n.assessment.verdict));
    EXPECT_EQ(cell(table, "Transverse angle", c),
              QString("%1°").arg(m.transverseAngleDeg, 0, 'f', 1));
    EXPECT_EQ(cell(table, "Sagittal angle", c), QString("%1°").arg(m.sagittalAngleDeg, 0, 'f', 1));
    EXPECT_EQ(cell(table, "Skin to target", c), QString("%1 mm").arg(m.skinToTargetMm, 0, 'f', 1));
    EXPECT_EQ(cell(table, "Pedicle wall margin", c),
              QString("%1 mm").arg(m.pedicleWallMarginMm, 0, 'f', 1));
    EXPECT_EQ(cell(table, "Canal margin", c), QString("%1 mm").arg(m.canalMarginMm, 0, 'f', 1));
  }
  // The cement result of the run just made, with units, as the report will print it.
  ASSERT_NE(review->cementLabel("L3"), nullptr);
  const report::CementSummary cementSummary = report::cementSummaryOf("L3", cementResult);
  const QString cementText = review->cementLabel("L3")->text();
  EXPECT_TRUE(cementText.contains("simulated")) << cementText.toStdString();
  for (const auto& m : {cementSummary.injected, cementSummary.retained, cementSummary.leaked,
                        cementSummary.bodyFill})
    EXPECT_TRUE(cementText.contains(QString::fromStdString(report::formatMeasure(m))))
        << cementText.toStdString() << " lacks " << report::formatMeasure(m);
  // The axial slice along each needle, made off the UI thread: a real CT picture, not blank.
  guitest::StallMonitor stalls;
  ASSERT_TRUE(guitest::waitFor([&] { return review->slicesReady(); }, 60'000));
  QTest::qWait(50);
  for (const auto& n : plan.needles) {
    QLabel* slice = review->sliceImage(QString::fromStdString(n.id));
    ASSERT_NE(slice, nullptr) << n.id;
    const QPixmap pixmap = slice->pixmap();
    ASSERT_FALSE(pixmap.isNull()) << n.id;
    const double sd = lumaStdDev(pixmap.toImage());
    std::printf("review slice %s: %d x %d px, grey spread %.1f\n", n.id.c_str(), pixmap.width(),
                pixmap.height(), sd);
    EXPECT_GT(sd, 15.0) << n.id;
  }
  // Notes and author typed in; the approver approves.
  review->notesEdit()->setFocus();
  QTest::keyClicks(review->notesEdit(), "L3 fracture, Genant 2");
  EXPECT_EQ(window.model().plan().notes, "L3 fracture, Genant 2");
  replaceText(review->authorEdit(), "Dr Test Planner");
  EXPECT_EQ(window.model().plan().author, "Dr Test Planner");
  replaceText(review->approverEdit(), "Dr Test Approver");
  EXPECT_FALSE(window.model().plan().approval.approved());
  QTest::mouseClick(review->approveButton(), Qt::LeftButton);
  ASSERT_TRUE(window.model().plan().approval.approved());
  EXPECT_EQ(window.model().plan().approval.approvedBy, "Dr Test Approver");
  EXPECT_TRUE(review->approvalLabel()->text().contains("Approved by Dr Test Approver"))
      << review->approvalLabel()->text().toStdString();
  EXPECT_FALSE(review->approveButton()->isEnabled());
  EXPECT_TRUE(review->noticeLabel()->isHidden());
  guitest::saveScreenshot(window, artefacts / "06-review-approved.png");

  // An edit of the approved plan (the target dragged again) withdraws the approval, visibly;
  // undo brings the approved plan back.
  const core::Plan approved = window.model().plan();
  dragTarget(axial, approved.needles[0], {0, 2, 0});
  EXPECT_FALSE(window.model().plan().approval.approved());
  EXPECT_FALSE(review->noticeLabel()->isHidden());
  EXPECT_TRUE(review->noticeLabel()->text().contains("withdrawn"))
      << review->noticeLabel()->text().toStdString();
  EXPECT_TRUE(review->approveButton()->isEnabled());
  EXPECT_TRUE(panel->messageLabel()->text().contains("withdrawn"))
      << panel->messageLabel()->text().toStdString();
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "07-approval-withdrawn.png");
  window.activateWindow();
  if (!QTest::qWaitForWindowActive(&window, 2000)) QApplication::setActiveWindow(&window);
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  EXPECT_EQ(window.model().plan(), approved);
  EXPECT_TRUE(review->noticeLabel()->isHidden());
  EXPECT_FALSE(window.model().simulationIsStale()) << "the simulated needles are back";

  // --- Export: the PDF off the UI thread, with progress, then where it went.
  goToStep(window, ui::WorkflowStep::kExport);
  ASSERT_EQ(window.model().step(), ui::WorkflowStep::kExport);
  ui::ExportPage* exporter = panel->exportPage();
  ASSERT_TRUE(exporter->isVisible());
  EXPECT_TRUE(exporter->approvalLabel()->text().contains("Dr Test Approver"));
  // A folder that does not exist: the error names the file and the reason.
  const std::string badPath = (artefacts / "no-such-folder" / "report.pdf").string();
  replaceText(exporter->pdfPathEdit(), QString::fromStdString(badPath));
  QTest::mouseClick(exporter->exportButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  const std::string badResult = exporter->resultLabel()->text().toStdString();
  EXPECT_TRUE(has(badResult, badPath)) << badResult;
  EXPECT_TRUE(has(badResult, "does not exist")) << badResult;

  const auto pdfPath = artefacts / "report.pdf";
  std::filesystem::remove(pdfPath);
  replaceText(exporter->pdfPathEdit(), QString::fromStdString(pdfPath.string()));
  replaceText(exporter->authorEdit(), "Dr Test Author");
  EXPECT_FALSE(exporter->deidentifyBox()->isChecked());
  stalls.reset();
  QElapsedTimer exportClock;
  exportClock.start();
  QTest::mouseClick(exporter->exportButton(), Qt::LeftButton);
  EXPECT_TRUE(window.isBusy()) << "the export runs on a worker";
  bool progressSeen = false;
  ASSERT_TRUE(guitest::waitFor(
      [&] {
        progressSeen = progressSeen || panel->progressBar()->isVisible();
        return !window.isBusy();
      },
      300'000));
  const double exportS = exportClock.nsecsElapsed() * 1e-9;
  const double exportStallMs = stalls.maxStallMs();
  const double slowdown = guitest::schedulingSlowdown();
  std::printf(
      "export: %.1f s; longest UI-thread stall %.1f ms over %d ticks; scheduling slowdown %.2f\n",
      exportS, exportStallMs, stalls.ticks(), slowdown);
  EXPECT_LT(exportStallMs, kMaxStallMs * slowdown);
  EXPECT_TRUE(progressSeen);
  const std::string result = exporter->resultLabel()->text().toStdString();
  ASSERT_TRUE(exporter->lastWritten().has_value()) << result;
  EXPECT_TRUE(has(result, std::filesystem::absolute(pdfPath).string())) << result;
  ASSERT_TRUE(std::filesystem::exists(pdfPath));
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "08-exported.png");

  // The plan JSON from the same page, approval included.
  const auto planPath = artefacts / "plan.json";
  replaceText(exporter->planPathEdit(), QString::fromStdString(planPath.string()));
  QTest::mouseClick(exporter->savePlanButton(), Qt::LeftButton);
  auto saved = core::loadPlan(planPath);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  EXPECT_EQ(saved->approval.approvedBy, "Dr Test Approver");
  EXPECT_EQ(saved->notes, "L3 fracture, Genant 2");
  EXPECT_FALSE(window.windowTitle().endsWith("*"));

  // --- The PDF as a reader sees it: levels, angles, lengths, volumes, verdicts, people.
  const std::string text = testsupport::pdfText(pdfPath);
  report::ReportSources sources;
  sources.cement = {cementSummary};
  const report::ReportContent expected = report::buildReport(window.model().plan(), sources);
  const report::LevelReport* l3 = expected.findLevel("L3");
  ASSERT_NE(l3, nullptr);
  EXPECT_TRUE(has(text, "L3 - bipedicular")) << text.substr(0, 2000);
  EXPECT_TRUE(has(text, report::formatMeasure(l3->plannedVolume))) << "planned cement volume";
  // The simulated cement: injected, retained and leaked volumes and the body fill.
  ASSERT_TRUE(l3->cement.has_value());
  EXPECT_TRUE(has(text, "L3 cement simulation"));
  for (const auto& m :
       {l3->cement->injected, l3->cement->retained, l3->cement->leaked, l3->cement->bodyFill})
    EXPECT_TRUE(has(text, report::formatMeasure(m))) << "cement " << report::formatMeasure(m);
  for (const auto& n : l3->needles) {
    for (const std::string& s :
         {n.id, report::formatMeasure(n.transverseAngle), report::formatMeasure(n.sagittalAngle),
          report::formatMeasure(n.skinToTarget), report::formatMeasure(n.canalMargin),
          report::verdictText(n.verdict), n.downTheBarrel})
      EXPECT_TRUE(has(text, s)) << n.id << ": " << s;
  }
  EXPECT_TRUE(has(text, "Approved in the workstation by Dr Test Approver on " +
                            window.model().plan().approval.approvedUtc));
  EXPECT_TRUE(has(text, "Dr Test Author"));
  EXPECT_TRUE(has(text, "L3 fracture, Genant 2"));

  // Its key images are pictures, not blank: the 3D view, AP, lateral, a slice per needle.
  const report_pdf::PdfSummary& pdf = exporter->lastWritten()->pdf;
  EXPECT_EQ(pdf.images.size(), 5u);
  std::map<int, testsupport::GrayPage> pages;
  for (const auto& placed : pdf.images) {
    if (!pages.count(placed.page))
      pages[placed.page] = testsupport::rasterPage(pdfPath, placed.page, 50);
    const double sd = testsupport::regionStdDev(pages[placed.page], placed.xMm, placed.yMm,
                                                placed.widthMm, placed.heightMm);
    std::printf("PDF image \"%s\" page %d: grey spread %.1f\n", placed.title.c_str(), placed.page,
                sd);
    EXPECT_GT(sd, 10.0) << placed.title;
  }

  // De-identified from the same page: the notes (free text) are left out.
  const auto deidPath = artefacts / "report-deidentified.pdf";
  replaceText(exporter->pdfPathEdit(), QString::fromStdString(deidPath.string()));
  exporter->deidentifyBox()->setChecked(true);
  QTest::mouseClick(exporter->exportButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  ASSERT_TRUE(std::filesystem::exists(deidPath)) << exporter->resultLabel()->text().toStdString();
  const std::string deidText = testsupport::pdfText(deidPath);
  EXPECT_FALSE(has(deidText, "L3 fracture, Genant 2"));
  EXPECT_TRUE(has(deidText, "Dr Test Approver")) << "the approver is staff, not the patient";
  std::printf("screenshots and report in %s\n", artefacts.c_str());
}
