#include "PeakMemory.h"

#include <fstream>
#include <string>

namespace trocar::bench {

namespace {
size_t statusField(const char* name) {
  std::ifstream in("/proc/self/status");
  std::string key;
  size_t kilobytes = 0;
  while (in >> key) {
    if (key == name) {
      in >> kilobytes;
      return kilobytes * 1024;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}
}  // namespace

void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }
size_t residentBytes() { return statusField("VmRSS:"); }
size_t peakBytes() { return statusField("VmHWM:"); }

}  // namespace trocar::bench
