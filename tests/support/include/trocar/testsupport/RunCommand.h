#pragma once

#include <string>

namespace trocar::testsupport {

// A shell command run to its end: its exit code (-1 when it could not be started or did not
// exit normally) and what it wrote to standard output (add 2>&1 for its errors too).
struct CommandResult {
  int exitCode = -1;
  std::string output;
};
CommandResult runCommand(const std::string& commandLine);

}  // namespace trocar::testsupport
