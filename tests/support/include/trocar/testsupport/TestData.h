#pragma once

#include <filesystem>
#include <string>

namespace trocar::testsupport {

// The shared real-data folder (../shared/testdata beside the repository). Tests that need it call
// requireSharedData(), which fails the test with a clear message when the folder is missing:
// in CI a missing data set must be red, never a silent skip.
std::filesystem::path sharedTestData();
std::filesystem::path sharedFile(const std::string& relative);

// A fresh empty folder under the build tree for one test's outputs; removed and recreated.
std::filesystem::path scratchDir(const std::string& name);

}  // namespace trocar::testsupport

#define TROCAR_REQUIRE_SHARED(relative)                                                           \
  do {                                                                                            \
    if (!std::filesystem::exists(::trocar::testsupport::sharedFile(relative)))                    \
      GTEST_FAIL() << "shared test data missing: " << ::trocar::testsupport::sharedFile(relative) \
                   << " (expected ../shared/testdata beside the repository)";                     \
  } while (0)
