#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "trocar/core/Error.h"
#include "trocar/core/Vec3.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/image/CtVolume.h"

namespace trocar::dicom::writer {

// Everything that makes one CT image file: pixels, where they are, and who they belong to.
// Series-level fields come from the metadata (already completed: UIDs and dates filled).
struct SliceFile {
  std::filesystem::path path;
  const int16_t* hu = nullptr;  // columns * rows values, row by row
  int columns = 0, rows = 0;
  core::Vec3 positionMm, rowDirection{1, 0, 0}, columnDirection{0, 1, 0};
  double rowSpacingMm = 1, columnSpacingMm = 1;  // between rows (along columnDirection), columns
  double sliceThicknessMm = 0;                   // 0: not written
  double spacingBetweenSlicesMm = 0;             // 0: not written
  double gantryTiltDeg = 0;
  int instanceNumber = 1;
  std::string sopInstanceUid;
  std::string imageType = "ORIGINAL\\PRIMARY\\AXIAL";
  bool emptySeriesInstanceUid = false;
  const image::SeriesMetadata* metadata = nullptr;
  TransferSyntax syntax = TransferSyntax::kExplicitLittleEndian;
  bool storeSigned = true;  // false: unsigned stored values with intercept -1024
};

// Builds the data set and saves it as a Part 10 file. Thread-safe for distinct files once
// ensureEncodersReady() has run.
std::optional<core::Error> writeSliceFile(const SliceFile& slice);

// Does every value fit unsigned 16-bit storage with intercept -1024?
bool fitsUnsignedOffset(const int16_t* hu, size_t count);

}  // namespace trocar::dicom::writer
