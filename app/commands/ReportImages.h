#pragma once

#include <vector>

#include "trocar/cement/SimulatePlan.h"
#include "trocar/core/Plan.h"
#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/image/CtVolume.h"
#include "trocar/report/BuildReport.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::app {

// The case a report is made from: the plan's CT, its segmentation and any simulated levels.
struct ReportCase {
  const image::CtVolume* volume = nullptr;
  const segment::SpineAnatomy* anatomy = nullptr;
  const core::Plan* plan = nullptr;
  std::vector<const cement::LevelSimulation*> cement;
};

// The CT's attenuation with every simulated level's cement in it.
fluoro::AttenuationVolume attenuationWithCement(const ReportCase& c);

// Fills the report's sources from the case: header metadata, anatomy, cement summaries, and the
// key images: the 3D view (when OpenGL is available), AP and lateral DRRs of the plan with needles
// and cement, and one axial slice along each needle. What cannot be made is listed as omitted.
void addCaseSources(const ReportCase& c, const fluoro::AttenuationVolume& attenuation, bool want3d,
                    report::ReportSources& sources);

}  // namespace trocar::app
