#include <CLI/CLI.hpp>

#include "commands/Commands.h"

namespace trocar::app {
int& exitCode() {
  static int code = 0;
  return code;
}
}  // namespace trocar::app

int main(int argc, char** argv) {
  if (argc == 1 && trocar::app::guiDisplayAvailable()) return trocar::app::runGui("", false);
  CLI::App app{"Trocar: planning of percutaneous vertebroplasty from CT"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print help for every subcommand");
  trocar::app::addInfoCommand(app);
  trocar::app::addConvertCommand(app);
  trocar::app::addSegmentCommand(app);
  trocar::app::addSimulateCommand(app);
  trocar::app::addDrrCommand(app);
  trocar::app::addPlanCommand(app);
  trocar::app::addReportCommand(app);
  trocar::app::addPipelineCommand(app);
  trocar::app::addGuiCommand(app);
  CLI11_PARSE(app, argc, argv);
  return trocar::app::exitCode();
}
