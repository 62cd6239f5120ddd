#pragma once

#include <string>

class OFCondition;

namespace trocar::dicom::detail {

// Registers DCMTK's JPEG, JPEG-LS and RLE decoders once per process (thread-safe) and quietens
// DCMTK's own logger: problems reach users as our errors, naming the file, not as stderr noise.
void ensureDcmtkReady();

// DCMTK's condition texts ("I/O suspension or premature end of stream") in words a user can act on.
std::string plainReason(const OFCondition& condition);

}  // namespace trocar::dicom::detail
