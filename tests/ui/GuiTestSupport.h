#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QTimer>

class QApplication;
class QWidget;

namespace trocar::ui {
class MainWindow;
}

namespace trocar::guitest {

// The lumbar sample case of the shared test data, as the workstation's Open page offers it.
inline constexpr const char* kSampleCase = "totalseg/example_ct.nii.gz";

// A GUI test's session on the sample case: a scratch folder `name` that is also the config folder
// (recent cases, autosave of this test's own), the sample case the Open page offers, and the
// QApplication. Returns the folder, where screenshots go.
std::filesystem::path sampleSession(const std::string& name);

// Runs the event loop until the window has a case loaded (or segmented) and no job runs; false
// after the timeout (1 min to load, 10 min to segment on a loaded machine).
bool waitForCase(ui::MainWindow& window);
bool waitForAnatomy(ui::MainWindow& window);
// Through the widgets, as a user would: the Open page's sample case button, then Segment, each
// waited for as above. "" when the case ends up segmented, else what failed and the panel's
// message.
std::string openAndSegmentSample(ui::MainWindow& window);

// The one QApplication of the test process, made with VTK's OpenGL format.
QApplication& application();

// Runs the event loop until `done` holds or `timeoutMs` passes; true when it held.
bool waitFor(const std::function<bool()>& done, int timeoutMs);

// Measures how long the UI thread goes without serving its event loop: a 10 ms timer whose late
// ticks are the stalls. maxStallMs() is the longest delay beyond the interval since reset().
class StallMonitor : public QObject {
 public:
  StallMonitor();
  void reset();
  double maxStallMs() const { return maxStallMs_; }
  int ticks() const { return ticks_; }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  double maxStallMs_ = 0;
  int ticks_ = 0;
};

// How much slower than its own CPU time this thread runs right now: wall / thread CPU time of a
// 40 ms busy loop (1.0 on an idle machine; 5 when five runnable threads share each core). The
// stall budget of the issue is for a machine that is not shared; on a busy one it is scaled by
// this factor, measured beside the stall, and both are printed.
double schedulingSlowdown();

// Saves a picture of the whole window (with its OpenGL views) as a PNG test artefact.
void saveScreenshot(QWidget& window, const std::filesystem::path& file);

// Saturation-like spread of a pixel: max channel - min channel (0 for greys).
inline int spread(const QColor& c) {
  return std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()});
}

}  // namespace trocar::guitest
