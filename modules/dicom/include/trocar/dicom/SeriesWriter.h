#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::dicom {

enum class TransferSyntax {
  kExplicitLittleEndian,  // 1.2.840.10008.1.2.1
  kImplicitLittleEndian,  // 1.2.840.10008.1.2
  kExplicitBigEndian,     // 1.2.840.10008.1.2.2 (retired, still met in old archives)
  kRleLossless,           // 1.2.840.10008.1.2.5, DCMTK's encoder
  kJpegLosslessSv1,       // 1.2.840.10008.1.2.4.70, DCMTK's IJG encoder, predictor 1
  kJpeg2000Lossless,      // 1.2.840.10008.1.2.4.90, OpenJPEG (reversible 5/3)
};
std::string transferSyntaxUid(TransferSyntax syntax);

enum class FileNaming {
  kOrdered,   // CT000001.dcm ... in slice order
  kShuffled,  // CT000001.dcm ... but the numbers are a seeded permutation of the slices
  kRandom,    // 16 hexadecimal characters without extension, seeded (PACS-export style)
};

// How stored values encode HU. kAuto stores unsigned with intercept -1024 when every voxel is at
// least -1024 HU (most scanners), and signed with intercept 0 otherwise.
enum class PixelStorage { kAuto, kSigned, kUnsignedOffset };

struct WriteOptions {
  TransferSyntax transferSyntax = TransferSyntax::kExplicitLittleEndian;
  FileNaming naming = FileNaming::kOrdered;
  uint64_t namingSeed = 1;
  std::string filePrefix = "CT";
  PixelStorage pixelStorage = PixelStorage::kAuto;
  // Position of slice k = image origin + k * step. By default the step is the image's third
  // direction column times its third spacing (so a sheared ITK image writes a tilted-gantry
  // series by itself); set this to override, e.g. to tilt an orthogonal image's stack.
  // Gantry/Detector Tilt is written as the angle between the step and the slice normal.
  std::optional<core::Vec3> sliceStepMm;
  // Write (0020,000E) Series Instance UID empty, for readers' fallback grouping.
  bool emptySeriesInstanceUid = false;
  // Slice indices (0-based) not to write, to simulate a missing slice. Instance numbers of the
  // others keep their place (k + 1), so the gap shows there too.
  std::vector<int> omitSlices;
  int threads = 0;  // 0: all hardware threads
};

// A UID under DCMTK's site root, unique to this process and call.
std::string newDicomUid();
// The local date and time now as DICOM writes them: DA "YYYYMMDD" and TM "HHMMSS".
struct DicomDateTime {
  std::string date, time;
};
DicomDateTime dicomNow();
// Fills empty study, series and frame-of-reference UIDs (and dates/times) in place. Call it
// before writing when the caller needs to know the UIDs (e.g. to add a localizer later).
void completeSeriesMetadata(image::SeriesMetadata& metadata);

// Writes one CT Image Storage Part 10 file per slice of `image` into `folder` (created when
// missing), slices in parallel. Geometry comes from the ITK image in LPS: Image Position
// (Patient) is the centre of each slice's first pixel, Image Orientation (Patient) the first two
// direction columns, Pixel Spacing the first two spacings (row spacing first). Metadata fields
// left empty are filled: UIDs are generated, dates set to today, modality CT.
// Returns the files written, in slice order.
// Progress is reported per slice written; when cancelled, the files already written are removed
// and the Error reads "cancelled".
core::Result<std::vector<std::filesystem::path>> writeCtSeries(
    const image::CtImage& image, const std::filesystem::path& folder,
    const image::SeriesMetadata& metadata, const WriteOptions& options = {},
    const core::Progress& progress = {});
core::Result<std::vector<std::filesystem::path>> writeCtSeries(const image::CtVolume& volume,
                                                               const std::filesystem::path& folder,
                                                               const WriteOptions& options = {},
                                                               const core::Progress& progress = {});

// Writes a scout image (Image Type ORIGINAL\PRIMARY\LOCALIZER) into the series described by
// `metadata` (use the UIDs the series was written with): a coronal projection of `image` (mean HU
// along the image's j axis), seen from the front, at a different size and orientation than the
// axial slices - the situation readers must not stack. Named <prefix>LOC.dcm.
core::Result<std::filesystem::path> writeLocalizer(const image::CtImage& image,
                                                   const std::filesystem::path& folder,
                                                   const image::SeriesMetadata& metadata,
                                                   const WriteOptions& options = {},
                                                   int instanceNumber = 0);

}  // namespace trocar::dicom
