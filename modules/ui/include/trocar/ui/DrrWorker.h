#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/fluoro/Display.h"
#include "trocar/fluoro/Fluoroscope.h"
#include "trocar/fluoro/Needle.h"
#include "trocar/image/CtVolume.h"

namespace trocar::ui {

// The fluoroscopy views' renderer, with no Qt in it: one worker thread (niced, so the UI thread
// wins on a small machine) owns the case's Fluoroscope and renders DRRs for numbered views. The
// UI thread only posts: the latest request of each view replaces any that has not started, so a
// dragged angle never queues stale frames. Scene changes (case, needles, cement, cement time) are
// applied between frames and re-render every view the worker knows. Images are delivered through
// the callback, on the worker thread.
class DrrWorker {
 public:
  struct Request {
    int view = 0;
    fluoro::CArm carm;
    bool full = true;  // false: the interactive half-resolution preview
  };
  struct Image {
    Request request;
    fluoro::GrayImage gray;  // through its own automatic display window
    double renderMs = 0;     // ray casting and windowing
    long sceneRevision = 0;  // grows with every scene change applied
  };
  using Delivery = std::function<void(Image image)>;

  explicit DrrWorker(Delivery deliver);
  ~DrrWorker();  // stops after the frame in flight
  DrrWorker(const DrrWorker&) = delete;
  DrrWorker& operator=(const DrrWorker&) = delete;

  // The CT to project (kept alive by the worker); null forgets the case and every view.
  void setCase(image::CtImage::Pointer ct);
  void setNeedles(std::vector<fluoro::NeedleModel> needles);
  // Cement as a fill-time map (s, negative: never; any grid) shown as filled by `timeS`; null
  // removes it. `preview`: re-render the views at half resolution (during playback).
  void setCement(image::FloatImage::Pointer fillTimeS, double timeS);
  void setCementTime(double timeS, bool preview);
  void request(const Request& request);
  // A view no longer shown: its pending request is dropped and scene changes skip it.
  void forgetView(int view);
  // Nothing pending and nothing in flight (tests).
  bool idle() const;
  // Frames rendered so far (tests, diagnostics).
  long framesRendered() const;

 private:
  void run();
  void applyScene(std::unique_lock<std::mutex>& lock);
  // Gives the fluoroscope the scene's needles and cement (what changed).
  void dressFluoroscope(bool needles, bool cementMap, bool cementTime);

  Delivery deliver_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false, busy_ = false;
  // What the UI asked for, applied by the worker.
  bool caseChanged_ = false, needlesChanged_ = false, cementChanged_ = false, timeChanged_ = false;
  bool previewScene_ = false;
  image::CtImage::Pointer ct_;
  std::vector<fluoro::NeedleModel> needles_;
  image::FloatImage::Pointer cementMap_;
  double cementTimeS_ = 0;
  std::map<int, Request> pending_;  // by view
  std::map<int, Request> known_;    // the last request of every shown view
  long frames_ = 0, sceneRevision_ = 0;
  // Worker-only state: the scene as last applied, and the fluoroscope dressed with it (built at
  // the first request of a case).
  image::CtImage::Pointer sceneCt_;
  std::vector<fluoro::NeedleModel> sceneNeedles_;
  image::FloatImage::Pointer sceneCementMap_;
  double sceneTimeS_ = 0;
  std::unique_ptr<fluoro::Fluoroscope> fluoroscope_;
  std::vector<fluoro::CementVoxel> cementVoxels_;
  std::thread thread_;
};

}  // namespace trocar::ui
