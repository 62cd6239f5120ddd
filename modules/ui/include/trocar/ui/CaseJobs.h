#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/plan/PlanningCase.h"
#include "trocar/render/LevelSurfaces.h"
#include "trocar/segment/SegmentSpine.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::ui {

// The long jobs of the workflow, as plain functions: the UI runs them on a worker thread and
// tests call them directly. None touches Qt or OpenGL.

// The image series a path holds (one for a volume file; one per stack for a DICOM folder).
struct SeriesChoice {
  std::string id;           // what loadCase's `series` takes
  std::string description;  // "CT 512x512x400, 0.7 mm, ABDOMEN"
  size_t voxels = 0;
  bool localizer = false;
};
core::Result<std::vector<SeriesChoice>> listSeries(const std::filesystem::path& path);

// A volume file (NIfTI, NRRD, MetaImage) or a DICOM file/folder; for DICOM, the stack `series`
// or the largest non-localizer one.
core::Result<image::CtVolume> loadCase(const std::filesystem::path& path,
                                       const std::optional<std::string>& series = {},
                                       const core::Progress& progress = {});

// Segmentation plus what the views and planning need from it, built off the UI thread: one
// surface per named level, the skin (the body contour), and the planning case (body mask, lazily
// built distance fields) that proposals and needle edits use.
struct SegmentedCase {
  segment::SpineAnatomy anatomy;
  std::shared_ptr<const plan::PlanningCase> planning;
  std::vector<render::LevelSurface> surfaces;
  vtkSmartPointer<vtkPolyData> skin;
};
// `options` carry the user's corrections (a vertebra named at a point, a shift of all levels).
core::Result<SegmentedCase> segmentCase(const image::CtVolume& volume,
                                        const core::Progress& progress = {},
                                        const segment::SegmentOptions& options = {});

// The lumbar sample case of the shared test data (../shared/testdata/totalseg/example_ct.nii.gz
// beside the repository), or $TROCAR_SAMPLE_CASE when set.
std::filesystem::path sampleCasePath();

}  // namespace trocar::ui
