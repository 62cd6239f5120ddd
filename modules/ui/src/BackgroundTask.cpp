#include "trocar/ui/BackgroundTask.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace trocar::ui {

// Long jobs run niced so that, on a machine with few cores, the UI thread (and the user's input)
// always wins the scheduler. Threads the job starts inherit it. Linux keeps a nice value per
// thread; the pool thread keeps it for later jobs, which is what we want for them too (and why
// the pool is not Qt's global one, which also serves the UI thread's painting).
void lowerThisThreadsPriority() {
  const int tid = static_cast<int>(syscall(SYS_gettid));
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  if (errno == 0 && current < 10) setpriority(PRIO_PROCESS, static_cast<id_t>(tid), 10);
}

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);  // one job at a time
  pollTimer_.setInterval(50);
  connect(&pollTimer_, &QTimer::timeout, this, &BackgroundTask::poll);
  connect(&watcher_, &QFutureWatcher<void>::finished, this, [this] {
    pollTimer_.stop();
    poll();
    running_ = false;
    // onDone may start the next job: take it out first.
    auto done = std::move(onDone_);
    onDone_ = nullptr;
    QElapsedTimer clock;
    clock.start();
    if (done) done();
    emit finished(title_);
    if (std::getenv("TROCAR_TRACE_FRAMES"))
      std::fprintf(stderr, "%s: results shown in %.1f ms\n", qPrintable(title_),
                   clock.nsecsElapsed() * 1e-6);
  });
}

BackgroundTask::~BackgroundTask() {
  cancel();
  wait();
}

bool BackgroundTask::start(const QString& title, Job job, std::function<void()> onDone) {
  if (running_) return false;
  running_ = true;
  title_ = title;
  onDone_ = std::move(onDone);
  cancel_ = false;
  {
    std::lock_guard lock(mutex_);
    fraction_ = 0;
    what_ = title.toStdString();
    fresh_ = true;
  }
  core::Progress progress(
      [this](double fraction, std::string_view what) {
        std::lock_guard lock(mutex_);
        fraction_ = fraction;
        what_ = what;
        fresh_ = true;
      },
      &cancel_);
  emit started(title_);
  watcher_.setFuture(QtConcurrent::run(&pool_, [job = std::move(job), progress] {
    lowerThisThreadsPriority();
    job(progress);
  }));
  pollTimer_.start();
  return true;
}

void BackgroundTask::cancel() { cancel_ = true; }

void BackgroundTask::wait() { watcher_.waitForFinished(); }

void BackgroundTask::poll() {
  double fraction;
  std::string what;
  {
    std::lock_guard lock(mutex_);
    if (!fresh_) return;
    fresh_ = false;
    fraction = fraction_;
    what = what_;
  }
  emit progressed(fraction, QString::fromStdString(what));
}

}  // namespace trocar::ui
