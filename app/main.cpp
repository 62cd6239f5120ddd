#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "commands/Commands.h"

namespace trocar::app {
int& exitCode() {
  static int code = 0;
  return code;
}

namespace {
// `trocar` alone without a display: the headless pipeline on the sample case, written to
// $TROCAR_OUT or ./trocar-sample, as if `trocar pipeline SAMPLE --out DIR` had been typed.
std::vector<std::string> samplePipelineArguments() {
  const std::string sample = sampleCasePath();
  const char* outEnv = std::getenv("TROCAR_OUT");
  const std::string out = outEnv && *outEnv ? outEnv : "trocar-sample";
  std::printf(
      "No display: running the headless pipeline on the sample case\n  %s\ninto %s\n"
      "(`trocar gui` opens the window on a desktop; `trocar --help` lists the commands)\n",
      sample.c_str(), std::filesystem::absolute(out).string().c_str());
  std::fflush(stdout);
  return {"trocar", "pipeline", sample, "--out", out};
}
}  // namespace
}  // namespace trocar::app

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv, argv + argc);
  if (argc == 1) {
    if (trocar::app::guiDisplayAvailable()) return trocar::app::runGui("", false);
    arguments = trocar::app::samplePipelineArguments();
    if (std::error_code ec; !std::filesystem::exists(arguments[2], ec)) {
      std::fprintf(stderr,
                   "error: the sample case %s does not exist: put the shared test data beside the "
                   "repository (see README) or set TROCAR_SAMPLE_CASE\n",
                   arguments[2].c_str());
      return 1;
    }
  }
  CLI::App app{"Trocar: planning of percutaneous vertebroplasty from CT", "trocar"};
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
  trocar::app::addSendCommand(app);
  trocar::app::addGuiCommand(app);
  // CLI11 parses in reverse order, without the program name.
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend() - 1);
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return trocar::app::exitCode();
}
