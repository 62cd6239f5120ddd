#include <gtest/gtest.h>

#include <cstdlib>

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QWheelEvent>

#include <vtkRenderer.h>

#include "GuiTestSupport.h"
#include "trocar/core/PlanJson.h"
#include "trocar/render/LevelColors.h"
#include "trocar/segment/Levels.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/SliceView.h"
#include "trocar/ui/SpineView.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;
using guitest::spread;

namespace {

// The UI thread must never go longer than this without serving events (the acceptance),
// on a machine of its own; see guitest::schedulingSlowdown for a shared one.
constexpr double kMaxStallMs = 100;

QColor pixelAt(ui::SliceView* view, const QImage& image, const core::Vec3& pointMm) {
  const QPoint p = view->widgetPosOf(pointMm) * view->devicePixelRatioF();
  return image.pixelColor(p);
}

// The channel order of a colour, largest first: survives shading and blending with grey.
std::array<int, 3> order(double r, double g, double b) {
  std::array<int, 3> idx{0, 1, 2};
  const double c[3] = {r, g, b};
  std::sort(idx.begin(), idx.end(), [&](int x, int y) { return c[x] > c[y]; });
  return idx;
}

void wheel(QWidget* view, int notches) {
  const QPointF centre(view->width() / 2.0, view->height() / 2.0);
  QWheelEvent event(centre, view->mapToGlobal(centre), QPoint(), QPoint(0, 120 * notches),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(view, &event);
}

}  // namespace

TEST(Workstation, OpensAndSegmentsTheLumbarSampleCaseThroughTheWidgets) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  const auto artefacts = guitest::sampleSession("gui-workstation");

  ui::MainWindow window;
  window.resize(1280, 860);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  guitest::saveScreenshot(window, artefacts / "01-start.png");
  auto* panel = window.panel();
  EXPECT_FALSE(panel->segmentButton()->isEnabled());

  // --- Open: the sample case button, loaded off the UI thread.
  guitest::StallMonitor stalls;
  QTest::mouseClick(panel->sampleCaseButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitForCase(window)) << panel->messageLabel()->text().toStdString();
  QTest::qWait(200);  // the views' first frames
  const double loadStallMs = stalls.maxStallMs();
  const double loadSlowdown = guitest::schedulingSlowdown();
  std::printf("load: longest UI-thread stall %.1f ms over %d ticks; scheduling slowdown %.2f\n",
              loadStallMs, stalls.ticks(), loadSlowdown);
  EXPECT_LT(loadStallMs, kMaxStallMs * loadSlowdown);
  EXPECT_EQ(window.model().step(), ui::WorkflowStep::kSegment);
  EXPECT_TRUE(panel->segmentButton()->isEnabled());
  EXPECT_EQ(panel->recentList()->count(), 1);
  guitest::saveScreenshot(window, artefacts / "02-opened.png");

  // The axial view shows the CT: air black at the corners, the body lit, bone bright in the
  // bone window. The sample's axial slices are 122 x 101 voxels of 3 mm.
  ui::SliceView* axial = window.axialView();
  {
    const QImage image = axial->grabFramebuffer();
    int lit = 0, bright = 0;
    for (int y = 0; y < image.height(); y += 2)
      for (int x = 0; x < image.width(); x += 2) {
        const QColor c = image.pixelColor(x, y);
        lit += c.value() > 40;
        bright += c.red() > 180 && spread(c) < 40;
      }
    const int samples = (image.height() / 2) * (image.width() / 2);
    EXPECT_GT(lit, samples / 10) << "the body should fill a good part of the view";
    EXPECT_GT(bright, 50) << "cortical bone should be near white in the bone window";
    EXPECT_LT(image.pixelColor(3, image.height() - 3).value(), 30) << "air in the corner";
  }

  // --- Scrolling: a wheel notch moves one slice, and the other views follow the cursor.
  const int sliceBefore = axial->scene().sliceIndex();
  const double zBefore = window.model().focus().z;
  wheel(axial, 1);
  EXPECT_EQ(axial->scene().sliceIndex(), sliceBefore - 1);  // forward = superior = lower index
  // The cursor starts at the volume centre, between two of the 112 slices: the first step snaps
  // onto the slice above, then steps are whole slices of 3 mm.
  EXPECT_GT(window.model().focus().z - zBefore, 0.0);
  EXPECT_LE(window.model().focus().z - zBefore, 3.0 + 1e-6);
  EXPECT_NEAR(window.sagittalView()->scene().focusPoint().z, window.model().focus().z, 1e-6);
  const double zAfterWheel = window.model().focus().z;
  QTest::keyClick(axial, Qt::Key_PageUp);
  EXPECT_EQ(axial->scene().sliceIndex(), sliceBefore - 2);
  EXPECT_NEAR(window.model().focus().z - zAfterWheel, 3.0, 1e-6);
  QTest::keyClick(axial, Qt::Key_PageDown);
  QTest::keyClick(axial, Qt::Key_PageDown);
  EXPECT_EQ(axial->scene().sliceIndex(), sliceBefore);

  // --- Segment: through the button, off the UI thread, with the progress bar showing.
  stalls.reset();
  QTest::mouseClick(panel->segmentButton(), Qt::LeftButton);
  EXPECT_TRUE(window.isBusy());
  bool progressSeen = false;
  ASSERT_TRUE(guitest::waitFor(
      [&] {
        progressSeen = progressSeen || panel->progressBar()->value() > 0;
        return window.model().hasAnatomy() && !window.isBusy();
      },
      600'000))
      << panel->messageLabel()->text().toStdString();
  QTest::qWait(300);
  const double segmentStallMs = stalls.maxStallMs();
  const double segmentSlowdown = guitest::schedulingSlowdown();
  std::printf("segment: longest UI-thread stall %.1f ms over %d ticks; scheduling slowdown %.2f\n",
              segmentStallMs, stalls.ticks(), segmentSlowdown);
  EXPECT_LT(segmentStallMs, kMaxStallMs * segmentSlowdown);
  EXPECT_TRUE(progressSeen);
  const auto& anatomy = window.model().anatomy();
  EXPECT_EQ(panel->levelTable()->rowCount(), static_cast<int>(anatomy.vertebrae.size()));
  const segment::VertebraAnatomy* l3 = anatomy.find(22);
  ASSERT_NE(l3, nullptr) << "L3 should be found in the lumbar sample";
  guitest::saveScreenshot(window, artefacts / "03-segmented.png");

  // --- Put the cursor on L3's body by clicking in the coronal view (x, z) and then in the axial
  // view (x, y), as a user would.
  const core::Vec3 body = l3->bodyCentroidMm;
  ui::SliceView* coronal = window.coronalView();
  QTest::mouseClick(coronal, Qt::LeftButton, {}, coronal->widgetPosOf(body));
  QTest::mouseClick(axial, Qt::LeftButton, {}, axial->widgetPosOf(body));
  const core::Vec3 focus = window.model().focus();
  // Within a screen pixel of ~0.7 mm per pixel and half a 3 mm slice.
  EXPECT_NEAR(focus.x, body.x, 1.5);
  EXPECT_NEAR(focus.y, body.y, 1.5);
  EXPECT_NEAR(focus.z, body.z, 1.6);
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "04-cursor-on-L3.png");

  // The axial view tints L3's body with the L3 colour; with labels hidden it is grey again.
  const render::Rgb l3Colour = render::levelColor(22);
  QColor tinted =
      pixelAt(axial, axial->grabFramebuffer(), body + core::Vec3{4, 0, 0});  // beside the crosshair
  EXPECT_EQ(order(tinted.red(), tinted.green(), tinted.blue()),
            order(l3Colour[0], l3Colour[1], l3Colour[2]))
      << tinted.name().toStdString();
  EXPECT_GT(spread(tinted), 25) << tinted.name().toStdString();
  QTest::keyClick(axial, Qt::Key_L);
  const QColor plain = pixelAt(axial, axial->grabFramebuffer(), body + core::Vec3{4, 0, 0});
  EXPECT_LT(spread(plain), 8) << plain.name().toStdString();
  EXPECT_GT(plain.value(), 40) << "cancellous bone is not black in the bone window";
  QTest::keyClick(axial, Qt::Key_L);

  // The 3D view shows L3's surface in the L3 colour where its body projects (AP view, through
  // the translucent skin).
  ui::SpineView* spine = window.spineView();
  const QImage spineImage = spine->grabFramebuffer();
  vtkRenderer* renderer = spine->scene().renderer();
  renderer->SetWorldPoint(body.x, body.y, body.z, 1);
  renderer->WorldToDisplay();
  double d[3];
  renderer->GetDisplayPoint(d);
  const QPoint surfacePixel = (spine->toWidget(d[0], d[1]) * spine->devicePixelRatioF()).toPoint();
  const QColor surface = spineImage.pixelColor(surfacePixel);
  std::printf("3D: L3 body projects to display (%.0f, %.0f), pixel (%d, %d) of %d x %d: %s\n", d[0],
              d[1], surfacePixel.x(), surfacePixel.y(), spineImage.width(), spineImage.height(),
              qPrintable(surface.name()));
  EXPECT_EQ(order(surface.red(), surface.green(), surface.blue())[0],
            order(l3Colour[0], l3Colour[1], l3Colour[2])[0])
      << surface.name().toStdString();
  EXPECT_GT(spread(surface), 25) << surface.name().toStdString();
  spineImage.save(QString::fromStdString((artefacts / "05-3d.png").string()));

  // --- Window presets: key 2 gives every slice view the soft-tissue window.
  QTest::keyClick(axial, Qt::Key_2);
  for (ui::SliceView* v : {axial, window.sagittalView(), coronal})
    EXPECT_EQ(v->scene().windowLevel(), render::softTissueWindow());
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "06-soft-tissue.png");

  // --- Plan: L3 bipedicular, 11 G, through the plan page.
  EXPECT_EQ(window.model().step(), ui::WorkflowStep::kPlan);
  QListWidget* levels = panel->planLevelList();
  QListWidgetItem* l3Item = nullptr;
  for (int i = 0; i < levels->count(); ++i)
    if (levels->item(i)->text() == "L3") l3Item = levels->item(i);
  ASSERT_NE(l3Item, nullptr);
  l3Item->setCheckState(Qt::Checked);
  QTest::mouseClick(panel->proposeButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  const core::Plan& plan = window.model().plan();
  ASSERT_EQ(plan.needles.size(), 2u) << panel->messageLabel()->text().toStdString();
  EXPECT_EQ(panel->needleTable()->rowCount(), 2);
  EXPECT_TRUE(window.windowTitle().endsWith("*")) << "unsaved plan";
  QTest::qWait(200);
  guitest::saveScreenshot(window, artefacts / "07-plan-L3.png");
  // Each needle is drawn in the needle colour where it projects on the axial view (halfway from
  // the skin to the bone entry: away from the crosshair, which is on the first target).
  const QImage planned = axial->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
  for (const auto& needle : plan.needles) {
    const QColor c = pixelAt(axial, planned, (needle.skinEntryMm + needle.boneEntryMm) * 0.5);
    EXPECT_GT(c.red(), 200) << needle.id << " " << c.name().toStdString();
    EXPECT_GT(c.green(), 170) << needle.id << " " << c.name().toStdString();
    EXPECT_LT(c.blue(), 100) << needle.id << " " << c.name().toStdString();
  }
  // Undo removes the proposal, redo brings it back (the window's shortcuts need it active; Xvfb
  // has no window manager to activate it).
  window.activateWindow();
  if (!QTest::qWaitForWindowActive(&window, 2000)) QApplication::setActiveWindow(&window);
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  EXPECT_TRUE(window.model().plan().needles.empty());
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  EXPECT_EQ(window.model().plan().needles.size(), 2u);
  // Drag the first needle's target 3 mm to the patient's left in the axial view: the metrics,
  // verdict and table follow, and the whole drag is one undo step.
  const core::Needle before = window.model().plan().needles[0];
  const QPoint from = axial->widgetPosOf(before.targetMm);
  const QPoint to = axial->widgetPosOf(before.targetMm + core::Vec3{3, 0, 0});
  QTest::mousePress(axial, Qt::LeftButton, {}, from);
  QTest::mouseMove(axial, (from + to) / 2);
  // One drag step (reassessment, model, table) must fit in a frame at 30 frames per second.
  QElapsedTimer stepClock;
  stepClock.start();
  QTest::mouseMove(axial, to);
  const double stepMs = stepClock.nsecsElapsed() * 1e-6;
  const double dragSlowdown = guitest::schedulingSlowdown();
  std::printf("drag step: metrics updated in %.1f ms (scheduling slowdown %.2f)\n", stepMs,
              dragSlowdown);
  EXPECT_LT(stepMs, 33.0 * dragSlowdown);
  EXPECT_NEAR(core::distance(window.model().plan().needles[0].targetMm, before.targetMm), 3.0, 1.0)
      << "the point follows the mouse before the button is released";
  QTest::mouseRelease(axial, Qt::LeftButton, {}, to);
  const core::Needle after = window.model().plan().needles[0];
  // Within a screen pixel (~0.8 mm here) of 3 mm, in the slice plane.
  EXPECT_NEAR(core::distance(after.targetMm, before.targetMm), 3.0, 1.0);
  EXPECT_NEAR(after.targetMm.z, before.targetMm.z, 1e-9);
  EXPECT_EQ(after.skinEntryMm, before.skinEntryMm);
  EXPECT_NE(after.assessment.metrics, before.assessment.metrics) << "reassessed while dragging";
  EXPECT_EQ(panel->needleTable()->item(0, 2)->text(),
            QString::number(after.assessment.metrics.transverseAngleDeg, 'f', 1));
  std::printf(
      "dragged L3 target %.2f mm: transverse %.1f -> %.1f deg, skin-target %.1f -> %.1f mm, %s -> "
      "%s\n",
      core::distance(after.targetMm, before.targetMm), before.assessment.metrics.transverseAngleDeg,
      after.assessment.metrics.transverseAngleDeg, before.assessment.metrics.skinToTargetMm,
      after.assessment.metrics.skinToTargetMm, core::toString(before.assessment.verdict).c_str(),
      core::toString(after.assessment.verdict).c_str());
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "08-target-dragged-3mm.png");
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  EXPECT_EQ(window.model().plan().needles[0].targetMm, before.targetMm);
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  EXPECT_EQ(window.model().plan().needles[0].targetMm, after.targetMm);

  // Saved: the title loses its star; the file loads back equal.
  ASSERT_TRUE(window.savePlanTo(QString::fromStdString((artefacts / "plan.json").string())));
  EXPECT_FALSE(window.windowTitle().endsWith("*"));
  auto reloaded = core::loadPlan(artefacts / "plan.json");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message();
  EXPECT_EQ(reloaded->needles.size(), 2u);
  EXPECT_EQ(reloaded->needles[0].targetMm, window.model().plan().needles[0].targetMm);
  std::printf("screenshots in %s\n", artefacts.c_str());
}

TEST(Workstation, CancellingSegmentationKeepsTheCaseOpenAndUnsegmented) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  guitest::sampleSession("gui-cancel");
  ui::MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.openSampleCase();
  ASSERT_TRUE(guitest::waitForCase(window));
  auto* panel = window.panel();
  QTest::mouseClick(panel->segmentButton(), Qt::LeftButton);
  ASSERT_TRUE(window.isBusy());
  QTest::qWait(150);
  ASSERT_TRUE(panel->cancelButton()->isVisible());
  QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
  // The job stops at its next check: well before a full segmentation (several seconds here).
  QElapsedTimer clock;
  clock.start();
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 30'000));
  std::printf("segmentation stopped %lld ms after Cancel\n",
              static_cast<long long>(clock.elapsed()));
  EXPECT_FALSE(window.model().hasAnatomy());
  EXPECT_TRUE(panel->messageLabel()->text().contains("cancel", Qt::CaseInsensitive))
      << panel->messageLabel()->text().toStdString();
  EXPECT_EQ(window.model().step(), ui::WorkflowStep::kSegment);
  EXPECT_TRUE(panel->segmentButton()->isEnabled());
  EXPECT_FALSE(panel->cancelButton()->isVisible());
}

TEST(Workstation, NamingTheVertebraAtTheCursorRenumbersTheLevels) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  guitest::sampleSession("gui-rename");
  ui::MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.openSampleCase();
  ASSERT_TRUE(guitest::waitForCase(window));
  auto* panel = window.panel();
  QTest::mouseClick(panel->segmentButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitForAnatomy(window));
  const segment::VertebraAnatomy* l3 = window.model().anatomy().find(22);
  ASSERT_NE(l3, nullptr);
  const core::Vec3 body = l3->bodyCentroidMm;
  // The user says the vertebra the automatic numbering calls L3 is L4 (a transitional spine).
  window.model().setFocus(body);
  panel->levelNameBox()->setCurrentText("L4");
  QTest::mouseClick(panel->nameLevelButton(), Qt::LeftButton);
  ASSERT_TRUE(window.isBusy());
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 600'000));
  const segment::VertebraAnatomy* renamed = window.model().anatomy().find(23);
  ASSERT_NE(renamed, nullptr) << panel->messageLabel()->text().toStdString();
  // The same bone (its body centroid within a voxel of 3 mm), now called L4.
  EXPECT_LT(core::distance(renamed->bodyCentroidMm, body), 3.0);
  EXPECT_EQ(renamed->name, "L4");
  EXPECT_EQ(panel->levelTable()->rowCount(),
            static_cast<int>(window.model().anatomy().vertebrae.size()));
}
