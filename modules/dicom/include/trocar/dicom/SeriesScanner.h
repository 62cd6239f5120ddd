#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "trocar/core/Error.h"
#include "trocar/core/Progress.h"
#include "trocar/dicom/ImagePlane.h"
#include "trocar/image/CtVolume.h"

namespace trocar::dicom {

// A set of planes that can form one regular 3D volume: same series, orientation, size and
// pixel spacing. Planes are sorted along the slice normal (never by file name or Instance Number).
struct SeriesStack {
  std::string id;                 // short, stable key shown by `trocar info` and used by --series
  std::string seriesInstanceUid;  // from the data set, or synthesised when it was empty/missing
  bool seriesUidSynthesised = false;
  image::SeriesMetadata metadata;
  std::vector<ImagePlane> planes;

  // Derived geometry (valid when planes.size() >= 1)
  core::Vec3 sliceNormal{0, 0, 1};
  double sliceSpacingMm = 0;   // the most common step between sorted positions, along the normal
  bool uniformSpacing = true;  // all steps within tolerance of sliceSpacingMm
  double gantryTiltDeg = 0;    // angle between the stacking direction and the slice normal
  bool isLocalizer = false;    // a scout/localizer (IMAGE TYPE or a lone plane of another shape)
  std::vector<std::string> warnings;  // missing slices, duplicates, non-uniform spacing, tilt...
  // The voxels loadStack() will produce, after filling gaps and undoing a tilt (columns, rows,
  // slices): what `trocar info` shows, so the user sees the volume they will get.
  std::array<size_t, 3> volumeSize{0, 0, 0};

  size_t slices() const { return planes.size(); }
};

// A DICOM object that is not an image this reader stacks (SR, SEG, PDF, presentation state, RT...).
struct NonImageObject {
  std::filesystem::path file;
  std::string sopClassUid, sopClassName, modality, seriesInstanceUid;
};

struct ScanReport {
  std::vector<SeriesStack> stacks;  // largest first
  std::vector<NonImageObject> nonImages;
  std::vector<core::Error> errors;  // each unreadable file, with the reason
  size_t filesExamined = 0;
};

struct ScanOptions {
  bool recursive = true;
  bool useDicomdir = true;  // read DICOMDIR when present and list the files it references
};

// Scans a folder (or one file) for DICOM images and groups them into stacks. Never throws and
// never stops at a bad file: each one lands in ScanReport::errors.
ScanReport scanDicom(const std::filesystem::path& path, const ScanOptions& options = {},
                     const core::Progress& progress = {});

}  // namespace trocar::dicom
