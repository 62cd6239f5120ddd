#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "Commands.h"
#include "LoadCase.h"
#include "PacsArgs.h"
#include "trocar/cement/CementImages.h"
#include "trocar/core/PlanJson.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/PlanNeedles.h"
#include "trocar/fluoro/PngFile.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/plan/PlanTable.h"
#include "trocar/plan/ProposePlan.h"
#include "trocar/report/DrrImages.h"
#include "trocar/report_images/CaseKeyImages.h"
#include "trocar/report_pdf/ReportPdf.h"
#include "trocar/segment/Levels.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::app {
namespace {
namespace fs = std::filesystem;

struct PipelineArgs {
  std::string input, out, levels = "L2,L3,L4", approach = "bipedicular", cement = "medium",
                          author = "trocar pipeline";
  double volumeMl = 4;
  bool deidentify = false, no3d = false, noSimulate = false;
  PacsArgs pacs;
};

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

// Prints "[n/6] step ... 1.23 s  detail" as each step ends, so a slow step shows where time goes.
class StepClock {
 public:
  void start(const char* name) {
    name_ = name;
    ++step_;
    start_ = std::chrono::steady_clock::now();
  }
  void done(const std::string& detail) {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::printf("[%d/6] %-9s %7.2f s  %s\n", step_, name_, s, detail.c_str());
    std::fflush(stdout);
  }

 private:
  const char* name_ = "";
  int step_ = 0;
  std::chrono::steady_clock::time_point start_;
};

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

int runPipeline(const PipelineArgs& args) {
  plan::ProposalRequest request;
  std::stringstream levelList(args.levels);
  for (std::string name; std::getline(levelList, name, ',');) {
    if (name.empty()) continue;
    const int label = segment::levelFromName(name);
    if (!label)
      return fail("--levels: unknown level \"" + name + "\" (expected names such as L2,L3,L4)");
    request.levels.push_back(label);
  }
  if (request.levels.empty()) return fail("--levels needs at least one level");
  if (args.approach == "bipedicular")
    request.strategy = core::LevelStrategy::kBipedicular;
  else if (args.approach == "unipedicular")
    request.strategy = core::LevelStrategy::kUnipedicular;
  else
    return fail("--approach is bipedicular or unipedicular");
  core::CementViscosity viscosity;
  if (args.cement == "low")
    viscosity = core::CementViscosity::kLow;
  else if (args.cement == "medium")
    viscosity = core::CementViscosity::kMedium;
  else if (args.cement == "high")
    viscosity = core::CementViscosity::kHigh;
  else
    return fail("--cement is low, medium or high");
  if (!(args.volumeMl > 0)) return fail("--volume must be above 0 mL");
  request.author = args.author;
  if (const std::string problem = pacsArgsProblem(args.pacs); !problem.empty())
    return fail(problem);

  const fs::path out(args.out);
  std::error_code ec;
  fs::create_directories(out / "drr", ec);
  if (ec) return fail(out.string() + ": " + ec.message());
  StepClock clock;
  const auto total = std::chrono::steady_clock::now();

  clock.start("load");
  auto volume = app::loadCase(args.input);
  if (!volume) return fail(volume.error().message());
  if (!args.pacs.address.empty())
    if (const std::string problem =
            dicom_export::reportDicomProblem(volume->metadata, args.deidentify);
        !problem.empty())
      return fail(args.input + ": --pacs: " + problem);
  const auto size = volume->hu->GetLargestPossibleRegion().GetSize();
  const auto spacing = volume->hu->GetSpacing();
  clock.done(fmt("%.0f x %.0f x ", double(size[0]), double(size[1])) + std::to_string(size[2]) +
             " voxels of " + fmt("%.2f x %.2f x %.2f mm", spacing[0], spacing[1], spacing[2]));

  clock.start("segment");
  auto anatomy = segment::segmentSpine(volume.value());
  if (!anatomy) return fail(anatomy.error().message());
  std::string found;
  for (const auto& v : anatomy->vertebrae) found += (found.empty() ? "" : " ") + v.name;
  clock.done(std::to_string(anatomy->vertebrae.size()) + " vertebrae: " + found);
  for (int level : request.levels)
    if (!anatomy->find(level))
      return fail(segment::levelName(level) + " is not in the segmented field of view");

  clock.start("plan");
  auto planningCase = plan::PlanningCase::create(volume.value(), anatomy.value());
  if (!planningCase) return fail(planningCase.error().message());
  auto proposed = plan::proposePlan(planningCase.value(), request);
  if (!proposed) return fail(proposed.error().message());
  core::Plan plan = std::move(proposed).value();
  for (auto& level : plan.levels) {
    level.cement.volumeMl = args.volumeMl;
    level.cement.viscosity = viscosity;
    level.cement.startMinAfterMixing = core::usualStartMinAfterMixing(viscosity);  // its dough time
  }
  const fs::path planPath = out / "plan.json";
  if (auto saved = core::savePlan(plan, planPath); !saved) return fail(saved.error().message());
  const std::string table = plan::formatPlanTable(plan);
  std::ofstream(out / "plan.txt") << table;
  int safe = 0, caution = 0, unsafe = 0;
  for (const auto& n : plan.needles)
    (n.assessment.verdict == core::Verdict::kSafe      ? safe
     : n.assessment.verdict == core::Verdict::kCaution ? caution
                                                       : unsafe)++;
  clock.done(std::to_string(plan.needles.size()) + " needles (" + std::to_string(safe) + " safe, " +
             std::to_string(caution) + " caution, " + std::to_string(unsafe) + " unsafe)");
  std::fputs(table.c_str(), stdout);

  clock.start("simulate");
  std::vector<cement::LevelSimulation> simulations;
  if (args.noSimulate) {
    clock.done("skipped (--no-simulate): the report has no cement results");
  } else {
    std::string summary;
    for (const auto& level : plan.levels) {
      auto sim = cement::simulateLevel(volume.value(), anatomy.value(), plan, level.name);
      if (!sim) {
        std::fprintf(stderr, "warning: %s cement not simulated: %s\n", level.name.c_str(),
                     sim.error().message().c_str());
        continue;
      }
      const auto& r = sim->result;
      summary += (summary.empty() ? "" : "; ") + level.name +
                 fmt(" %.2f mL in (%.0f %% of the body's volume), %.2f mL leaked, %.0f %% of the "
                     "body reached",
                     r.injectedMl, 100 * r.injectedToBodyFraction(), r.leakedMl,
                     100 * r.bodyFillFraction);
      const fs::path maskPath = out / ("cement_" + level.name + ".nii.gz");
      if (auto w =
              image::writeLabels(cement::cementMaskImage(sim->domain, r).GetPointer(), maskPath);
          !w)
        return fail(w.error().message());
      simulations.push_back(std::move(sim).value());
    }
    clock.done(std::to_string(simulations.size()) + " levels, " + args.cement +
               " viscosity: " + summary);
  }

  clock.start("drr");
  report_images::ReportCase reportCase{&volume.value(), &anatomy.value(), &plan, {}};
  for (const auto& s : simulations) reportCase.cement.push_back(&s);
  const fluoro::AttenuationVolume attenuation = report_images::attenuationWithCement(reportCase);
  const core::Vec3 centre = report::targetsCentreMm(plan);
  int written = 0;
  const auto writeView = [&](const core::CArmAngles& angles, const core::Vec3& isocentre,
                             const std::string& name) {
    auto w = fluoro::writePng(report::planDrr(attenuation, plan, angles, isocentre),
                              out / "drr" / (name + ".png"));
    if (!w) throw std::runtime_error(w.error().message());
    ++written;
  };
  try {
    writeView(fluoro::apAngles(), centre, "ap");
    writeView(fluoro::lateralAngles(), centre, "lateral");
    for (const auto& n : plan.needles)
      writeView(fluoro::barrelAnglesOf(n), n.targetMm, "barrel_" + n.id);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  clock.done(std::to_string(written) + " PNG views in " + (out / "drr").string() +
             " (AP, lateral, down the barrel of each needle)");

  clock.start("report");
  report::ReportSources sources;
  report_images::View3dSource view3d;
  view3d.render = !args.no3d;
  view3d.omittedBecause = "not requested (--no-3d)";
  report_images::addCaseSources(reportCase, attenuation, view3d, sources);
  report::ReportOptions options;
  options.deidentify = args.deidentify;
  options.author = args.author;
  const report::ReportContent content = report::buildReport(plan, sources, options);
  const fs::path pdfPath = out / "report.pdf";
  auto pdf = report_pdf::writeReportPdf(content, pdfPath);
  if (!pdf) return fail(pdf.error().message());
  std::string omitted;
  for (const auto& o : content.omittedImages) omitted += "; " + o.title + " left out: " + o.reason;
  clock.done(std::to_string(pdf->pageCount) + " pages, " + std::to_string(pdf->images.size()) +
             " key images" + omitted);
  if (!args.pacs.address.empty())
    if (int rc = writeAndSendReportDicom(pdf->path, volume->metadata, args.deidentify,
                                         out / "report.dcm", args.pacs))
      return rc;

  const double totalS =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - total).count();
  std::printf("done in %.1f s\nplan:   %s\nreport: %s\n", totalS,
              fs::absolute(planPath).string().c_str(), fs::absolute(pdf->path).string().c_str());
  return 0;
}

}  // namespace

void addPipelineCommand(CLI::App& app) {
  auto args = std::make_shared<PipelineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "pipeline", "Headless end to end: load, segment, plan, simulate cement, DRRs, report PDF");
  cmd->add_option("case", args->input, "CT volume (.nii.gz, .nrrd, .mha) or DICOM folder")
      ->required();
  cmd->add_option("--out", args->out,
                  "Output folder (plan.json, plan.txt, cement_*.nii.gz, drr/*.png, report.pdf)")
      ->required();
  cmd->add_option("--levels", args->levels, "Levels to treat")->capture_default_str();
  cmd->add_option("--approach", args->approach, "bipedicular or unipedicular")
      ->capture_default_str();
  cmd->add_option("--volume", args->volumeMl, "Cement volume per level, mL")->capture_default_str();
  cmd->add_option("--cement", args->cement, "Cement viscosity class: low, medium or high")
      ->capture_default_str();
  cmd->add_option("--author", args->author, "Author written into the plan and the report")
      ->capture_default_str();
  cmd->add_flag("--deidentify", args->deidentify, "De-identify the report");
  cmd->add_flag("--no-simulate", args->noSimulate, "Skip the cement simulation");
  cmd->add_flag("--no-3d", args->no3d, "Leave the 3D view out of the report");
  addPacsOptions(*cmd, args->pacs, false);
  cmd->callback([args] { exitCode() = runPipeline(*args); });
}

}  // namespace trocar::app
