#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trocar/cement/SimulatePlan.h"
#include "trocar/core/Plan.h"
#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/report/KeyImage.h"
#include "trocar/report_pdf/ReportPdf.h"
#include "trocar/segment/SpineAnatomy.h"
#include "trocar/ui/CementSimulation.h"
#include "trocar/ui/WorkflowModel.h"

namespace trocar::ui {

// Everything the report of the open case needs, copied from the model on the UI thread so the
// export can run on a worker while the user goes on (the CT voxels are shared, not copied).
struct ReportExportRequest {
  std::filesystem::path pdfPath;
  bool deidentify = false;
  std::string author;  // empty: the plan's author
  image::CtVolume volume;
  std::optional<segment::SpineAnatomy> anatomy;
  core::Plan plan;
  // The cement run of the plan (shared with the model, never copied: its grids are large); null
  // when there is none or it is stale.
  std::shared_ptr<const CementSimulation> simulation;
  // The window's 3D view as the user left it; empty: rendered off screen like the CLI does.
  std::optional<report::KeyImage> view3d;
};

struct ReportExportSummary {
  std::filesystem::path path;  // absolute
  report_pdf::PdfSummary pdf;  // pages and where each key image landed
  int cementLevels = 0;
  std::vector<std::string> omitted;  // "3D view: reason"
};

// Builds the report (key images through report_images, the same code as `trocar report`) and
// writes the PDF atomically. Thread-safe given its own request; checks `progress` for cancel
// between steps. Errors name the PDF file and the reason.
core::Result<ReportExportSummary> exportReport(const ReportExportRequest& request,
                                               const core::Progress& progress = {});

// The model's cement run when it was made for the plan as it stands; null when none or stale
// (made for other needles or levels).
std::shared_ptr<const CementSimulation> currentSimulation(const WorkflowModel& model);
// Its levels (Simulate step), for the Review page and the report; none while stale.
std::vector<const cement::LevelSimulation*> simulatedLevelsOf(const WorkflowModel& model);

}  // namespace trocar::ui
