#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "Commands.h"
#include "LoadCase.h"
#include "trocar/core/NeedleGauges.h"
#include "trocar/core/PlanJson.h"
#include "trocar/plan/PlanTable.h"
#include "trocar/plan/ProposePlan.h"
#include "trocar/segment/Levels.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::app {
namespace {

struct PlanArgs {
  std::string input, levels, approach = "bipedicular", side, out, tableOut, author, notes;
  int gauge = 11;
  double lengthMm = 0;
};

// "L2,L4" -> VerSe labels; empty on any unknown name.
std::vector<int> parseLevels(const std::string& list, std::string& bad) {
  std::vector<int> out;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    if (name.empty()) continue;
    const int label = segment::levelFromName(name);
    if (!label) {
      bad = name;
      return {};
    }
    out.push_back(label);
  }
  return out;
}

int runPlan(const PlanArgs& args) {
  plan::ProposalRequest request;
  std::string badLevel;
  request.levels = parseLevels(args.levels, badLevel);
  if (request.levels.empty()) {
    std::cerr << "error: --levels needs level names such as L2,L4"
              << (badLevel.empty() ? "" : " (unknown: " + badLevel + ")") << "\n";
    return 2;
  }
  if (args.approach == "bipedicular")
    request.strategy = core::LevelStrategy::kBipedicular;
  else if (args.approach == "unipedicular")
    request.strategy = core::LevelStrategy::kUnipedicular;
  else {
    std::cerr << "error: --approach is bipedicular or unipedicular\n";
    return 2;
  }
  if (!args.side.empty()) {
    if (args.side != "left" && args.side != "right") {
      std::cerr << "error: --side is left or right\n";
      return 2;
    }
    request.autoSide = false;
    request.side = args.side == "left" ? core::BodySide::kLeft : core::BodySide::kRight;
  }
  if (!core::outerDiameterMm(args.gauge)) {
    std::cerr << "error: --gauge is one of 10, 11, 13, 15\n";
    return 2;
  }
  request.gauge = args.gauge;
  request.lengthMm = args.lengthMm;
  request.author = args.author;
  request.notes = args.notes;

  // CASE: a volume file, or else a DICOM folder.
  auto volume = app::loadCase(args.input);
  if (!volume) {
    std::cerr << "error: " << volume.error().message() << "\n";
    return 1;
  }
  auto anatomy = segment::segmentSpine(volume.value());
  if (!anatomy) {
    std::cerr << "error: " << anatomy.error().message() << "\n";
    return 1;
  }
  for (int level : request.levels)
    if (!anatomy->find(level)) {
      std::cerr << "error: " << segment::levelName(level)
                << " is not in the segmented field of view\n";
      return 1;
    }
  auto planningCase = plan::PlanningCase::create(volume.value(), std::move(anatomy).value());
  if (!planningCase) {
    std::cerr << "error: " << planningCase.error().message() << "\n";
    return 1;
  }
  auto proposed = plan::proposePlan(planningCase.value(), request);
  if (!proposed) {
    std::cerr << "error: " << proposed.error().message() << "\n";
    return 1;
  }
  const std::string table = plan::formatPlanTable(proposed.value());
  std::fputs(table.c_str(), stdout);
  if (!args.out.empty()) {
    auto saved = core::savePlan(proposed.value(), args.out);
    if (!saved) {
      std::cerr << "error: " << saved.error().message() << "\n";
      return 1;
    }
    std::printf("plan written to %s\n", args.out.c_str());
  }
  if (!args.tableOut.empty()) {
    std::ofstream out(args.tableOut);
    out << table;
    if (!out) {
      std::cerr << "error: cannot write " << args.tableOut << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

void addPlanCommand(CLI::App& app) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "Propose vertebroplasty needle paths with safety metrics and C-arm angles");
  cmd->add_option("case", args->input, "CT volume (.nii.gz, .nrrd, .mha) or DICOM folder")
      ->required();
  cmd->add_option("--levels", args->levels, "Levels to treat, e.g. L2,L4")->required();
  cmd->add_option("--approach", args->approach, "bipedicular (default) or unipedicular");
  cmd->add_option("--side", args->side, "Unipedicular: left or right (default: the safer)");
  cmd->add_option("--gauge", args->gauge, "Needle gauge: 10, 11 (default), 13 or 15");
  cmd->add_option("--length", args->lengthMm,
                  "Needle length in mm (default: the shortest of 100/125/150 that reaches)");
  cmd->add_option("--out", args->out, "Plan file to write (JSON)");
  cmd->add_option("--table", args->tableOut, "Also write the table to this text file");
  cmd->add_option("--author", args->author, "Who planned");
  cmd->add_option("--notes", args->notes, "Free text kept with the plan");
  cmd->callback([args] { exitCode() = runPlan(*args); });
}

}  // namespace trocar::app
