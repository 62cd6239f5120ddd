#include "trocar/ui/DrrWorker.h"

#include <cerrno>
#include <chrono>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace trocar::ui {
namespace {

// As BackgroundTask's jobs: niced, and the renderer's helper threads inherit it.
void lowerThisThreadsPriority() {
  const int tid = static_cast<int>(syscall(SYS_gettid));
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  if (errno == 0 && current < 10) setpriority(PRIO_PROCESS, static_cast<id_t>(tid), 10);
}

}  // namespace

DrrWorker::DrrWorker(Delivery deliver) : deliver_(std::move(deliver)) {
  thread_ = std::thread([this] { run(); });
}

DrrWorker::~DrrWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DrrWorker::setCase(image::CtImage::Pointer ct) {
  {
    std::lock_guard lock(mutex_);
    ct_ = std::move(ct);
    caseChanged_ = true;
    pending_.clear();
    known_.clear();
    cementMap_ = nullptr;
    cementChanged_ = true;
  }
  wake_.notify_all();
}

void DrrWorker::setNeedles(std::vector<fluoro::NeedleModel> needles) {
  {
    std::lock_guard lock(mutex_);
    needles_ = std::move(needles);
    needlesChanged_ = true;
    previewScene_ = false;
  }
  wake_.notify_all();
}

void DrrWorker::setCement(image::FloatImage::Pointer fillTimeS, double timeS) {
  {
    std::lock_guard lock(mutex_);
    cementMap_ = std::move(fillTimeS);
    cementTimeS_ = timeS;
    cementChanged_ = true;
    previewScene_ = false;
  }
  wake_.notify_all();
}

void DrrWorker::setCementTime(double timeS, bool preview) {
  {
    std::lock_guard lock(mutex_);
    cementTimeS_ = timeS;
    timeChanged_ = true;
    previewScene_ = preview;
  }
  wake_.notify_all();
}

void DrrWorker::request(const Request& r) {
  {
    std::lock_guard lock(mutex_);
    pending_[r.view] = r;
    known_[r.view] = r;
  }
  wake_.notify_all();
}

void DrrWorker::forgetView(int view) {
  std::lock_guard lock(mutex_);
  pending_.erase(view);
  known_.erase(view);
}

bool DrrWorker::idle() const {
  std::lock_guard lock(mutex_);
  return !busy_ && pending_.empty() && !caseChanged_ && !needlesChanged_ && !cementChanged_ &&
         !timeChanged_;
}

long DrrWorker::framesRendered() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

void DrrWorker::applyScene(std::unique_lock<std::mutex>& lock) {
  // Take what changed, then work unlocked so the UI thread never waits for us.
  const bool caseChanged = caseChanged_, needlesChanged = needlesChanged_,
             cementChanged = cementChanged_, timeChanged = timeChanged_;
  caseChanged_ = needlesChanged_ = cementChanged_ = timeChanged_ = false;
  const image::CtImage::Pointer ct = ct_;
  const std::vector<fluoro::NeedleModel> needles = needles_;
  const image::FloatImage::Pointer cementMap = cementMap_;
  const double timeS = cementTimeS_;
  const bool preview = previewScene_;
  lock.unlock();
  // The attenuation volumes (three copies and a half-size one) are built when a view first asks
  // for an image, not when the case opens: a window that never shows fluoroscopy never pays.
  if (caseChanged) {
    fluoroscope_.reset();
    sceneCt_ = ct;
  }
  sceneNeedles_ = needles;
  if (caseChanged || cementChanged) {
    sceneCementMap_ = cementMap;
    cementVoxels_.clear();
  }
  sceneTimeS_ = timeS;
  if (fluoroscope_)
    dressFluoroscope(caseChanged || needlesChanged, cementChanged, cementChanged || timeChanged);
  lock.lock();
  ++sceneRevision_;
  // Every shown view sees the new scene; requests made meanwhile stay as they are.
  for (const auto& [view, r] : known_) {
    if (pending_.count(view)) continue;
    Request again = r;
    again.full = !preview;
    pending_[view] = again;
  }
}

void DrrWorker::dressFluoroscope(bool needles, bool cementMap, bool cementTime) {
  if (needles) fluoroscope_->setNeedles(sceneNeedles_);
  if (cementMap)
    cementVoxels_ = sceneCementMap_
                        ? fluoro::cementVoxels(fluoroscope_->fullVolume(), *sceneCementMap_)
                        : std::vector<fluoro::CementVoxel>{};
  if (cementMap || cementTime) {
    std::vector<fluoro::CementVoxel> filled;
    for (const auto& v : cementVoxels_)
      if (v.fillTimeS <= sceneTimeS_ + 1e-6) filled.push_back(v);
    fluoroscope_->setCement(std::move(filled));
  }
}

void DrrWorker::run() {
  lowerThisThreadsPriority();
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] {
      return stop_ || caseChanged_ || needlesChanged_ || cementChanged_ || timeChanged_ ||
             !pending_.empty();
    });
    if (stop_) return;
    busy_ = true;
    if (caseChanged_ || needlesChanged_ || cementChanged_ || timeChanged_) {
      applyScene(lock);
      busy_ = false;
      continue;  // scene changes that came meanwhile go first
    }
    if (!fluoroscope_ && !sceneCt_) {
      pending_.clear();
      busy_ = false;
      continue;
    }
    if (!fluoroscope_) {
      lock.unlock();
      fluoroscope_ = std::make_unique<fluoro::Fluoroscope>(*sceneCt_);
      dressFluoroscope(true, true, true);
      lock.lock();
      busy_ = false;
      continue;  // the scene may have changed meanwhile
    }
    // Previews first: they are what a moving control waits for.
    auto next = pending_.begin();
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
      if (!it->second.full) {
        next = it;
        break;
      }
    const Request r = next->second;
    pending_.erase(next);
    const long revision = sceneRevision_;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    const fluoro::Drr drr = r.full ? fluoroscope_->full(r.carm) : fluoroscope_->interactive(r.carm);
    Image image;
    image.request = r;
    image.gray = fluoro::toGray(drr, fluoro::autoWindow(drr));
    image.renderMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    image.sceneRevision = revision;
    deliver_(std::move(image));
    lock.lock();
    ++frames_;
    busy_ = false;
  }
}

}  // namespace trocar::ui
