#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "trocar/core/Vec3.h"

namespace trocar::dicom {

// One 2D image of a CT: a single-frame file, or one frame of a multi-frame (enhanced) file.
// Holds everything needed to group, sort and decode it, read from the header only.
struct ImagePlane {
  std::filesystem::path file;
  int frame = 0;  // 0-based frame index within the file
  int framesInFile = 1;

  // Geometry in patient LPS mm. Absent for some secondary captures; then the plane cannot join a
  // 3D stack unless it is alone.
  bool hasGeometry = false;
  core::Vec3 positionMm;                // centre of the first transmitted pixel
  core::Vec3 rowDirection{1, 0, 0};     // direction of increasing column index
  core::Vec3 columnDirection{0, 1, 0};  // direction of increasing row index
  double rowSpacingMm = 1;              // distance between rows (PixelSpacing[0])
  double columnSpacingMm = 1;           // distance between columns (PixelSpacing[1])
  bool fromRetiredAcrNemaTags = false;

  uint16_t rows = 0, columns = 0;
  uint16_t bitsAllocated = 16, bitsStored = 16, highBit = 15;
  uint16_t pixelRepresentation = 0;  // 0 unsigned, 1 two's complement
  uint16_t samplesPerPixel = 1;
  std::string photometric = "MONOCHROME2";
  double rescaleSlope = 1, rescaleIntercept = 0;
  std::optional<int32_t> paddingValue;  // stored pixel value that means "outside the scan"

  std::string transferSyntaxUid;
  std::string sopClassUid, sopInstanceUid;
  int instanceNumber = 0;
  double gantryTiltDeg = 0;
  std::string imageType;  // e.g. ORIGINAL\PRIMARY\AXIAL; LOCALIZER marks scouts
  std::string acquisitionNumber;

  core::Vec3 normal() const;  // rowDirection x columnDirection, unit length
};

}  // namespace trocar::dicom
