#pragma once

#include <deque>

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace trocar::ui {

class VtkView;

namespace detail {

// Lets one VTK view paint per turn of the event loop. With Mesa's software rasteriser a frame of
// each of the four views costs tens of milliseconds; painted in one go they would hold the UI
// thread for longer than the 100 ms a user feels. A view asks again when it has changed; asks
// already queued are merged.
class RenderPacer : public QObject {
 public:
  static RenderPacer& instance();
  void request(VtkView* view);
  void framePainted(VtkView* view);

 private:
  RenderPacer();
  void next();

  std::deque<QPointer<VtkView>> queue_;
  QPointer<VtkView> painting_;
  QTimer watchdog_;  // a hidden view never paints: go on without it
};

}  // namespace detail
}  // namespace trocar::ui
