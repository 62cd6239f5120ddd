#include "trocar/testsupport/TestData.h"

#include <cstdlib>

namespace trocar::testsupport {
namespace fs = std::filesystem;

fs::path sharedTestData() {
  if (const char* env = std::getenv("TROCAR_SHARED_TESTDATA")) return env;
  return TROCAR_SHARED_TESTDATA_DIR;
}

fs::path sharedFile(const std::string& relative) { return sharedTestData() / relative; }

fs::path scratchDir(const std::string& name) {
  fs::path dir = fs::path(TROCAR_TEST_SCRATCH_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace trocar::testsupport
