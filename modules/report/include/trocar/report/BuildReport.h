#pragma once

#include <string>
#include <vector>

#include "trocar/core/Plan.h"
#include "trocar/image/CtVolume.h"
#include "trocar/report/ReportContent.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::report {

struct ReportOptions {
  // Removes the patient's name, ID and birth date, the UIDs, the institution and the plan's free
  // text; keeps the age as a ten-year band and the study date as its year.
  bool deidentify = false;
  std::string author;         // who made the report (default: the plan's author)
  std::string reportDateUtc;  // ISO 8601; empty: now
};

// What is known about the case besides the plan; each part is optional.
struct ReportSources {
  const image::SeriesMetadata* metadata = nullptr;
  const segment::SpineAnatomy* anatomy = nullptr;
  std::vector<CementSummary> cement;  // one per simulated level (CementSummary.h)
  std::vector<KeyImage> images;
  std::vector<OmittedImage> omittedImages;
};

// The report's content: header, one table per level with every needle's metrics, verdict, reasons
// and C-arm views, cement results where simulated, key images, approval block and disclaimer.
ReportContent buildReport(const core::Plan& plan, const ReportSources& sources = {},
                          const ReportOptions& options = {});

// The fixed wording printed at the end of every report.
std::string reportDisclaimer();

}  // namespace trocar::report
