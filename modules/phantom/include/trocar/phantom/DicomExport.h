#pragma once

#include <filesystem>
#include <vector>

#include "trocar/core/Result.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/phantom/Rasterize.h"

namespace trocar::phantom {

// A phantom written as a DICOM CT series, with its ground truth kept alongside.
struct PhantomSeries {
  PhantomImages images;                      // what was written (CT) and its label maps
  image::SeriesMetadata metadata;            // with the UIDs and dates the files carry
  std::vector<std::filesystem::path> files;  // in slice order
};

// Rasterises the phantom on `grid` and writes it to `folder` in one go: the helper tests and
// benchmarks use to make DICOM input with exact truth. A sheared grid writes a tilted-gantry
// series (positions step along the grid's third axis, Gantry/Detector Tilt set).
core::Result<PhantomSeries> writePhantomSeries(const SpinePhantom& phantom, const Grid& grid,
                                               const std::filesystem::path& folder,
                                               const dicom::WriteOptions& writeOptions = {},
                                               const RasterOptions& rasterOptions = {});

}  // namespace trocar::phantom
