#include "trocar/dicom_export/PacsPeer.h"

#include <cctype>

namespace trocar::dicom_export {

std::string aeTitleProblem(const std::string& aeTitle) {
  if (aeTitle.empty()) return "is empty";
  if (aeTitle.size() > 16) return "is longer than 16 characters";
  bool onlySpaces = true;
  for (unsigned char c : aeTitle) {
    if (c < 0x20 || c >= 0x7f || c == '\\') return "holds a character not allowed in AE titles";
    onlySpaces = onlySpaces && c == ' ';
  }
  return onlySpaces ? "holds only spaces" : "";
}

core::Result<PacsPeer> parsePacsPeer(const std::string& hostPort, const std::string& calledAeTitle,
                                     const std::string& callingAeTitle) {
  PacsPeer peer;
  const auto bad = [&](const std::string& why) {
    return core::Error{"PACS address \"" + hostPort + "\"", why};
  };
  const size_t colon = hostPort.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == hostPort.size())
    return bad("expected HOST:PORT, e.g. pacs.example.org:104");
  peer.host = hostPort.substr(0, colon);
  if (peer.host.front() == '[' && peer.host.back() == ']')
    peer.host = peer.host.substr(1, peer.host.size() - 2);
  const std::string port = hostPort.substr(colon + 1);
  long value = 0;
  for (unsigned char c : port) {
    if (!std::isdigit(c)) return bad("the port \"" + port + "\" is not a number");
    value = value * 10 + (c - '0');
    if (value > 65535) break;
  }
  if (value < 1 || value > 65535) return bad("the port " + port + " is not in 1-65535");
  peer.port = static_cast<uint16_t>(value);
  if (const std::string why = aeTitleProblem(calledAeTitle); !why.empty())
    return core::Error{"called AE title \"" + calledAeTitle + "\"", why};
  if (const std::string why = aeTitleProblem(callingAeTitle); !why.empty())
    return core::Error{"calling AE title \"" + callingAeTitle + "\"", why};
  peer.calledAeTitle = calledAeTitle;
  peer.callingAeTitle = callingAeTitle;
  return peer;
}

std::string describe(const PacsPeer& peer) {
  const bool ipv6 = peer.host.find(':') != std::string::npos;
  return peer.calledAeTitle + " at " + (ipv6 ? "[" + peer.host + "]" : peer.host) + ":" +
         std::to_string(peer.port);
}

}  // namespace trocar::dicom_export
