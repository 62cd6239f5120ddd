#include <gtest/gtest.h>

#include <fstream>

#include "trocar/testsupport/TestData.h"
#include "trocar/ui/RecentCases.h"

using namespace trocar;

TEST(RecentCases, MostRecentFirstWithoutDuplicatesAndKeptAcrossRestarts) {
  const auto dir = testsupport::scratchDir("ui-recent");
  const auto file = dir / "recent.json";
  for (const char* name : {"a.nrrd", "b.nrrd", "c.nrrd"}) std::ofstream(dir / name) << "x";
  {
    ui::RecentCases recent(file, 2);
    recent.add(dir / "a.nrrd");
    recent.add(dir / "b.nrrd");
    recent.add(dir / "a.nrrd");
    ASSERT_EQ(recent.paths().size(), 2u);
    EXPECT_EQ(recent.paths()[0].filename(), "a.nrrd");
    recent.add(dir / "c.nrrd");
    EXPECT_EQ(recent.paths()[1].filename(), "a.nrrd");  // b fell off the end
  }
  ui::RecentCases reloaded(file, 2);
  ASSERT_EQ(reloaded.paths().size(), 2u);
  EXPECT_EQ(reloaded.paths()[0].filename(), "c.nrrd");
  std::filesystem::remove(dir / "c.nrrd");
  reloaded.pruneMissing();
  ASSERT_EQ(reloaded.paths().size(), 1u);
  EXPECT_EQ(reloaded.paths()[0].filename(), "a.nrrd");
}

TEST(RecentCases, ADamagedFileGivesAnEmptyList) {
  const auto dir = testsupport::scratchDir("ui-recent-damaged");
  std::ofstream(dir / "recent.json") << "{ not json";
  ui::RecentCases recent(dir / "recent.json");
  EXPECT_TRUE(recent.paths().empty());
}
