#include "BenchMain.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

namespace trocar::bench {

int runBenchmarks(int argc, char** argv) {
  std::vector<char*> kept;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
      ++i;  // and its folder
      continue;
    }
    kept.push_back(argv[i]);
  }
  int keptCount = static_cast<int>(kept.size());
  kept.push_back(nullptr);
  benchmark::Initialize(&keptCount, kept.data());
  if (benchmark::ReportUnrecognizedArguments(keptCount, kept.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace trocar::bench
