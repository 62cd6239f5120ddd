#pragma once

namespace trocar::bench {

// main() of a benchmark that needs no scratch data: drops the `--data DIR` that scripts/bench.sh
// passes to every benchmark, then runs Google Benchmark and rejects any other unknown flag.
int runBenchmarks(int argc, char** argv);

}  // namespace trocar::bench
