#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "Commands.h"
#include "LoadCase.h"
#include "trocar/cement/CementImages.h"
#include "trocar/cement/ResultTable.h"
#include "trocar/cement/SimulatePlan.h"
#include "trocar/core/PlanJson.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::app {
namespace {

struct SimulateArgs {
  std::string planPath, casePath, level, cement, stop, out, fillTimeOut;
  double volumeMl = 0, rateMlPerMin = 0, startMin = -1, pressureLimitKpa = 0, spacingMm = 0.5;
  bool ignoreChecksum = false;
};

// "cement.nii.gz" -> "cement_L3.nii.gz" when a plan has several levels.
std::filesystem::path perLevel(const std::string& path, const std::string& level, bool several) {
  if (!several) return path;
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  const size_t dot = name.find('.');
  name = dot == std::string::npos ? name + "_" + level : name.substr(0, dot) + "_" + level + name.substr(dot);
  return p.parent_path() / name;
}

int runSimulate(const SimulateArgs& args) {
  auto plan = core::loadPlan(args.planPath);
  if (!plan) {
    std::cerr << "error: " << plan.error().message() << "\n";
    return 1;
  }
  cement::SimulationOverrides overrides;
  if (args.volumeMl > 0) overrides.volumeMl = args.volumeMl;
  if (args.rateMlPerMin > 0) overrides.rateMlPerMin = args.rateMlPerMin;
  if (args.startMin >= 0) overrides.startMinAfterMixing = args.startMin;
  if (args.pressureLimitKpa > 0) overrides.pressureLimitKpa = args.pressureLimitKpa;
  if (!args.cement.empty()) {
    if (args.cement == "low") overrides.viscosity = core::CementViscosity::kLow;
    else if (args.cement == "medium") overrides.viscosity = core::CementViscosity::kMedium;
    else if (args.cement == "high") overrides.viscosity = core::CementViscosity::kHigh;
    else {
      std::cerr << "error: --cement is low, medium or high\n";
      return 2;
    }
  }
  if (!args.stop.empty()) {
    if (args.stop == "planned-volume" || args.stop == "volume") overrides.stopCriterion = core::StopCriterion::kPlannedVolume;
    else if (args.stop == "posterior-wall") overrides.stopCriterion = core::StopCriterion::kPosteriorWall;
    else if (args.stop == "leakage" || args.stop == "leak") overrides.stopCriterion = core::StopCriterion::kLeakage;
    else if (args.stop == "endplate") overrides.stopCriterion = core::StopCriterion::kEndplate;
    else if (args.stop == "pressure-limit") overrides.stopCriterion = core::StopCriterion::kPressureLimit;
    else {
      std::cerr << "error: --stop is planned-volume, posterior-wall, leakage, endplate or pressure-limit\n";
      return 2;
    }
  }
  std::vector<std::string> levels;
  for (const auto& l : plan->levels)
    if (args.level.empty() || l.name == args.level) levels.push_back(l.name);
  if (levels.empty()) {
    std::cerr << "error: the plan has no level " << (args.level.empty() ? "at all" : args.level) << "\n";
    return 1;
  }

  // The plan names its scan by UIDs and checksum, not by a path: --case gives the volume.
  auto volume = app::loadCase(args.casePath);
  if (!volume) {
    std::cerr << "error: " << volume.error().message() << "\n";
    return 1;
  }
  const core::CaseReference reference = plan::caseReferenceOf(volume.value());
  if (reference.volumeChecksum != plan->caseReference.volumeChecksum && !args.ignoreChecksum) {
    std::cerr << "error: " << args.casePath << " is not the scan the plan was made on (checksum "
              << reference.volumeChecksum << ", the plan's " << plan->caseReference.volumeChecksum
              << "); --ignore-checksum to simulate anyway\n";
    return 1;
  }
  auto anatomy = segment::segmentSpine(volume.value());
  if (!anatomy) {
    std::cerr << "error: " << anatomy.error().message() << "\n";
    return 1;
  }
  cement::DomainOptions domainOptions;
  domainOptions.spacingMm = args.spacingMm;
  int status = 0;
  for (const std::string& level : levels) {
    auto sim = cement::simulateLevel(volume.value(), anatomy.value(), plan.value(), level, overrides, domainOptions);
    if (!sim) {
      std::cerr << "error: " << sim.error().message() << "\n";
      status = 1;
      continue;
    }
    const auto& g = sim->domain.grid;
    std::printf("grid %d x %d x %d at %.2f mm around %s\n", g.size[0], g.size[1], g.size[2], g.spacingMm, level.c_str());
    std::fputs(cement::formatResultTable(level, sim->request, sim->result).c_str(), stdout);
    const bool several = levels.size() > 1;
    if (!args.out.empty()) {
      const auto path = perLevel(args.out, level, several);
      auto written = image::writeLabels(cement::cementMaskImage(sim->domain, sim->result).GetPointer(), path);
      if (!written) {
        std::cerr << "error: " << written.error().message() << "\n";
        return 1;
      }
      std::printf("cement mask written to %s (1 body, 2 pedicle/posterior, 3-8 leaks: canal, foramen, superior "
                  "disc, inferior disc, paravertebral, anterior)\n",
                  path.string().c_str());
    }
    if (!args.fillTimeOut.empty()) {
      const auto path = perLevel(args.fillTimeOut, level, several);
      auto written = cement::writeFillTimeImage(sim->result, path);
      if (!written) {
        std::cerr << "error: " << written.error().message() << "\n";
        return 1;
      }
      std::printf("fill times written to %s (s; -1 never filled)\n", path.string().c_str());
    }
  }
  return status;
}

}  // namespace

void addSimulateCommand(CLI::App& app) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand("simulate", "Simulate the cement injection of a plan's levels and print the results");
  cmd->add_option("plan", args->planPath, "Plan file (JSON)")->required();
  cmd->add_option("--case", args->casePath, "The plan's CT: a volume file or a DICOM folder")->required();
  cmd->add_option("--level", args->level, "Only this planned level (default: every level)");
  cmd->add_option("--volume", args->volumeMl, "Cement volume per level, mL (default: the plan's)");
  cmd->add_option("--cement", args->cement, "Viscosity class: low, medium or high (default: the plan's)");
  cmd->add_option("--rate", args->rateMlPerMin, "Injection rate per level, mL/min, split between its needles");
  cmd->add_option("--start-min", args->startMin,
                  "Minutes after mixing when injection starts (default: the plan's; with another --cement, that class's "
                  "dough time)");
  cmd->add_option("--stop", args->stop,
                  "planned-volume, posterior-wall, leakage, endplate or pressure-limit (default: the plan's)");
  cmd->add_option("--pressure-limit", args->pressureLimitKpa,
                  "Stop when the tip pressure exceeds this, kPa, whatever the stop rule (default: the plan's limit "
                  "when its rule is pressure-limit)");
  cmd->add_option("--spacing", args->spacingMm, "Simulation grid spacing, mm");
  cmd->add_option("--out", args->out, "Cement mask to write (label image; _<level> added for several levels)");
  cmd->add_option("--fill-time", args->fillTimeOut, "Fill-time map to write (seconds, float image)");
  cmd->add_flag("--ignore-checksum", args->ignoreChecksum, "Simulate even if the case is not the plan's scan");
  cmd->callback([args] { exitCode() = runSimulate(*args); });
}

}  // namespace trocar::app
