#include "trocar/ui/ReportExport.h"

#include "trocar/report/BuildReport.h"
#include "trocar/report_images/CaseKeyImages.h"
#include "trocar/report_pdf/ReportPdf.h"

namespace trocar::ui {

core::Result<ReportExportSummary> exportReport(const ReportExportRequest& request,
                                               const core::Progress& progress) {
  const std::string file = request.pdfPath.string();
  if (request.pdfPath.empty()) return core::Error{"", "no file name given for the report"};
  if (!request.volume.hu) return core::Error{file, "no case is open"};
  if (request.plan.needles.empty()) return core::Error{file, "the plan has no needles yet"};
  const auto cancelled = [&] { return core::Error{file, "cancelled"}; };

  report_images::ReportCase reportCase;
  reportCase.volume = &request.volume;
  reportCase.anatomy = request.anatomy ? &*request.anatomy : nullptr;
  reportCase.plan = &request.plan;
  if (request.simulation)
    for (const auto& level : request.simulation->levels) reportCase.cement.push_back(&level);

  progress.report(0.05, "attenuation of the CT and the cement");
  const fluoro::AttenuationVolume attenuation = report_images::attenuationWithCement(reportCase);
  if (progress.cancelled()) return cancelled();

  progress.report(0.25, "DRRs and slices along the needles");
  report::ReportSources sources;
  report_images::View3dSource view3d;
  view3d.render = !request.view3d;
  view3d.given = request.view3d;
  report_images::addCaseSources(reportCase, attenuation, view3d, sources);
  if (progress.cancelled()) return cancelled();

  progress.report(0.75, "laying out the PDF");
  report::ReportOptions options;
  options.deidentify = request.deidentify;
  options.author = request.author;
  const report::ReportContent content = report::buildReport(request.plan, sources, options);
  auto written = report_pdf::writeReportPdf(content, request.pdfPath);
  if (!written) return core::Error{file, written.error().reason};
  progress.report(1.0, "written");

  ReportExportSummary summary;
  std::error_code ec;
  summary.path = std::filesystem::absolute(written->path, ec);
  if (ec) summary.path = written->path;
  summary.pdf = written.value();
  summary.cementLevels = static_cast<int>(sources.cement.size());
  for (const auto& o : content.omittedImages) summary.omitted.push_back(o.title + ": " + o.reason);
  return summary;
}

std::shared_ptr<const CementSimulation> currentSimulation(const WorkflowModel& model) {
  // A run made for other needles or levels is not this plan's result: left out until run again.
  if (!model.simulation() || model.simulationIsStale()) return nullptr;
  return model.simulation();
}

std::vector<const cement::LevelSimulation*> simulatedLevelsOf(const WorkflowModel& model) {
  std::vector<const cement::LevelSimulation*> levels;
  if (const auto run = currentSimulation(model))
    for (const auto& level : run->levels) levels.push_back(&level);
  return levels;
}

}  // namespace trocar::ui
