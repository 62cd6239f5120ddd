#include <gtest/gtest.h>

#include <cstdlib>

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

#include "GuiTestSupport.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;

namespace {
const char* kSample = "totalseg/example_ct.nii.gz";

QMessageBox* findRecoveryBox() {
  for (QWidget* w : QApplication::topLevelWidgets())
    if (w->objectName() == "recoveryBox" && w->isVisible()) return qobject_cast<QMessageBox*>(w);
  return nullptr;
}
}  // namespace

// A session that ends without saving or discarding its plan (as a crash does: no close, no save)
// leaves its autosave behind; the next window offers the plan back and restores it intact with
// its case.
TEST(Workstation, OffersAnUnsavedPlanBackAfterTheSessionDiedAndRestoresItIntact) {
  TROCAR_REQUIRE_SHARED(kSample);
  const auto config = testsupport::scratchDir("gui-recovery");
  setenv("TROCAR_CONFIG_DIR", config.c_str(), 1);
  setenv("TROCAR_SAMPLE_CASE", testsupport::sharedFile(kSample).c_str(), 1);
  guitest::application();

  core::Plan edited;
  {
    auto window = std::make_unique<ui::MainWindow>();
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    QTest::qWait(50);
    EXPECT_EQ(findRecoveryBox(), nullptr) << "nothing to recover at first";
    window->openSampleCase();
    ASSERT_TRUE(
        guitest::waitFor([&] { return window->model().hasCase() && !window->isBusy(); }, 60'000));
    // A plan edit, as the plan step makes them: one needle around the cursor.
    core::Plan plan;
    plan.caseReference = plan::caseReferenceOf(window->model().volume());
    core::PlannedLevel level;
    level.name = "L3";
    plan.levels.push_back(level);
    core::Needle n;
    n.id = "L3-left";
    n.level = "L3";
    const core::Vec3 c = window->model().focus();
    n.targetMm = c;
    n.boneEntryMm = c + core::Vec3{12.5, 30.25, 1};
    n.skinEntryMm = c + core::Vec3{30, 80.125, 2};
    plan.needles.push_back(n);
    plan.notes = "dragged 3 mm";
    window->model().setPlan(plan, "Move L3-left target");
    edited = window->model().plan();
    ASSERT_TRUE(guitest::waitFor(
        [&] { return ui::PlanAutosave(config / "autosave-plan.json").pending().has_value(); },
        5000));
    // The session dies here: the window goes without a save, a discard or a close event.
  }

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
  EXPECT_EQ(window.model().casePath(), testsupport::sharedFile(kSample));
  EXPECT_TRUE(window.windowTitle().endsWith("*")) << "restored work is still unsaved";
  // Saving it removes the autosave: the next start offers nothing.
  ASSERT_TRUE(window.savePlanTo(QString::fromStdString((config / "plan.json").string())));
  EXPECT_FALSE(ui::PlanAutosave(config / "autosave-plan.json").pending().has_value());
}
