#pragma once

#include <filesystem>
#include <string>

#include "trocar/core/Result.h"
#include "trocar/dicom_export/PacsPeer.h"

namespace trocar::dicom_export {

struct StoreReceipt {
  std::string sopClassUid, sopInstanceUid;
  unsigned status = 0;  // the C-STORE response status: 0 success, 0xB000-0xB007 warnings
  double seconds = 0;   // association, transfer and release
};

// Sends one DICOM file to `peer` with C-STORE: proposes the file's SOP class with its own
// transfer syntax and explicit/implicit little endian, sends, releases. Every wait is bounded by
// peer.timeoutS, so a PACS that does not answer costs that long and no longer. Errors name the
// peer and the reason: connection refused or timed out, association rejected, SOP class not
// accepted, store failed with the status in hex.
core::Result<StoreReceipt> sendToPacs(const std::filesystem::path& file, const PacsPeer& peer);

}  // namespace trocar::dicom_export
