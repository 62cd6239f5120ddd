// `trocar segment` end to end: a DICOM folder as well as a volume file, the three outputs
// written and readable, and a case that cannot be read named in the error.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "trocar/image/VolumeIO.h"
#include "trocar/testsupport/RunCommand.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;

namespace {

struct Segmented {
  int exitCode = -1;
  std::string output;
  std::set<int> labels;     // in the level map
  nlohmann::json anatomy;   // the anatomy file
};

Segmented segmentWithTheCli(const std::string& input, const std::string& scratchName) {
  const auto dir = testsupport::scratchDir(scratchName);
  const auto labels = dir / "labels.nii.gz", parts = dir / "parts.nii.gz", anatomy = dir / "anatomy.json";
  auto run = testsupport::runCommand(std::string(TROCAR_EXE) + " segment " + input + " --out " +
                                     labels.string() + " --parts " + parts.string() + " --anatomy " +
                                     anatomy.string() + " 2>&1");
  Segmented s{run.exitCode, std::move(run.output), {}, {}};
  if (s.exitCode != 0) return s;
  if (auto map = image::readLabels(labels)) {
    const auto& image = *map.value();
    const uint8_t* p = image.GetBufferPointer();
    for (size_t i = 0, n = image.GetPixelContainer()->Size(); i < n; ++i) s.labels.insert(p[i]);
  }
  std::ifstream in(anatomy);
  s.anatomy = nlohmann::json::parse(in, nullptr, false);
  return s;
}

}  // namespace

TEST(SegmentCli, SegmentsADicomFolder) {
  const char* kSeries = "totalseg/example_ct_dicom";
  TROCAR_REQUIRE_SHARED(kSeries);
  const auto s = segmentWithTheCli(testsupport::sharedFile(kSeries).string(), "segment-cli-dicom");
  ASSERT_EQ(s.exitCode, 0) << s.output;
  // The level map holds T11 (18) and T12 (19), as the anatomy file names them, both cut by the
  // field's edge (2 cm of spine).
  EXPECT_TRUE(s.labels.count(18) && s.labels.count(19)) << s.output;
  ASSERT_TRUE(s.anatomy.is_object()) << s.output;
  std::set<std::string> names;
  for (const auto& v : s.anatomy.at("vertebrae")) {
    names.insert(v.at("name").get<std::string>());
    EXPECT_TRUE(v.at("partial").get<bool>()) << v.at("name");
  }
  EXPECT_EQ(names, (std::set<std::string>{"T11", "T12"}));
}

TEST(SegmentCli, SegmentsAVolumeFile) {
  const char* kCt = "totalseg/example_ct.nii.gz";
  TROCAR_REQUIRE_SHARED(kCt);
  const auto s = segmentWithTheCli(testsupport::sharedFile(kCt).string(), "segment-cli-nifti");
  ASSERT_EQ(s.exitCode, 0) << s.output;
  for (int lumbar = 20; lumbar <= 24; ++lumbar) EXPECT_TRUE(s.labels.count(lumbar)) << lumbar;
  std::set<std::string> names;
  for (const auto& v : s.anatomy.at("vertebrae")) names.insert(v.at("name").get<std::string>());
  for (const char* level : {"T12", "L1", "L2", "L3", "L4", "L5"}) EXPECT_TRUE(names.count(level)) << level;
}

TEST(SegmentCli, NamesTheCaseItCannotRead) {
  const auto s = segmentWithTheCli("/nonexistent/case-folder", "segment-cli-missing");
  EXPECT_EQ(s.exitCode, 1) << s.output;
  EXPECT_NE(s.output.find("/nonexistent/case-folder"), std::string::npos) << s.output;
}
