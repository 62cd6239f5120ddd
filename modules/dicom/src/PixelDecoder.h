#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "trocar/core/Result.h"
#include "trocar/dicom/ImagePlane.h"

class DcmFileFormat;

namespace trocar::dicom::detail {

// What a decode repaired or found, summed into the volume's warnings.
struct DecodeStats {
  size_t paddingVoxels = 0;        // pixels equal to Pixel Padding Value, set to air
  size_t clampedVoxels = 0;        // HU outside int16, clamped
  bool bitsStoredIgnored = false;  // values used more bits than Bits Stored declared
  bool readAsSigned = false;       // Pixel Representation said unsigned but data was sign-extended
};

// HU given to padding pixels (outside the reconstructed field of view): air.
constexpr int16_t kPaddingHu = -1024;

// Decodes image planes into HU. One decoder per thread: it keeps the file it loaded last (frames
// of a multi-frame file are decoded in turn) and its scratch buffers between calls.
class PixelDecoder {
 public:
  PixelDecoder();
  ~PixelDecoder();
  PixelDecoder(const PixelDecoder&) = delete;
  PixelDecoder& operator=(const PixelDecoder&) = delete;

  // Writes rows*columns HU values to `hu` (row-major) and, when `huFloat` is not null, the exact
  // values too. Errors name the file and the reason.
  core::Result<DecodeStats> decode(const ImagePlane& plane, int16_t* hu, float* huFloat);

 private:
  core::Result<bool> load(const std::filesystem::path& file);
  // Points raw16_ at the frame's 16-bit samples, or fills words_ with wider/narrower ones.
  core::Result<bool> fetchRaw(const ImagePlane& plane);

  std::unique_ptr<DcmFileFormat> file_;
  std::filesystem::path loadedPath_;
  uint32_t nextFragment_ = 0;
  int lastFrame_ = -1;
  std::vector<uint8_t> scratch_;
  std::vector<int32_t> words_;   // 8- and 32-bit samples, and JPEG 2000 output, widened
  const void* raw16_ = nullptr;  // 16-bit samples: DCMTK's buffer or scratch_, not copied
  bool rawIsJ2k_ = false;
};

}  // namespace trocar::dicom::detail
