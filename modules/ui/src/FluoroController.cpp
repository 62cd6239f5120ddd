#include "trocar/ui/FluoroController.h"

#include <algorithm>

#include <QComboBox>
#include <QEvent>
#include <QImage>
#include <QMetaObject>
#include <QPointer>

#include "trocar/fluoro/PlanNeedles.h"
#include "trocar/ui/FluoroView.h"

namespace trocar::ui {
namespace {

bool sameAngles(const core::CArmAngles& a, const core::CArmAngles& b) {
  return std::lround(a.laoDeg) == std::lround(b.laoDeg) &&
         std::lround(a.cranialDeg) == std::lround(b.cranialDeg);
}

// The needles as the DRR draws them: what changes the picture.
bool sameNeedles(const std::vector<core::Needle>& a, const std::vector<core::Needle>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].id != b[i].id || a[i].targetMm != b[i].targetMm ||
        a[i].skinEntryMm != b[i].skinEntryMm || a[i].gauge != b[i].gauge ||
        a[i].lengthMm != b[i].lengthMm)
      return false;
  return true;
}

}  // namespace

FluoroController::FluoroController(QObject* parent)
    : QObject(parent), inFlight_(std::make_shared<std::atomic<int>>(0)) {
  views_ = {new FluoroView("AP"), new FluoroView("Lateral"), new FluoroView("Down the barrel")};
  apView()->setHomeAngles(fluoro::apAngles());
  lateralView()->setHomeAngles(fluoro::lateralAngles());
  apView()->setAngles(fluoro::apAngles());
  lateralView()->setAngles(fluoro::lateralAngles());
  barrelView()->setNeedleChoiceVisible(true);
  barrelView()->needleBox()->setToolTip("The needle to look down");
  for (FluoroView* v : views_) {
    v->installEventFilter(this);
    connect(v, &FluoroView::anglesChanged, this,
            [this, v](const core::CArmAngles&, bool preview) { ask(v, !preview); });
  }
  connect(barrelView()->needleBox(), &QComboBox::currentIndexChanged, this,
          [this] { chooseBarrelNeedle(); });

  // Images arrive on the worker thread: posted to this object, dropped if it is gone.
  QPointer<FluoroController> self(this);
  auto inFlight = inFlight_;
  worker_ = std::make_unique<DrrWorker>([self, inFlight](DrrWorker::Image image) {
    QImage picture(image.gray.columns, image.gray.rows, QImage::Format_Grayscale8);
    for (int row = 0; row < image.gray.rows; ++row)
      std::copy_n(image.gray.pixels.data() + static_cast<size_t>(row) * image.gray.columns,
                  image.gray.columns, picture.scanLine(row));
    ++*inFlight;
    QMetaObject::invokeMethod(
        self.data(),
        [self, inFlight, picture, image] {
          --*inFlight;
          if (!self) return;
          const int index = image.request.view;
          if (index < 0 || index >= static_cast<int>(self->views_.size())) return;
          FluoroView* view = self->views_[static_cast<size_t>(index)];
          view->showImage(picture, image.request.carm, image.request.full, image.renderMs);
          emit self->imageShown(view, image.request.full);
        },
        Qt::QueuedConnection);
  });
}

FluoroController::~FluoroController() { worker_.reset(); }

int FluoroController::indexOf(const FluoroView* view) const {
  for (size_t i = 0; i < views_.size(); ++i)
    if (views_[i] == view) return static_cast<int>(i);
  return -1;
}

fluoro::CArm FluoroController::carmOf(const FluoroView* view) const {
  fluoro::CArm carm;
  carm.angles = view->angles();
  carm.isocentreMm = isocentreMm_;
  if (view == barrelView()) {
    const int n = barrelView()->needleBox()->currentIndex();
    if (n >= 0 && static_cast<size_t>(n) < needles_.size())
      carm.isocentreMm = needles_[static_cast<size_t>(n)].targetMm;
  }
  return carm;
}

void FluoroController::ask(FluoroView* view, bool full) {
  if (!hasCase_ || !view->isVisible()) return;
  worker_->request({indexOf(view), carmOf(view), full});
}

bool FluoroController::eventFilter(QObject* watched, QEvent* event) {
  auto* view = qobject_cast<FluoroView*>(watched);
  if (view && event->type() == QEvent::Show) ask(view, true);
  if (view && event->type() == QEvent::Hide) worker_->forgetView(indexOf(view));
  return QObject::eventFilter(watched, event);
}

void FluoroController::setCase(image::CtImage::Pointer ct, const core::Vec3& centreMm) {
  hasCase_ = static_cast<bool>(ct);
  isocentreMm_ = centreMm;
  needles_.clear();
  {
    const QSignalBlocker block(barrelView()->needleBox());
    barrelView()->needleBox()->clear();
  }
  worker_->setCase(std::move(ct));
  worker_->setNeedles({});
  for (FluoroView* v : views_) {
    v->clearImage();
    ask(v, true);
  }
}

void FluoroController::setPlan(const core::Plan& plan) {
  if (sameNeedles(plan.needles, needles_)) return;
  // The same needles (by id) moved by a drag, or another set (a proposal, a loaded plan, undo).
  const bool sameSet =
      std::equal(plan.needles.begin(), plan.needles.end(), needles_.begin(), needles_.end(),
                 [](const core::Needle& a, const core::Needle& b) { return a.id == b.id; });
  needles_ = plan.needles;
  worker_->setNeedles(fluoro::needlesFromPlan(plan));
  // The C-arm centres on the planned targets (a new proposal moves it; a drag does not).
  if (!sameSet && !needles_.empty()) {
    core::Vec3 sum;
    for (const auto& n : needles_) sum = sum + n.targetMm;
    isocentreMm_ = sum / static_cast<double>(needles_.size());
  }
  QComboBox* box = barrelView()->needleBox();
  const QString chosen = box->currentText();
  {
    const QSignalBlocker block(box);
    box->clear();
    for (const auto& n : needles_) box->addItem(QString::fromStdString(n.id));
    const int again = box->findText(chosen);
    box->setCurrentIndex(again >= 0 ? again : (needles_.empty() ? -1 : 0));
  }
  const int n = box->currentIndex();
  if (n >= 0) {
    const core::CArmAngles home = fluoro::barrelAnglesOf(needles_[static_cast<size_t>(n)]);
    // Untouched (still at its previous home), the barrel view follows the needle it looks down.
    const bool untouched = sameAngles(barrelView()->angles(), barrelView()->homeAngles());
    barrelView()->setHomeAngles(home);
    if (untouched || !sameSet) barrelView()->setAngles(home);
  }
  // The worker re-renders every view with the new needles, at the C-arm of its last request: a
  // view whose C-arm moved (a new isocentre, the barrel following its needle) asks again.
  for (FluoroView* v : views_)
    if (!sameSet || v == barrelView()) ask(v, true);
}

void FluoroController::chooseBarrelNeedle() {
  const int n = barrelView()->needleBox()->currentIndex();
  if (n < 0 || static_cast<size_t>(n) >= needles_.size()) return;
  const core::CArmAngles home = fluoro::barrelAnglesOf(needles_[static_cast<size_t>(n)]);
  barrelView()->setHomeAngles(home);
  barrelView()->setAngles(home);
  ask(barrelView(), true);
}

void FluoroController::setCement(image::FloatImage::Pointer fillTimeS, double timeS) {
  worker_->setCement(std::move(fillTimeS), timeS);
}

void FluoroController::setCementTime(double timeS, bool preview) {
  worker_->setCementTime(timeS, preview);
}

bool FluoroController::idle() const { return worker_->idle() && inFlight_->load() == 0; }

}  // namespace trocar::ui
