#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trocar/cement/SimulatePlan.h"
#include "trocar/core/Plan.h"
#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/image/CtVolume.h"
#include "trocar/report/BuildReport.h"
#include "trocar/report/KeyImage.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::report_images {

// The case a report is made from: the plan's CT, its segmentation and any simulated levels.
// Pointers, not copies: the caller keeps them alive while images are made.
struct ReportCase {
  const image::CtVolume* volume = nullptr;
  const segment::SpineAnatomy* anatomy = nullptr;
  const core::Plan* plan = nullptr;
  std::vector<const cement::LevelSimulation*> cement;
};

// How the report gets its 3D view.
struct View3dSource {
  // Rendered off screen here (needs OpenGL; built from the segmentation's label map, a few
  // seconds on the lumbar case).
  bool render = true;
  // Else a picture made elsewhere, e.g. the workstation's own 3D view as the user left it.
  std::optional<report::KeyImage> given;
  // Else it is left out, with this reason printed in its place.
  std::string omittedBecause = "not requested";
};

// The CT's attenuation with every simulated level's cement in it.
fluoro::AttenuationVolume attenuationWithCement(const ReportCase& c);

// For each of the plan's needles, in order, the oblique axial slice containing the whole needle
// path, oriented by the needle's vertebra (when the anatomy is known) and tinted where that
// level's simulated cement is. The vertebra's frame (~0.25 s) and the cement mask are worked out
// once per level, not once per needle.
std::vector<report::KeyImage> needleSlicesOf(const ReportCase& c);

// Fills the report's sources from the case: header metadata, anatomy, cement summaries, and the
// key images: the 3D view, AP and lateral DRRs of the plan with needles and cement, and one axial
// slice along each needle. What cannot be made is listed as omitted, with the reason.
void addCaseSources(const ReportCase& c, const fluoro::AttenuationVolume& attenuation,
                    const View3dSource& view3d, report::ReportSources& sources);

}  // namespace trocar::report_images
