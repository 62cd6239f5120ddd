#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <QApplication>
#include <QTimer>

#include "Commands.h"
#include "trocar/ui/CaseJobs.h"
#include "trocar/ui/MainWindow.h"
#include "trocar/ui/VtkView.h"

// The only file of the executable that speaks Qt: every other command stays plain C++.
namespace trocar::app {

bool guiDisplayAvailable() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"})
    if (const char* value = std::getenv(name); value && *value) return true;
  return false;
}

std::string sampleCasePath() { return ui::sampleCasePath().string(); }

int runGui(const std::string& path, bool sample) {
  if (!guiDisplayAvailable()) {
    std::fprintf(stderr,
                 "error: no display (DISPLAY is not set); run under xvfb-run or on a desktop\n");
    return 2;
  }
  ui::useVtkSurfaceFormat();
  // QApplication keeps references to argc and argv for its whole life.
  static int argc = 1;
  static char name[] = "trocar";
  static char* argv[] = {name, nullptr};
  QApplication application(argc, argv);
  QApplication::setApplicationName("Trocar");
  ui::MainWindow window;
  window.show();
  if (!path.empty() || sample) {
    const QString toOpen = QString::fromStdString(path);
    QTimer::singleShot(0, &window, [&window, toOpen, sample] {
      if (sample)
        window.openSampleCase();
      else
        window.openCase(toOpen);
    });
  }
  return QApplication::exec();
}

void addGuiCommand(CLI::App& app) {
  struct Args {
    std::string path;
    bool sample = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "gui", "Open the planning workstation (also what `trocar` alone does on a desktop)");
  cmd->add_option("path", args->path,
                  "CT to open: a DICOM folder or file, or a NIfTI/NRRD/MetaImage volume");
  cmd->add_flag("--sample", args->sample, "Open the lumbar sample case of the shared test data");
  cmd->callback([args] { exitCode() = runGui(args->path, args->sample); });
}

}  // namespace trocar::app
