#pragma once

#include <cstddef>

namespace trocar::bench {

// Resident-memory bookkeeping for benchmarks, from /proc/self/status. resetPeak() asks the kernel
// to restart its high-water mark (writing 5 to /proc/self/clear_refs), so the peak of one
// operation can be read in the same process: peak = peakBytes() - the resident size before it.
void resetPeak();
size_t residentBytes();  // VmRSS
size_t peakBytes();      // VmHWM since the last reset

}  // namespace trocar::bench
