#include <gtest/gtest.h>

#include <cstdlib>

#include <QApplication>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTest>

#include "GuiTestSupport.h"
#include "trocar/core/PlanJson.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;

namespace {

QMessageBox* findRecoveryBox() {
  for (QWidget* w : QApplication::topLevelWidgets())
    if (w->objectName() == "recoveryBox" && w->isVisible()) return qobject_cast<QMessageBox*>(w);
  return nullptr;
}
}  // namespace

// The child process of the test below: opens the sample case, makes a plan edit, reports the
// plan once it is autosaved, and waits to be killed. Runs only when the parent asks for it.
TEST(WorkstationChild, EditsAPlanAndWaitsToBeKilled) {
  const char* role = std::getenv("TROCAR_TEST_CHILD");
  if (role == nullptr || std::string(role) != "edit-and-wait")
    GTEST_SKIP() << "runs as the child of the crash test";
  guitest::application();
  ui::MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.openSampleCase();
  ASSERT_TRUE(guitest::waitForCase(window));
  // A plan edit, as the plan step makes them: one needle around the cursor.
  core::Plan plan;
  plan.caseReference = plan::caseReferenceOf(window.model().volume());
  core::PlannedLevel level;
  level.name = "L3";
  plan.levels.push_back(level);
  core::Needle n;
  n.id = std::string("L3-left");
  n.level = "L3";
  const core::Vec3 c = window.model().focus();
  n.targetMm = c;
  n.boneEntryMm = c + core::Vec3{12.5, 30.25, 1};
  n.skinEntryMm = c + core::Vec3{30, 80.125, 2};
  plan.needles.push_back(n);
  plan.notes = "dragged 3 mm";
  window.model().setPlan(plan, "Move L3-left target");
  const auto config = std::filesystem::path(std::getenv("TROCAR_CONFIG_DIR"));
  ASSERT_TRUE(guitest::waitFor(
      [&] { return ui::PlanAutosave(config / "autosave-plan.json").pending().has_value(); }, 5000));
  // What the parent must get back, written only now that the autosave exists.
  ASSERT_TRUE(core::savePlan(window.model().plan(), config / "expected-plan.json").ok());
  guitest::waitFor([] { return false; }, 120'000);  // killed long before
}

// The application is killed (SIGKILL) in the middle of planning; started again, it offers the
// unsaved plan back and restores it intact, with its case.
TEST(Workstation, OffersTheUnsavedPlanBackAfterBeingKilledAndRestoresItIntact) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  const auto config = guitest::sampleSession("gui-recovery");

  QProcess child;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("TROCAR_TEST_CHILD", "edit-and-wait");
  child.setProcessEnvironment(env);
  child.setProcessChannelMode(QProcess::ForwardedChannels);
  child.start(QCoreApplication::applicationFilePath(),
              {"--gtest_filter=WorkstationChild.EditsAPlanAndWaitsToBeKilled"});
  ASSERT_TRUE(child.waitForStarted(10'000));
  ASSERT_TRUE(guitest::waitFor(
      [&] { return std::filesystem::exists(config / "expected-plan.json"); }, 120'000))
      << "the child never saved its plan";
  QTest::qWait(100);
  child.kill();  // SIGKILL: no close event, no destructor, no save
  ASSERT_TRUE(child.waitForFinished(10'000));
  EXPECT_EQ(child.exitStatus(), QProcess::CrashExit);
  auto expected = core::loadPlan(config / "expected-plan.json");
  ASSERT_TRUE(expected.ok()) << expected.error().message();
  const core::Plan edited = expected.value();

  ui::MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QMessageBox* box = nullptr;
  ASSERT_TRUE(guitest::waitFor([&] { return (box = findRecoveryBox()) != nullptr; }, 5000));
  EXPECT_TRUE(box->text().contains("1 needles")) << box->text().toStdString();
  guitest::saveScreenshot(*box, config / "recovery-offer.png");
  auto* restore = box->findChild<QPushButton*>("restorePlan");
  ASSERT_NE(restore, nullptr);
  QTest::mouseClick(restore, Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor(
      [&] {
        return window.model().hasCase() && !window.isBusy() &&
               !window.model().plan().needles.empty();
      },
      60'000));
  EXPECT_EQ(window.model().plan(), edited) << "every field of the plan, intact";
  EXPECT_EQ(window.model().casePath(), testsupport::sharedFile(guitest::kSampleCase));
  EXPECT_TRUE(window.windowTitle().endsWith("*")) << "restored work is still unsaved";
  // Saving it removes the autosave: the next start offers nothing.
  ASSERT_TRUE(window.savePlanTo(QString::fromStdString((config / "plan.json").string())));
  EXPECT_FALSE(ui::PlanAutosave(config / "autosave-plan.json").pending().has_value());
}
