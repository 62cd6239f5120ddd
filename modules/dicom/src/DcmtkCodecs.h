#pragma once

namespace trocar::dicom::detail {

// Registers DCMTK's JPEG, JPEG-LS and RLE decoders once per process (thread-safe) and quietens
// DCMTK's own logger: problems reach users as our errors, naming the file, not as stderr noise.
void ensureDcmtkReady();

}  // namespace trocar::dicom::detail
