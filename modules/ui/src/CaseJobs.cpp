#include "trocar/ui/CaseJobs.h"

#include <cstdio>
#include <cstdlib>

#include <vtkPolyData.h>

#include "trocar/dicom/SeriesLoader.h"
#include "trocar/dicom/SeriesScanner.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::ui {

core::Result<std::vector<SeriesChoice>> listSeries(const std::filesystem::path& path) {
  if (image::isVolumeFile(path))
    return std::vector<SeriesChoice>{{"", path.filename().string(), 0, false}};
  const auto report = dicom::scanDicom(path);
  std::vector<SeriesChoice> choices;
  for (const auto& s : report.stacks) {
    if (s.planes.empty()) continue;
    SeriesChoice c;
    c.id = s.id;
    c.localizer = s.isLocalizer;
    const auto& first = s.planes.front();
    c.voxels = static_cast<size_t>(first.rows) * first.columns * s.planes.size();
    char text[256];
    std::snprintf(text, sizeof text, "%s: %u x %u x %zu, %.2f mm pixels, %.2f mm slices%s",
                  s.id.c_str(), unsigned{first.columns}, unsigned{first.rows}, s.planes.size(),
                  first.columnSpacingMm, s.sliceSpacingMm, s.isLocalizer ? " (localizer)" : "");
    c.description = text;
    choices.push_back(std::move(c));
  }
  if (choices.empty()) return core::Error{path.string(), "no image series found"};
  return choices;
}

core::Result<image::CtVolume> loadCase(const std::filesystem::path& path,
                                       const std::optional<std::string>& series,
                                       const core::Progress& progress) {
  if (!std::filesystem::exists(path)) return core::Error{path.string(), "does not exist"};
  if (image::isVolumeFile(path)) {
    progress.report(0.05, "reading volume");
    auto volume = image::readVolume(path);
    if (progress.cancelled()) return core::Error{path.string(), "cancelled"};
    progress.report(1.0, "read");
    return volume;
  }
  return dicom::loadDicom(path, series, {}, progress);
}

core::Result<SegmentedCase> segmentCase(const image::CtVolume& volume,
                                        const core::Progress& progress,
                                        const segment::SegmentOptions& options) {
  auto anatomy = segment::segmentSpine(volume, options, progress.sub(0.0, 0.8));
  if (!anatomy) return anatomy.error();
  if (progress.cancelled()) return core::Error{"", "cancelled"};
  SegmentedCase out;
  out.anatomy = std::move(anatomy).value();
  std::vector<std::pair<int, std::string>> names;
  for (const auto& v : out.anatomy.vertebrae) names.emplace_back(v.label, v.name);
  out.surfaces = render::buildLevelSurfaces(*out.anatomy.levels, names, progress.sub(0.8, 0.95));
  if (progress.cancelled()) return core::Error{"", "cancelled"};
  progress.report(0.95, "body contour");
  auto planning = plan::PlanningCase::create(volume, out.anatomy);
  if (!planning) return planning.error();
  out.planning = std::make_shared<const plan::PlanningCase>(std::move(planning).value());
  // A skin needs no detail, and its triangles cost every 3D frame.
  out.skin = render::buildMaskSurface(*out.planning->bodyMask(), 1, 4.0);
  progress.report(1.0, "segmented");
  return out;
}

std::filesystem::path sampleCasePath() {
  if (const char* env = std::getenv("TROCAR_SAMPLE_CASE"); env && *env) return env;
  return std::filesystem::path(TROCAR_SHARED_TESTDATA_DIR) / "totalseg" / "example_ct.nii.gz";
}

}  // namespace trocar::ui
