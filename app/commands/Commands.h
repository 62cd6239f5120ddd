#pragma once

#include <CLI/CLI.hpp>

// Each subcommand lives in its own file and registers itself on the top-level app here.
// A command's callback runs the work and sets the process exit code through exitCode().
namespace trocar::app {

int& exitCode();

void addInfoCommand(CLI::App& app);
void addConvertCommand(CLI::App& app);
void addSegmentCommand(CLI::App& app);
void addSimulateCommand(CLI::App& app);
void addDrrCommand(CLI::App& app);
void addPlanCommand(CLI::App& app);
void addReportCommand(CLI::App& app);
void addPipelineCommand(CLI::App& app);
void addSendCommand(CLI::App& app);
void addGuiCommand(CLI::App& app);
// The workstation window (GuiCommand.cpp): `trocar` with no arguments opens it when a display exists.
bool guiDisplayAvailable();
int runGui(const std::string& path, bool sample);
// The lumbar sample case (GuiCommand.cpp, from the workstation's notion of it).
std::string sampleCasePath();

}  // namespace trocar::app
