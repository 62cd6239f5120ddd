#include "trocar/testsupport/RunCommand.h"

#include <sys/wait.h>

#include <cstdio>
#include <utility>

namespace trocar::testsupport {

CommandResult runCommand(const std::string& commandLine) {
  CommandResult result;
  FILE* pipe = popen(commandLine.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (const size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult runProgram(const std::string& program, const std::string& arguments) {
  return runCommand(program + " " + arguments + " 2>&1");
}

int runProgram(const std::string& program, const std::string& arguments, std::string& output) {
  CommandResult result = runProgram(program, arguments);
  output = std::move(result.output);
  return result.exitCode;
}

}  // namespace trocar::testsupport
