// Export > Send to PACS through the widgets: the page's fields (remembered between sessions) and
// the whole window sending the lumbar plan's report into a real Orthanc off the UI thread.
#include <gtest/gtest.h>

#include <filesystem>

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <nlohmann/json.hpp>

#include "GuiTestSupport.h"
#include "OrthancServer.h"
#include "TestFiles.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/ExportPage.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;

namespace {

constexpr double kMaxStallMs = 100;  // the UI-thread budget of the other GUI tests

void replaceText(QLineEdit* edit, const QString& text) {
  edit->selectAll();
  QTest::keyClick(edit, Qt::Key_Delete);
  QTest::keyClicks(edit, text);
}

bool has(const QString& text, const std::string& part) {
  return text.toStdString().find(part) != std::string::npos;
}

}  // namespace

TEST(PacsExportPage, AsksWithTheTypedPeerAndRemembersIt) {
  guitest::sampleSession("gui-pacs-page");  // a fresh config folder: nothing remembered yet
  {
    ui::ExportPage page;
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    EXPECT_TRUE(page.pacsHostEdit()->text().isEmpty());
    EXPECT_EQ(page.pacsPortBox()->value(), 104);
    QSignalSpy asked(&page, &ui::ExportPage::sendToPacsRequested);
    replaceText(page.pdfPathEdit(), "/tmp/r.pdf");
    QTest::mouseClick(page.sendButton(), Qt::LeftButton);
    EXPECT_EQ(asked.count(), 0);
    EXPECT_TRUE(has(page.resultLabel()->text(), "host and AE title")) << "no host yet";

    replaceText(page.pacsHostEdit(), "pacs.example.org");
    page.pacsPortBox()->setValue(11112);
    replaceText(page.pacsAeTitleEdit(), "ORTHANC");
    page.deidentifyBox()->setChecked(true);
    QTest::mouseClick(page.sendButton(), Qt::LeftButton);
    ASSERT_EQ(asked.count(), 1);
    const QList<QVariant> args = asked.takeFirst();
    EXPECT_EQ(args[0].toString(), "/tmp/r.pdf");
    EXPECT_TRUE(args[1].toBool());
    EXPECT_EQ(args[3].toString(), "pacs.example.org:11112");
    EXPECT_EQ(args[4].toString(), "ORTHANC");
  }
  ui::ExportPage next;  // the next session's page
  EXPECT_EQ(next.pacsHostEdit()->text(), "pacs.example.org");
  EXPECT_EQ(next.pacsPortBox()->value(), 11112);
  EXPECT_EQ(next.pacsAeTitleEdit()->text(), "ORTHANC");
}

// Open the lumbar sample, segment, plan L3, then Send to PACS: first as identified, which the
// sample (a NIfTI volume: no patient, no study) cannot be, with the reason on the page; then
// de-identified, which arrives in Orthanc.
TEST(PacsExportWindow, SendsTheLumbarReportToOrthancOffTheUiThread) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  const auto artefacts = guitest::sampleSession("gui-pacs-window");
  testexport::OrthancServer orthanc(artefacts / "orthanc", "ORTHANC");
  ASSERT_TRUE(orthanc.running()) << orthanc.error();

  ui::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  auto* panel = window.panel();
  ASSERT_EQ(guitest::openAndSegmentSample(window), "");
  QListWidget* levels = panel->planLevelList();
  for (int i = 0; i < levels->count(); ++i)
    if (levels->item(i)->text() == "L3") levels->item(i)->setCheckState(Qt::Checked);
  QTest::mouseClick(panel->proposeButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  ASSERT_FALSE(window.model().plan().needles.empty());

  QListWidget* steps = panel->stepList();
  const int exportRow = static_cast<int>(ui::WorkflowStep::kExport);
  QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                    steps->visualItemRect(steps->item(exportRow)).center());
  ui::ExportPage* page = panel->exportPage();
  ASSERT_TRUE(page->isVisible());
  const auto pdfPath = artefacts / "report.pdf";
  replaceText(page->pdfPathEdit(), QString::fromStdString(pdfPath.string()));
  replaceText(page->pacsHostEdit(), "127.0.0.1");
  page->pacsPortBox()->setValue(orthanc.dicomPort());
  replaceText(page->pacsAeTitleEdit(), "ORTHANC");

  QTest::mouseClick(page->sendButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  EXPECT_TRUE(has(page->resultLabel()->text(), "Report not sent"));
  EXPECT_TRUE(has(page->resultLabel()->text(), "Study Instance UID"))
      << page->resultLabel()->text().toStdString();
  EXPECT_FALSE(std::filesystem::exists(pdfPath)) << "refused before writing the PDF";

  page->deidentifyBox()->setChecked(true);
  guitest::StallMonitor stalls;
  stalls.reset();
  QTest::mouseClick(page->sendButton(), Qt::LeftButton);
  EXPECT_TRUE(window.isBusy()) << "the send runs on a worker";
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  const double stallMs = stalls.maxStallMs();
  const double slowdown = guitest::schedulingSlowdown();
  std::printf("send: longest UI-thread stall %.1f ms over %d ticks; scheduling slowdown %.2f\n",
              stallMs, stalls.ticks(), slowdown);
  EXPECT_LT(stallMs, kMaxStallMs * slowdown);
  const QString result = page->resultLabel()->text();
  EXPECT_TRUE(
      has(result, "Report sent to ORTHANC at 127.0.0.1:" + std::to_string(orthanc.dicomPort())))
      << result.toStdString();
  guitest::saveScreenshot(window, artefacts / "sent-to-pacs.png");

  const auto instances = nlohmann::json::parse(orthanc.get("/instances"), nullptr, false);
  ASSERT_TRUE(instances.is_array());
  ASSERT_EQ(instances.size(), 1u);
  const std::string id = instances[0].get<std::string>();
  const auto tags =
      nlohmann::json::parse(orthanc.get("/instances/" + id + "/tags?simplify"), nullptr, false);
  ASSERT_TRUE(tags.is_object());
  EXPECT_EQ(tags.value("SOPClassUID", ""), dicom_export::kEncapsulatedPdfStorage);
  EXPECT_EQ(tags.value("PatientIdentityRemoved", ""), "YES");
  EXPECT_EQ(tags.value("PatientName", "<absent>"), "");
  // What Orthanc holds is the PDF the page wrote, de-identified.
  const std::string dcm = (pdfPath.parent_path() / "report.dcm").string();
  ASSERT_TRUE(std::filesystem::exists(dcm));
  EXPECT_EQ(testexport::encapsulatedBytes(dcm).substr(0, std::filesystem::file_size(pdfPath)),
            testexport::fileBytes(pdfPath));
}
