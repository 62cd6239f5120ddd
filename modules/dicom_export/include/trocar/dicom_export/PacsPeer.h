#pragma once

#include <cstdint>
#include <string>

#include "trocar/core/Result.h"

namespace trocar::dicom_export {

// A DICOM storage SCP (the PACS) and who we say we are to it.
struct PacsPeer {
  std::string host;
  uint16_t port = 104;
  std::string calledAeTitle = "ANY-SCP";  // the PACS's AE title
  std::string callingAeTitle = "TROCAR";  // ours; PACSs often accept known callers only
  int timeoutS = 10;                      // connect, association and each response
};

// "host:port" (IPv4, a name, or [IPv6]:port) into a peer with the given AE titles. Errors name
// the text and what is wrong with it (no port, port out of 1-65535, AE title too long, ...).
core::Result<PacsPeer> parsePacsPeer(const std::string& hostPort, const std::string& calledAeTitle,
                                     const std::string& callingAeTitle = "TROCAR");

// The AE title rule (1-16 characters of the default repertoire, no backslash or control
// characters, not only spaces); the reason when it breaks it.
std::string aeTitleProblem(const std::string& aeTitle);

// "ORTHANC at 127.0.0.1:4242", for messages.
std::string describe(const PacsPeer& peer);

}  // namespace trocar::dicom_export
