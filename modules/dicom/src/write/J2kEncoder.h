#pragma once

#include <cstdint>
#include <vector>

#include "trocar/core/Result.h"

namespace trocar::dicom::writer {

// One 16-bit greyscale frame as a lossless JPEG 2000 codestream (J2K, no JP2 box): reversible
// 5/3 wavelet, one quality layer, written to memory by OpenJPEG. DCMTK has no JPEG 2000 encoder;
// the caller wraps the codestream as encapsulated pixel data. `samples` holds rows * columns
// values, row by row; `isSigned` selects two's-complement samples (Pixel Representation 1).
core::Result<std::vector<uint8_t>> encodeJ2kLossless(const uint16_t* samples, int columns, int rows,
                                                     bool isSigned);

}  // namespace trocar::dicom::writer
