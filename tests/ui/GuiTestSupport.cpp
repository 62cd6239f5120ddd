#include "GuiTestSupport.h"

#include <time.h>

#include <algorithm>

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QOpenGLWidget>
#include <QPainter>
#include <QTest>

#include "trocar/testsupport/TestData.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/VtkView.h"
#include "trocar/ui/WorkflowPanel.h"

namespace trocar::guitest {

QApplication& application() {
  static QApplication* app = [] {
    ui::useVtkSurfaceFormat();
    static int argc = 1;
    static char name[] = "test_ui_gui";
    static char* argv[] = {name, nullptr};
    return new QApplication(argc, argv);
  }();
  return *app;
}

std::filesystem::path sampleSession(const std::string& name) {
  const auto folder = testsupport::scratchDir(name);
  setenv("TROCAR_CONFIG_DIR", folder.c_str(), 1);
  setenv("TROCAR_SAMPLE_CASE", testsupport::sharedFile(kSampleCase).c_str(), 1);
  application();
  return folder;
}

bool waitForCase(ui::MainWindow& window) {
  return waitFor([&] { return window.model().hasCase() && !window.isBusy(); }, 60'000);
}

bool waitForAnatomy(ui::MainWindow& window) {
  return waitFor([&] { return window.model().hasAnatomy() && !window.isBusy(); }, 600'000);
}

std::string openAndSegmentSample(ui::MainWindow& window) {
  auto* panel = window.panel();
  QTest::mouseClick(panel->sampleCaseButton(), Qt::LeftButton);
  if (!waitForCase(window)) return "the sample case did not open: " + panel->messageLabel()->text().toStdString();
  QTest::mouseClick(panel->segmentButton(), Qt::LeftButton);
  if (!waitForAnatomy(window)) return "segmentation did not finish: " + panel->messageLabel()->text().toStdString();
  return "";
}

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!done()) {
    if (clock.elapsed() > timeoutMs) return false;
    QTest::qWait(10);
  }
  return true;
}

StallMonitor::StallMonitor() {
  timer_.setInterval(10);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, [this] {
    const double gap = clock_.nsecsElapsed() * 1e-6;
    clock_.restart();
    ++ticks_;
    maxStallMs_ = std::max(maxStallMs_, gap - timer_.interval());
  });
  reset();
  timer_.start();
}

void StallMonitor::reset() {
  clock_.restart();
  maxStallMs_ = 0;
  ticks_ = 0;
}

double schedulingSlowdown() {
  const auto threadCpuMs = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
  };
  QElapsedTimer wall;
  wall.start();
  const double cpu0 = threadCpuMs();
  volatile double sink = 0;
  while (threadCpuMs() - cpu0 < 40)
    for (int i = 0; i < 1000; ++i) sink = sink + i * 0.5;
  const double cpuMs = threadCpuMs() - cpu0;
  return std::max(1.0, wall.nsecsElapsed() * 1e-6 / cpuMs);
}

void saveScreenshot(QWidget& window, const std::filesystem::path& file) {
  // QWidget::grab() leaves OpenGL children blank on some platforms: paint each view's own
  // framebuffer over the widget picture.
  QImage picture = window.grab().toImage();
  QPainter painter(&picture);
  for (auto* view : window.findChildren<QOpenGLWidget*>()) {
    if (!view->isVisible()) continue;
    const QPoint at = view->mapTo(&window, QPoint(0, 0));
    painter.drawImage(QRect(at, view->size()), view->grabFramebuffer());
  }
  painter.end();
  picture.save(QString::fromStdString(file.string()));
}

}  // namespace trocar::guitest
