// The Simulate step and the fluoroscopy views of the main window: the cement run off the UI
// thread, the cement shown in every view and played over time, and the view layouts.
#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QGridLayout>
#include <QMenuBar>
#include <QSlider>
#include <QToolBar>

#include "trocar/ui/FluoroController.h"
#include "trocar/ui/FluoroView.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/SimulatePage.h"
#include "trocar/ui/SliceView.h"
#include "trocar/ui/SpineView.h"
#include "trocar/ui/WorkflowPanel.h"

namespace trocar::ui {

void MainWindow::connectSimulation(QWidget* viewGrid) {
  viewGrid_ = viewGrid;
  fluoro_ = new FluoroController(this);
  for (FluoroView* v : fluoro_->views()) {
    v->setParent(viewGrid);
    v->hide();
  }

  // Two layouts of the view area: MPR + 3D, and fluoroscopy (AP and lateral side by side, the
  // barrel view and the axial slice below), as a radiologist compares the C-arm's two planes.
  QToolBar* bar = addToolBar("Layout");
  bar->setObjectName("layoutToolBar");
  auto* group = new QActionGroup(this);
  QAction* mpr = bar->addAction("MPR + 3D");
  mpr->setObjectName("mprLayout");
  mpr->setShortcut(QKeySequence(Qt::Key_F5));
  QAction* fluoroscopy = bar->addAction("Fluoroscopy");
  fluoroscopy->setObjectName("fluoroLayout");
  fluoroscopy->setShortcut(QKeySequence(Qt::Key_F6));
  for (QAction* a : {mpr, fluoroscopy}) {
    a->setCheckable(true);
    group->addAction(a);
  }
  mpr->setChecked(true);
  connect(mpr, &QAction::triggered, this, [this] { showFluoroLayout(false); });
  connect(fluoroscopy, &QAction::triggered, this, [this] { showFluoroLayout(true); });

  SimulatePage* page = panel_->simulatePage();
  connect(page, &SimulatePage::runRequested, this, &MainWindow::runSimulation);
  connect(page, &SimulatePage::cementTimeChosen, this, [this](double seconds, bool playing) {
    model_.setCementTime(seconds);
    if (!playing) {
      spine_->scene().setCementTime(seconds);
      spine_->requestRender();
    }
    // The C-arm views follow the playback with previews and refine when it rests.
    fluoro_->setCementTime(seconds, playing);
  });
}

void MainWindow::showFluoroLayout(bool fluoroscopy) {
  fluoroLayout_ = fluoroscopy;
  auto* grid = static_cast<QGridLayout*>(viewGrid_->layout());
  const std::vector<QWidget*> mpr{axial_, spine_, sagittal_, coronal_};
  const std::vector<QWidget*> fluoro{fluoro_->apView(), fluoro_->lateralView(),
                                     fluoro_->barrelView(), axial_};
  const auto& shown = fluoroscopy ? fluoro : mpr;
  for (QWidget* w :
       {static_cast<QWidget*>(axial_), static_cast<QWidget*>(spine_),
        static_cast<QWidget*>(sagittal_), static_cast<QWidget*>(coronal_),
        static_cast<QWidget*>(fluoro_->apView()), static_cast<QWidget*>(fluoro_->lateralView()),
        static_cast<QWidget*>(fluoro_->barrelView())}) {
    grid->removeWidget(w);
    if (std::find(shown.begin(), shown.end(), w) == shown.end()) w->hide();
  }
  for (int i = 0; i < 4; ++i) {
    grid->addWidget(shown[static_cast<size_t>(i)], i / 2, i % 2);
    shown[static_cast<size_t>(i)]->show();
  }
  for (QAction* a : findChildren<QAction*>())
    if (a->objectName() == (fluoroscopy ? "fluoroLayout" : "mprLayout")) a->setChecked(true);
}

void MainWindow::runSimulation(const SimulationSettings& settings) {
  if (isBusy()) {
    panel_->showMessage("Wait for the running job to finish, or cancel it.", true);
    return;
  }
  if (!model_.hasAnatomy() || model_.plan().needles.empty()) {
    panel_->showMessage("Plan at least one needle before simulating.", true);
    return;
  }
  // The plan records the cement run it was simulated with, every setting of the page (the report
  // and the plan file say what the results are for): one undo step when the settings differ from
  // the plan's. Like any change of what an approval attests, it withdraws the approval
  // (WorkflowModel::setPlan).
  core::Plan withCement = model_.plan();
  bool changed = false;
  for (auto& level : withCement.levels) {
    const core::CementSettings c = cementSettingsFor(settings, level.cement);
    changed = changed || !(c == level.cement);
    level.cement = c;
  }
  if (changed)
    model_.setPlan(withCement, QString("Cement %1 mL, %2 viscosity, stop: %3")
                                   .arg(settings.volumeMl, 0, 'f', 1)
                                   .arg(QString::fromStdString(core::toString(settings.viscosity)))
                                   .arg(QString::fromStdString(core::toString(settings.stopRule)))
                                   .toStdString());
  const image::CtVolume volume = model_.volume();
  const segment::SpineAnatomy anatomy = model_.anatomy();
  const core::Plan plan = model_.plan();
  auto result = std::make_shared<std::optional<core::Result<CementSimulation>>>();
  const QString what = QString("Simulating %1 mL of %2 viscosity cement")
                           .arg(settings.volumeMl, 0, 'f', 1)
                           .arg(QString::fromStdString(core::toString(settings.viscosity)));
  panel_->showMessage(what + " ...");
  task_.start(
      what,
      [volume, anatomy, plan, settings, result](const core::Progress& progress) {
        *result = simulateCement(volume, anatomy, plan, settings, progress);
      },
      [this, result] {
        if (!result->has_value() || !result->value().ok()) {
          const std::string why =
              result->has_value() ? result->value().error().message() : "no result";
          panel_->showMessage(QString::fromStdString("Simulation stopped: " + why), true);
          return;
        }
        auto simulation =
            std::make_shared<const CementSimulation>(std::move(*result).value().value());
        const CementSnapshot end = snapshotAt(*simulation, simulation->durationS);
        model_.setSimulation(simulation);
        panel_->showMessage(QString("Simulated: %1 mL injected, %2 mL leaked.")
                                .arg(end.injectedMl, 0, 'f', 2)
                                .arg(end.leakedMl, 0, 'f', 2));
      });
}

void MainWindow::showSimulation(ModelChange change) {
  switch (change) {
    case ModelChange::kCase:
      shownCement_ = nullptr;  // the slice scenes drop it with their volume
      fluoro_->setCase(model_.volume().hu, model_.focus());
      showCement();
      break;
    case ModelChange::kPlan:
      fluoro_->setPlan(model_.plan());
      showCement();  // a changed plan makes the simulation stale: its cement goes
      break;
    case ModelChange::kAnatomy:
    case ModelChange::kSimulation:
      showCement();
      break;
    case ModelChange::kCementTime:
      for (SliceView* v : sliceViews()) {
        v->scene().setCementTime(model_.cementTimeS());
        v->requestRender();
      }
      // The 3D view, the heaviest frame on a software rasteriser, follows a running playback at
      // every fourth frame (and exactly once it rests: see connectSimulation).
      if (!panel_->simulatePage()->isPlaying() ||
          panel_->simulatePage()->frameSlider()->value() % 4 == 0) {
        spine_->scene().setCementTime(model_.cementTimeS());
        spine_->requestRender();
      }
      break;
    default:  // focus, step, saved...: nothing of the cement changes
      break;
  }
}

void MainWindow::showCement() {
  const auto& simulation = model_.simulation();
  image::FloatImage::Pointer cement =
      simulation && !model_.simulationIsStale() ? simulation->fillTimeS : nullptr;
  if (cement == shownCement_) return;
  shownCement_ = cement;
  const double t = model_.cementTimeS();
  for (SliceView* v : sliceViews()) {
    v->scene().setCement(cement);
    v->scene().setCementTime(t);
    v->requestRender();
  }
  spine_->scene().setCement(cement);
  spine_->scene().setCementTime(t);
  spine_->requestRender();
  fluoro_->setCement(cement, t);
}

}  // namespace trocar::ui
