#include <gtest/gtest.h>

#include "trocar/segment/Levels.h"

using namespace trocar::segment;

TEST(Levels, NamesFollowVerseNumbering) {
  EXPECT_EQ(levelName(1), "C1");
  EXPECT_EQ(levelName(8), "T1");
  EXPECT_EQ(levelName(19), "T12");
  EXPECT_EQ(levelName(20), "L1");
  EXPECT_EQ(levelName(24), "L5");
  EXPECT_EQ(levelName(25), "L6");
  EXPECT_EQ(levelName(26), "S");
  EXPECT_EQ(levelName(28), "T13");
  EXPECT_EQ(levelName(27), "?");
  for (int v : {1, 7, 8, 19, 20, 24, 25, 26, 28}) EXPECT_EQ(levelFromName(levelName(v)), v) << v;
  EXPECT_EQ(levelFromName("l3"), 22);
  EXPECT_EQ(levelFromName("S1"), 26);
  EXPECT_EQ(levelFromName("X2"), 0);
  EXPECT_EQ(levelFromName("T14"), 0);
}

TEST(Levels, WalkingTheColumnCrossesTransitionalLevelsOnlyWhenPresent) {
  EXPECT_EQ(levelBelow(verse::kT12, 1), verse::kL1);
  EXPECT_EQ(levelBelow(verse::kT12, 1, true), verse::kT13);
  EXPECT_EQ(levelBelow(verse::kT13, 1, true), verse::kL1);
  EXPECT_EQ(levelBelow(verse::kL5, 1), verse::kSacrum);
  EXPECT_EQ(levelBelow(verse::kL5, 1, false, true), verse::kL6);
  EXPECT_EQ(levelBelow(verse::kSacrum, -6), verse::kT12);
  EXPECT_EQ(levelBelow(verse::kC1, -1), 0);
  EXPECT_EQ(levelBelow(verse::kSacrum, 1), 0);
}
