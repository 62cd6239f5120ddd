// The Simulate step and the fluoroscopy views driven through the widgets on the real lumbar case
// under Xvfb: open, segment, plan L3 bipedicular, simulate 4 mL, play the fill, read the views.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QTest>

#include <vtkRenderer.h>

#include "GuiTestSupport.h"
#include "trocar/cement/CementRheology.h"
#include "trocar/core/PlanJson.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/testsupport/TestData.h"
#include "trocar/ui/FluoroController.h"
#include "trocar/ui/FluoroView.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/PressurePlot.h"
#include "trocar/ui/SimulatePage.h"
#include "trocar/ui/SliceView.h"
#include "trocar/ui/SpineView.h"
#include "trocar/ui/WorkflowPanel.h"

using namespace trocar;

namespace {

constexpr double kMaxStallMs = 100;  // the budget, scaled as in WorkstationGuiTest

// Orange cement over grey bone (opacity 0.85): red high, green in the middle, blue low. The
// needle is yellow (green above 170), level tints and bone keep green and blue together.
bool isCementColour(const QColor& c) {
  return c.red() > 190 && c.green() > 60 && c.green() < 165 && c.blue() < 90;
}

double distanceToSegmentXy(const core::Vec3& p, const core::Vec3& a, const core::Vec3& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  const double t =
      len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// A point of the cement in the axial plane through `z`, deep inside it (every voxel within
// 1.5 mm also cement) and away from the needles' paths and the crosshair through `focus`, so its
// pixel shows the cement colour alone. Empty when there is none.
std::optional<core::Vec3> cementPointInAxialPlane(const image::FloatImage& fill,
                                                  const core::Plan& plan, const core::Vec3& focus) {
  const auto size = fill.GetLargestPossibleRegion().GetSize();
  const auto origin = fill.GetOrigin();
  const double s = fill.GetSpacing()[0];
  const long k = std::lround((focus.z - origin[2]) / s);
  if (k < 0 || k >= static_cast<long>(size[2])) return std::nullopt;
  const auto at = [&](long i, long j) {
    if (i < 0 || j < 0 || i >= long(size[0]) || j >= long(size[1])) return -1.0f;
    return fill.GetPixel({{i, j, k}});
  };
  std::optional<core::Vec3> best;
  double bestClearance = 0;
  for (long j = 0; j < long(size[1]); ++j)
    for (long i = 0; i < long(size[0]); ++i) {
      if (at(i, j) < 0) continue;
      bool interior = true;
      for (long dj = -3; dj <= 3 && interior; ++dj)
        for (long di = -3; di <= 3 && interior; ++di) interior = at(i + di, j + dj) >= 0;
      if (!interior) continue;
      const core::Vec3 p{origin[0] + i * s, origin[1] + j * s, focus.z};
      double clearance = std::min(std::abs(p.x - focus.x), std::abs(p.y - focus.y));
      for (const auto& n : plan.needles)
        clearance = std::min(clearance, distanceToSegmentXy(p, n.skinEntryMm, n.targetMm));
      if (clearance > 3 && clearance > bestClearance) {
        bestClearance = clearance;
        best = p;
      }
    }
  return best;
}

// The centre of the cement (mean of its voxels), LPS.
core::Vec3 cementCentre(const image::FloatImage& fill) {
  const auto size = fill.GetLargestPossibleRegion().GetSize();
  core::Vec3 sum;
  double n = 0;
  for (long k = 0; k < long(size[2]); ++k)
    for (long j = 0; j < long(size[1]); ++j)
      for (long i = 0; i < long(size[0]); ++i)
        if (fill.GetPixel({{i, j, k}}) >= 0) {
          itk::Point<double, 3> p;
          fill.TransformIndexToPhysicalPoint({{i, j, k}}, p);
          sum = sum + core::Vec3{p[0], p[1], p[2]};
          ++n;
        }
  return sum / std::max(1.0, n);
}

QColor axialPixel(ui::SliceView* axial, const core::Vec3& p) {
  const QImage image = axial->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
  return image.pixelColor(axial->widgetPosOf(p) * axial->devicePixelRatioF());
}

// Waits for every fluoroscopy view on screen to hold a full image of the current scene.
bool fluoroSettled(ui::MainWindow& window, int timeoutMs = 60'000) {
  return guitest::waitFor(
      [&] {
        if (!window.fluoro()->idle()) return false;
        for (auto* v : window.fluoro()->views())
          if (v->isVisible() && (!v->hasImage() || !v->showsFullImage())) return false;
        return true;
      },
      timeoutMs);
}

int grayAt(const QImage& image, const QPointF& p) { return qGray(image.pixel(p.toPoint())); }

double meanAbsDifference(const QImage& a, const QImage& b) {
  if (a.size() != b.size()) return 255;
  double sum = 0;
  for (int y = 0; y < a.height(); y += 2)
    for (int x = 0; x < a.width(); x += 2)
      sum += std::abs(qGray(a.pixel(x, y)) - qGray(b.pixel(x, y)));
  return sum / ((a.height() / 2) * (a.width() / 2));
}

}  // namespace

TEST(SimulateGui, SimulatesFourMillilitresAtL3AndShowsTheCementInEveryView) {
  TROCAR_REQUIRE_SHARED(guitest::kSampleCase);
  const auto artefacts = guitest::sampleSession("gui-simulate");

  ui::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  auto* panel = window.panel();
  ui::SimulatePage* page = panel->simulatePage();

  // --- Open, segment, plan L3 bipedicular through the widgets.
  ASSERT_EQ(guitest::openAndSegmentSample(window), "");
  QListWidgetItem* l3 = nullptr;
  for (int i = 0; i < panel->planLevelList()->count(); ++i)
    if (panel->planLevelList()->item(i)->text() == "L3") l3 = panel->planLevelList()->item(i);
  ASSERT_NE(l3, nullptr);
  l3->setCheckState(Qt::Checked);
  QTest::mouseClick(panel->proposeButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor([&] { return !window.isBusy(); }, 300'000));
  const core::Plan plan = window.model().plan();
  ASSERT_EQ(plan.needles.size(), 2u) << panel->messageLabel()->text().toStdString();

  // --- Simulate: the step, 4 mL of medium cement, Run off the UI thread.
  panel->stepList()->setCurrentRow(static_cast<int>(ui::WorkflowStep::kSimulate));
  ASSERT_EQ(window.model().step(), ui::WorkflowStep::kSimulate);
  ASSERT_TRUE(page->isVisible());
  // The page shows the plan's cement (the proposal's default), then the user picks 4 mL of
  // medium cement, stopped at the volume.
  ASSERT_EQ(plan.levels.size(), 1u);
  EXPECT_EQ(page->settings().volumeMl, plan.levels[0].cement.volumeMl);
  EXPECT_EQ(page->settings().viscosity, plan.levels[0].cement.viscosity);
  page->volumeBox()->setValue(4.0);
  page->cementBox()->setCurrentIndex(
      page->cementBox()->findData(static_cast<int>(core::CementViscosity::kMedium)));
  page->stopRuleBox()->setCurrentIndex(
      page->stopRuleBox()->findData(static_cast<int>(core::StopCriterion::kPlannedVolume)));
  EXPECT_EQ(page->settings().startMinAfterMixing,
            cement::rheologyOf(core::CementViscosity::kMedium).defaultStartMin)
      << "the start follows the class";
  guitest::StallMonitor stalls;
  QTest::mouseClick(page->runButton(), Qt::LeftButton);
  EXPECT_TRUE(window.isBusy());
  ASSERT_TRUE(guitest::waitFor(
      [&] { return window.model().simulation() != nullptr && !window.isBusy(); }, 300'000))
      << panel->messageLabel()->text().toStdString();
  QTest::qWait(300);  // the views' frames with the cement
  const double simulateStallMs = stalls.maxStallMs();
  const double slowdown = guitest::schedulingSlowdown();
  std::printf("simulate: longest UI-thread stall %.1f ms over %d ticks; scheduling slowdown %.2f\n",
              simulateStallMs, stalls.ticks(), slowdown);
  EXPECT_LT(simulateStallMs, kMaxStallMs * slowdown);
  const auto simulation = window.model().simulation();
  ASSERT_EQ(simulation->levels.size(), 1u);
  // The plan now says what was simulated: 4 mL of medium cement at L3.
  ASSERT_EQ(window.model().plan().levels.size(), 1u);
  EXPECT_EQ(window.model().plan().levels[0].cement.volumeMl, 4.0);
  EXPECT_EQ(window.model().plan().levels[0].cement.viscosity, core::CementViscosity::kMedium);
  EXPECT_FALSE(window.model().simulationIsStale());
  const cement::CementResult& result = simulation->levels[0].result;
  EXPECT_NEAR(result.injectedMl, 4.0, 1e-6);
  ASSERT_TRUE(simulation->fillTimeS);
  guitest::saveScreenshot(window, artefacts / "01-simulated-4mL.png");

  // The numbers shown are the model's, with their units in the row names.
  QTableWidget* table = page->resultTable();
  const auto shown = [&](const QString& row) {
    const int r = page->resultRow(row);
    return r >= 0 && table->item(r, 1) ? table->item(r, 1)->text()
                                       : QString("(no row %1)").arg(row);
  };
  EXPECT_EQ(shown("Injected (mL)"), QString::number(result.injectedMl, 'f', 2));
  EXPECT_EQ(shown("Retained (mL)"), QString::number(result.retainedMl, 'f', 2));
  EXPECT_EQ(shown("Leaked (mL)"), QString::number(result.leakedMl, 'f', 2));
  for (int d = 0; d < cement::kLeakDestinationCount; ++d) {
    const auto destination = static_cast<cement::LeakDestination>(d);
    EXPECT_EQ(
        shown(QString("Leak: %1 (mL)").arg(QString::fromStdString(cement::toString(destination)))),
        QString::number(result.leakedByDestinationMl[static_cast<size_t>(d)], 'f', 2));
  }
  EXPECT_EQ(shown("Body fill (%)"), QString::number(100 * result.bodyFillFraction, 'f', 1));
  EXPECT_EQ(shown("Injected / body volume (%)"),
            QString::number(100 * result.injectedToBodyFraction(), 'f', 1));
  EXPECT_TRUE(shown("Superior endplate").startsWith(result.touchesSuperiorEndplate ? "yes" : "no"));
  const auto warnings = ui::leakWarnings(*simulation);
  const QString warningText = page->warningLabel()->text();
  if (warnings.empty())
    EXPECT_TRUE(warningText.contains("No leak")) << warningText.toStdString();
  else
    EXPECT_TRUE(warningText.contains(QString::fromStdString(warnings.front().text)))
        << warningText.toStdString();
  std::printf(
      "L3 4 mL: injected %s mL, leaked %s mL, body fill %s %%, superior %s, inferior %s; "
      "warnings: %s\n",
      qPrintable(shown("Injected (mL)")), qPrintable(shown("Leaked (mL)")),
      qPrintable(shown("Body fill (%)")), qPrintable(shown("Superior endplate")),
      qPrintable(shown("Inferior endplate")), qPrintable(warningText));
  // The plot spans the run: its axes reach the peak pressure and the 4 mL.
  EXPECT_GE(page->plot()->volumeAxisMaxMl(), 4.0);
  EXPECT_LE(page->plot()->volumeAxisMaxMl(), 5.0);
  EXPECT_GE(page->plot()->timeAxisMaxS(), result.durationS);

  // --- The axial view shows the cement in its colour at a cement point of the target's slice.
  window.model().setFocus(plan.needles[0].targetMm);
  const auto inside = cementPointInAxialPlane(*simulation->fillTimeS, plan, window.model().focus());
  ASSERT_TRUE(inside) << "no cement voxel clear of the needles on the target's slice";
  ui::SliceView* axial = window.axialView();
  QTest::qWait(200);
  const QColor filled = axialPixel(axial, *inside);
  EXPECT_TRUE(isCementColour(filled)) << filled.name().toStdString();

  // --- Playback: frame 0 shows no cement there, the slider's end shows it again; Play runs to
  // the end.
  QSlider* frame = page->frameSlider();
  ASSERT_GT(frame->maximum(), 10) << "a frame every 0.1 mL";
  frame->setValue(0);
  EXPECT_EQ(window.model().cementTimeS(), 0.0);
  QTest::qWait(200);
  const QColor empty = axialPixel(axial, *inside);
  EXPECT_FALSE(isCementColour(empty)) << empty.name().toStdString();
  const long trianglesAtStart = window.spineView()->scene().cementTriangles();
  guitest::saveScreenshot(window, artefacts / "02-fill-frame-0.png");
  frame->setValue(frame->maximum() / 2);
  QTest::qWait(150);
  const long trianglesHalfway = window.spineView()->scene().cementTriangles();
  EXPECT_TRUE(page->timeLabel()->text().contains("mL injected"))
      << page->timeLabel()->text().toStdString();
  stalls.reset();
  QTest::mouseClick(page->playButton(), Qt::LeftButton);
  EXPECT_TRUE(page->isPlaying());
  ASSERT_TRUE(guitest::waitFor([&] { return !page->isPlaying(); }, 60'000));
  const double playStallMs = stalls.maxStallMs();
  const double playSlowdown = guitest::schedulingSlowdown();
  std::printf("playback of %d frames: longest UI-thread stall %.1f ms; scheduling slowdown %.2f\n",
              frame->maximum() + 1, playStallMs, playSlowdown);
  EXPECT_LT(playStallMs, kMaxStallMs * playSlowdown);
  EXPECT_EQ(frame->value(), frame->maximum());
  EXPECT_NEAR(window.model().cementTimeS(), simulation->durationS, 1e-6);
  QTest::qWait(200);
  EXPECT_TRUE(isCementColour(axialPixel(axial, *inside)));
  const long trianglesAtEnd = window.spineView()->scene().cementTriangles();
  std::printf("3D cement surface: %ld triangles at 0 s, %ld halfway, %ld at the end\n",
              trianglesAtStart, trianglesHalfway, trianglesAtEnd);
  EXPECT_GT(trianglesHalfway, trianglesAtStart);
  EXPECT_GT(trianglesAtEnd, trianglesHalfway);
  guitest::saveScreenshot(window, artefacts / "03-fill-played.png");

  // The 3D view shows the cement's orange where its centre projects (through translucent L3).
  const core::Vec3 centre = cementCentre(*simulation->fillTimeS);
  {
    ui::SpineView* spine = window.spineView();
    QTest::qWait(200);
    const QImage image = spine->grabFramebuffer();
    vtkRenderer* renderer = spine->scene().renderer();
    renderer->SetWorldPoint(centre.x, centre.y, centre.z, 1);
    renderer->WorldToDisplay();
    double d[3];
    renderer->GetDisplayPoint(d);
    const QPoint px = (spine->toWidget(d[0], d[1]) * spine->devicePixelRatioF()).toPoint();
    const QColor c = image.pixelColor(px);
    std::printf("3D: cement centre at pixel (%d, %d): %s\n", px.x(), px.y(), qPrintable(c.name()));
    EXPECT_GT(c.red(), c.green() + 30) << c.name().toStdString();
    EXPECT_GT(c.green(), c.blue()) << "orange, not the L3 pink " << c.name().toStdString();
  }

  // --- Fluoroscopy layout: AP and lateral side by side, the barrel view and the axial slice.
  for (QAction* a : window.findChildren<QAction*>())
    if (a->objectName() == "fluoroLayout") a->trigger();
  ASSERT_TRUE(window.fluoroLayoutShown());
  ui::FluoroController* fluoro = window.fluoro();
  ui::FluoroView* ap = fluoro->apView();
  ui::FluoroView* lateral = fluoro->lateralView();
  EXPECT_TRUE(ap->isVisible() && lateral->isVisible() && fluoro->barrelView()->isVisible());
  EXPECT_TRUE(axial->isVisible());
  EXPECT_FALSE(window.spineView()->isVisible());
  stalls.reset();
  ASSERT_TRUE(fluoroSettled(window));
  QTest::qWait(100);
  guitest::saveScreenshot(window, artefacts / "04-fluoroscopy.png");
  std::printf("fluoro: AP full image in %.0f ms, lateral %.0f ms, barrel %.0f ms\n", ap->renderMs(),
              lateral->renderMs(), fluoro->barrelView()->renderMs());
  EXPECT_EQ(ap->imageCarm().angles.laoDeg, 0.0);
  EXPECT_EQ(lateral->imageCarm().angles.laoDeg, 90.0);

  // Down the barrel of the chosen needle its tip and its skin entry fall on one spot (the
  // angles are whole degrees: within 4 detector pixels over its length); choosing the other
  // needle turns the C-arm to it.
  ui::FluoroView* barrel = fluoro->barrelView();
  for (int choice : {0, 1}) {
    barrel->needleBox()->setCurrentIndex(choice);
    ASSERT_TRUE(fluoroSettled(window));
    const core::Needle& chosen = plan.needles[static_cast<size_t>(choice)];
    const fluoro::Projection down(barrel->imageCarm());
    const auto tip = down.project(chosen.targetMm), skin = down.project(chosen.skinEntryMm);
    ASSERT_TRUE(tip && skin);
    const double apart = std::hypot(tip->u - skin->u, tip->v - skin->v);
    std::printf("down the barrel of %s (%s): tip and skin entry %.1f detector px apart\n",
                chosen.id.c_str(), qPrintable(barrel->needleBox()->currentText()), apart);
    EXPECT_EQ(barrel->needleBox()->currentText().toStdString(), chosen.id);
    EXPECT_LT(apart, 4.0) << chosen.id;
  }
  barrel->needleBox()->setCurrentIndex(0);
  ASSERT_TRUE(fluoroSettled(window));

  // Each needle is dark where it projects in the AP view (halfway from the skin to the bone),
  // against the picture beside it across the needle's image.
  QImage apPicture = ap->grab().toImage();
  const fluoro::Projection apProjection(ap->imageCarm());
  const QRectF apRect = ap->imageRect();
  const double pixelScale = apRect.width() / ap->image().width();  // widget px per detector px
  for (const auto& needle : plan.needles) {
    const core::Vec3 mid = (needle.skinEntryMm + needle.boneEntryMm) * 0.5;
    const auto at = ap->widgetPosOf(mid);
    const auto from = ap->widgetPosOf(needle.skinEntryMm);
    const auto to = ap->widgetPosOf(needle.targetMm);
    ASSERT_TRUE(at && from && to);
    QPointF along = *to - *from;
    along /= std::max(1e-6, std::hypot(along.x(), along.y()));
    const QPointF across(-along.y(), along.x());
    const QPointF offset = across * (12 * pixelScale);  // 12 detector px: 7 mm at the detector
    const int onNeedle = grayAt(apPicture, *at);
    const int besideA = grayAt(apPicture, *at + offset), besideB = grayAt(apPicture, *at - offset);
    std::printf("AP: %s grey %d on the needle, %d and %d beside it\n", needle.id.c_str(), onNeedle,
                besideA, besideB);
    EXPECT_LT(onNeedle, 50) << needle.id;
    EXPECT_GT(std::max(besideA, besideB), onNeedle + 40) << needle.id;
  }

  // The cement darkens the AP picture where it projects: its centre against frame 0.
  const auto cementAt = ap->widgetPosOf(centre);
  ASSERT_TRUE(cementAt);
  const int withCement = grayAt(apPicture, *cementAt);
  frame->setValue(0);  // at rest: full images
  QTest::qWait(50);    // the worker takes the change
  ASSERT_TRUE(fluoroSettled(window));
  const int withoutCement = grayAt(ap->grab().toImage(), *cementAt);
  std::printf("AP: cement centre grey %d with 4 mL, %d before the injection\n", withCement,
              withoutCement);
  EXPECT_LT(withCement + 20, withoutCement);
  frame->setValue(frame->maximum());
  ASSERT_TRUE(fluoroSettled(window));

  // --- Turning the C-arm: LAO 20 while the slider is held gives previews, the release the full
  // image; the picture changes, and the UI thread keeps serving events.
  const QImage before = ap->image();
  stalls.reset();
  QSlider* lao = ap->laoSlider();
  lao->setSliderDown(true);
  for (int a = 2; a <= 20; a += 2) {
    lao->setValue(a);
    QTest::qWait(40);
  }
  ASSERT_TRUE(guitest::waitFor([&] { return ap->hasImage() && !ap->showsFullImage(); }, 20'000));
  const double previewMs = ap->renderMs();
  // The screenshot (a few hundred ms of grabbing and PNG encoding) is the test's, not the UI's.
  const double heldStallMs = stalls.maxStallMs();
  guitest::saveScreenshot(window, artefacts / "05-lao-preview.png");
  stalls.reset();
  lao->setSliderDown(false);  // release
  ASSERT_TRUE(guitest::waitFor(
      [&] { return ap->showsFullImage() && ap->imageCarm().angles.laoDeg == 20.0; }, 30'000));
  ASSERT_TRUE(fluoroSettled(window));
  const double turnStallMs = std::max(heldStallMs, stalls.maxStallMs());
  const double turnSlowdown = guitest::schedulingSlowdown();
  const double fullMs = ap->renderMs();
  std::printf(
      "LAO 0 -> 20: preview %.0f ms, full %.0f ms; longest UI-thread stall %.1f ms "
      "(scheduling slowdown %.2f)\n",
      previewMs, fullMs, turnStallMs, turnSlowdown);
  EXPECT_LT(turnStallMs, kMaxStallMs * turnSlowdown);
  const double change = meanAbsDifference(before, ap->image());
  std::printf("AP at LAO 20 differs from LAO 0 by %.1f grey levels on average\n", change);
  EXPECT_GT(change, 5.0);
  EXPECT_TRUE(ap->grab().toImage() != apPicture);
  guitest::saveScreenshot(window, artefacts / "06-lao-20.png");
  QTest::mouseClick(ap->resetButton(), Qt::LeftButton);
  EXPECT_EQ(ap->angles().laoDeg, 0.0);

  // --- A changed plan makes the run stale: the page says so and the cement leaves the views;
  // undoing the change brings both back.
  for (QAction* a : window.findChildren<QAction*>())
    if (a->objectName() == "mprLayout") a->trigger();
  core::Plan moved = window.model().plan();
  moved.needles[0].targetMm.x += 2;
  window.model().setPlan(moved, "Move the target");
  EXPECT_TRUE(window.model().simulationIsStale());
  EXPECT_TRUE(page->staleLabel()->isVisible());
  QTest::qWait(200);
  EXPECT_FALSE(isCementColour(axialPixel(axial, *inside)));
  window.model().undo();
  EXPECT_FALSE(window.model().simulationIsStale());
  EXPECT_FALSE(page->staleLabel()->isVisible());
  QTest::qWait(200);
  EXPECT_TRUE(isCementColour(axialPixel(axial, *inside)));

  // --- The plan records the run chosen on the page. A later start (6 min after mixing) and a
  // pressure limit at half the first run's peak tip pressure, run: the plan's level holds them as
  // one undo step, the cement module ran with them (the later, thicker cement meets the limit
  // before the 4 mL), the saved plan keeps them, and the page follows the plan through undo/redo.
  const core::CementSettings firstCement = window.model().plan().levels[0].cement;
  double firstPeakKpa = 0;
  for (const auto& source : result.sources)
    firstPeakKpa = std::max(firstPeakKpa, source.peakPressureKpa);
  const double limitKpa =
      std::clamp(std::round(firstPeakKpa / 2), page->pressureLimitBox()->minimum(),
                 page->pressureLimitBox()->maximum());
  page->startBox()->setValue(6.0);
  page->stopRuleBox()->setCurrentIndex(
      page->stopRuleBox()->findData(static_cast<int>(core::StopCriterion::kPressureLimit)));
  EXPECT_TRUE(page->pressureLimitBox()->isEnabled());
  page->pressureLimitBox()->setValue(limitKpa);
  QTest::mouseClick(page->runButton(), Qt::LeftButton);
  ASSERT_TRUE(guitest::waitFor(
      [&] { return window.model().simulation() != simulation && !window.isBusy(); }, 300'000))
      << panel->messageLabel()->text().toStdString();
  const core::CementSettings recorded = window.model().plan().levels[0].cement;
  EXPECT_EQ(recorded.volumeMl, 4.0);
  EXPECT_EQ(recorded.viscosity, core::CementViscosity::kMedium);
  EXPECT_EQ(recorded.startMinAfterMixing, 6.0);
  EXPECT_EQ(recorded.stopCriterion, core::StopCriterion::kPressureLimit);
  EXPECT_EQ(recorded.pressureLimitKpa, limitKpa);
  const cement::LevelSimulation& limited = window.model().simulation()->levels.at(0);
  EXPECT_EQ(limited.request.startMin(), 6.0);
  EXPECT_EQ(limited.request.stop.pressureLimitKpa, limitKpa);
  std::printf(
      "start 6.0 min, limit %.0f kPa (first run's peak %.0f kPa): %.2f mL injected, "
      "stopped: %s\n",
      limitKpa, firstPeakKpa, limited.result.injectedMl,
      cement::toString(limited.result.stopReason).c_str());
  EXPECT_EQ(limited.result.stopReason, cement::StopReason::kPressureLimit);
  EXPECT_LT(limited.result.injectedMl, 4.0 - 0.1);
  const auto planPath = artefacts / "plan-with-cement-run.json";
  ASSERT_TRUE(window.savePlanTo(QString::fromStdString(planPath.string())));
  auto saved = core::loadPlan(planPath);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  ASSERT_EQ(saved->levels.size(), 1u);
  EXPECT_EQ(saved->levels[0].cement, recorded);
  ASSERT_TRUE(window.model().undo());
  EXPECT_EQ(window.model().plan().levels[0].cement, firstCement) << "one undo step";
  EXPECT_EQ(page->settings(), ui::settingsFromPlan(firstCement));
  EXPECT_EQ(page->startBox()->value(), firstCement.startMinAfterMixing);
  ASSERT_TRUE(window.model().redo());
  EXPECT_EQ(page->settings(), ui::settingsFromPlan(recorded));
  EXPECT_EQ(page->pressureLimitBox()->value(), limitKpa);
  std::printf("screenshots in %s\n", artefacts.c_str());
}
