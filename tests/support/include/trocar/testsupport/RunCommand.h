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
// A program run with its arguments (as a shell would split them), its errors captured with its
// output: the command-line tests' way of running the trocar executable.
CommandResult runProgram(const std::string& program, const std::string& arguments);
// The same, for tests that check the exit code and then read what was printed.
int runProgram(const std::string& program, const std::string& arguments, std::string& output);

}  // namespace trocar::testsupport
