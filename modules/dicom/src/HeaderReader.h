#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "trocar/core/Result.h"
#include "trocar/dicom/ImagePlane.h"
#include "trocar/dicom/SeriesScanner.h"
#include "trocar/image/CtVolume.h"

class DcmItem;

namespace trocar::dicom::detail {

// What one file holds, read from its header only (pixel data is not loaded).
struct FileHeader {
  enum class Kind { Image, NonImage, Directory };
  Kind kind = Kind::Image;
  std::vector<ImagePlane> planes;  // one per frame
  image::SeriesMetadata metadata;
  // Attributes shared by all images of one acquisition series; used to group files whose Series
  // Instance UID is empty or missing.
  std::string seriesFallbackKey;
  NonImageObject nonImage;
  std::vector<std::string> notes;  // oddities worth a warning (retired tags, odd VRs)
};

core::Result<FileHeader> readFileHeader(const std::filesystem::path& file);

// Study/series/patient attributes from a data set (shared with the loader and the writer tests).
image::SeriesMetadata readMetadata(DcmItem& dataset);

}  // namespace trocar::dicom::detail
