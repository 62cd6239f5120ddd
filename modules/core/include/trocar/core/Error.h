#pragma once

#include <string>

namespace trocar::core {

// What went wrong, where (a file, a series, a field), and why: every failure a user can see names
// the thing and the reason, so messages are built from these three parts in one place.
struct Error {
  std::string where;   // a file path, series UID or JSON field; empty when nothing specific
  std::string reason;  // a plain sentence a radiologist or engineer can act on

  std::string message() const { return where.empty() ? reason : where + ": " + reason; }
};

}  // namespace trocar::core
