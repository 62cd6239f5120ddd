#include "RenderPacer.h"

#include <algorithm>

#include "trocar/ui/VtkView.h"

namespace trocar::ui::detail {

RenderPacer& RenderPacer::instance() {
  static RenderPacer* pacer = new RenderPacer;  // lives as long as the process, like the app
  return *pacer;
}

RenderPacer::RenderPacer() {
  watchdog_.setSingleShot(true);
  watchdog_.setInterval(100);
  connect(&watchdog_, &QTimer::timeout, this, [this] {
    painting_ = nullptr;
    next();
  });
}

void RenderPacer::request(VtkView* view) {
  const bool queued =
      std::any_of(queue_.begin(), queue_.end(), [&](const auto& v) { return v == view; });
  if (!queued) queue_.push_back(view);
  if (!painting_) QTimer::singleShot(0, this, [this] { next(); });
}

void RenderPacer::framePainted(VtkView* view) {
  if (view != painting_) return;
  painting_ = nullptr;
  watchdog_.stop();
  // The next view paints on a later turn of the event loop, after input has been served.
  QTimer::singleShot(0, this, [this] { next(); });
}

void RenderPacer::next() {
  if (painting_) return;
  while (!queue_.empty()) {
    QPointer<VtkView> view = queue_.front();
    queue_.pop_front();
    if (!view) continue;
    if (!view->isVisible()) continue;
    painting_ = view;
    watchdog_.start();
    view->paintNow();
    return;
  }
}

}  // namespace trocar::ui::detail
