#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include "trocar/core/Progress.h"

namespace trocar::ui {

// Lowers the calling thread's scheduling priority (nice 10) for long work, so that on a machine
// with few cores the UI thread always wins; threads it starts inherit it.
void lowerThisThreadsPriority();

// Runs one long job (load, segment, simulate) on Qt's thread pool so the window stays responsive.
// The job reports through core::Progress from its thread; the UI thread polls the latest report
// every 50 ms, so a chatty job can never flood the event loop. cancel() sets the Progress cancel
// flag; the job stops at its next check and returns its "cancelled" error.
class BackgroundTask : public QObject {
  Q_OBJECT

 public:
  using Job = std::function<void(const core::Progress& progress)>;

  explicit BackgroundTask(QObject* parent = nullptr);
  ~BackgroundTask() override;

  // Starts `job` unless one is running (then returns false). `title` names it in the UI.
  // `onDone` runs on the UI thread after the job returns (also when cancelled).
  bool start(const QString& title, Job job, std::function<void()> onDone);
  bool isRunning() const { return running_; }
  const QString& title() const { return title_; }
  void cancel();
  bool cancelRequested() const { return cancel_.load(); }
  // Blocks until the job has returned (for shutdown and tests).
  void wait();

 signals:
  void started(const QString& title);
  void progressed(double fraction, const QString& what);
  void finished(const QString& title);

 private:
  void poll();

  // A pool of its own, not Qt's global one: Qt's raster painting on the UI thread splits its
  // work over the global pool and waits for it, so a long (and niced) job there stalls every
  // repaint of the window until the job ends.
  QThreadPool pool_;
  QFutureWatcher<void> watcher_;
  QTimer pollTimer_;
  std::atomic<bool> cancel_{false};
  bool running_ = false;
  QString title_;
  std::function<void()> onDone_;
  // The latest report of the worker thread.
  std::mutex mutex_;
  double fraction_ = 0;
  std::string what_;
  bool fresh_ = false;
};

}  // namespace trocar::ui
