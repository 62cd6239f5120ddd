#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "trocar/core/Result.h"

namespace trocar::dicom::detail {

struct J2kImage {
  unsigned width = 0, height = 0;
  unsigned precision = 0;  // bits per sample as coded
  bool isSigned = false;
};

// Decodes one JPEG 2000 frame (raw codestream or JP2 file format) of a single-component image
// into `samples` (resized to width*height, row-major). DCMTK has no JPEG 2000 codec, so DICOM
// transfer syntaxes 1.2.840.10008.1.2.4.90/.91 come here through OpenJPEG.
core::Result<J2kImage> decodeJ2k(const uint8_t* data, size_t size, std::vector<int32_t>& samples);

// True when a fragment starts a new JPEG 2000 frame (SOC marker or JP2 signature box).
bool startsJ2kFrame(const uint8_t* data, size_t size);

}  // namespace trocar::dicom::detail
