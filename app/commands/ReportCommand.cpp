#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Commands.h"
#include "LoadCase.h"
#include "PacsArgs.h"
#include "trocar/core/PlanJson.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/report_images/CaseKeyImages.h"
#include "trocar/report_pdf/ReportPdf.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::app {
namespace {

struct ReportArgs {
  std::string planPath, casePath, out, author, dicomOut;
  PacsArgs pacs;
  bool deidentify = false, simulate = false, no3d = false, ignoreChecksum = false;
};

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

int runReport(const ReportArgs& args) {
  if ((!args.dicomOut.empty() || !args.pacs.address.empty()) && args.casePath.empty())
    return fail(
        "--dicom and --pacs need --case: the report is filed in the CT's patient and study");
  if (const std::string problem = pacsArgsProblem(args.pacs); !problem.empty())
    return fail(problem);
  auto plan = core::loadPlan(args.planPath);
  if (!plan) return fail(plan.error().message());

  report::ReportSources sources;
  report::ReportOptions options;
  options.deidentify = args.deidentify;
  options.author = args.author;

  // The plan names its scan by UIDs and checksum, not by a path: images need --case.
  std::optional<image::CtVolume> volume;
  std::optional<segment::SpineAnatomy> anatomy;
  std::vector<cement::LevelSimulation> simulations;
  if (args.casePath.empty()) {
    const std::string why = "no --case given (the plan file holds no voxels)";
    for (const char* title : {"3D view", "AP and lateral DRRs", "Axial slices along the needles"})
      sources.omittedImages.push_back({title, why});
  } else {
    auto loaded = app::loadCase(args.casePath);
    if (!loaded) return fail(loaded.error().message());
    volume = std::move(loaded).value();
    if (!args.dicomOut.empty() || !args.pacs.address.empty())
      if (const std::string problem =
              dicom_export::reportDicomProblem(volume->metadata, args.deidentify);
          !problem.empty())
        return fail(args.casePath + ": --dicom/--pacs: " + problem);
    const std::string checksum = plan::caseReferenceOf(*volume).volumeChecksum;
    if (checksum != plan->caseReference.volumeChecksum && !args.ignoreChecksum)
      return fail(args.casePath + " is not the scan the plan was made on (checksum " + checksum +
                  ", the plan's " + plan->caseReference.volumeChecksum +
                  "); --ignore-checksum to report anyway");
    auto segmented = segment::segmentSpine(*volume);
    if (!segmented) return fail(segmented.error().message());
    anatomy = std::move(segmented).value();
    if (args.simulate)
      for (const auto& level : plan->levels) {
        auto sim = cement::simulateLevel(*volume, *anatomy, plan.value(), level.name);
        if (!sim) return fail(sim.error().message());
        simulations.push_back(std::move(sim).value());
      }
    report_images::ReportCase c{&*volume, &*anatomy, &plan.value(), {}};
    for (const auto& s : simulations) c.cement.push_back(&s);
    report_images::View3dSource view3d;
    view3d.render = !args.no3d;
    view3d.omittedBecause = "not requested (--no-3d)";
    report_images::addCaseSources(c, report_images::attenuationWithCement(c), view3d, sources);
  }

  const report::ReportContent content = report::buildReport(plan.value(), sources, options);
  auto written = report_pdf::writeReportPdf(content, args.out);
  if (!written) return fail(written.error().message());
  std::printf("report written to %s (%d pages, %zu key images%s)\n", written->path.string().c_str(),
              written->pageCount, written->images.size(), args.deidentify ? ", de-identified" : "");
  for (const auto& o : content.omittedImages)
    std::printf("  not included: %s - %s\n", o.title.c_str(), o.reason.c_str());
  if (args.dicomOut.empty() && args.pacs.address.empty()) return 0;
  const std::filesystem::path dicomOut =
      args.dicomOut.empty() ? std::filesystem::path(args.out).replace_extension(".dcm")
                            : std::filesystem::path(args.dicomOut);
  return writeAndSendReportDicom(written->path, volume->metadata, args.deidentify, dicomOut,
                                 args.pacs);
}

}  // namespace

void addReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "Write the plan report as PDF (headless)");
  cmd->add_option("plan", args->planPath, "Plan file (JSON)")->required();
  cmd->add_option("--out", args->out, "PDF to write")->required();
  cmd->add_option("--case", args->casePath,
                  "The plan's CT (volume file or DICOM folder): adds the header's patient "
                  "data, vertebra measures and the key images");
  cmd->add_flag("--deidentify", args->deidentify,
                "Remove name, ID, birth date, UIDs and notes; age as a 10-year band");
  cmd->add_option("--author", args->author, "Who writes the report (default: the plan's author)");
  cmd->add_flag("--simulate", args->simulate,
                "With --case: simulate each level's cement and report it");
  cmd->add_flag("--no-3d", args->no3d, "Leave out the 3D view (it needs OpenGL)");
  cmd->add_flag("--ignore-checksum", args->ignoreChecksum,
                "Report even if --case is not the plan's scan");
  cmd->add_option("--dicom", args->dicomOut,
                  "With --case: also write the report as DICOM (Encapsulated PDF in the CT's "
                  "patient and study) to this file");
  addPacsOptions(*cmd, args->pacs, false);
  cmd->callback([args] { exitCode() = runReport(*args); });
}

}  // namespace trocar::app
