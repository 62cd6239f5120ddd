#include <gtest/gtest.h>

#include "trocar/core/CArmAngles.h"

using namespace trocar::core;

TEST(CArmAngles, ReferenceViewsPointWhereTheConventionSays) {
  const Vec3 ap = beamDirection({0, 0});
  EXPECT_NEAR(ap.y, -1.0, 1e-12);  // towards anterior
  const Vec3 lao90 = beamDirection({90, 0});
  EXPECT_NEAR(lao90.x, 1.0, 1e-12);  // detector on the patient's left
  const Vec3 cran30 = beamDirection({0, 30});
  EXPECT_NEAR(cran30.z, 0.5, 1e-12);
  EXPECT_NEAR(cran30.y, -std::sqrt(3.0) / 2, 1e-12);
}

TEST(CArmAngles, AnglesForBeamInvertsBeamDirection) {
  for (double lao = -170; lao <= 170; lao += 17)
    for (double cran = -80; cran <= 80; cran += 16) {
      const CArmAngles back = anglesForBeam(beamDirection({lao, cran}) * 3.0);
      EXPECT_NEAR(back.laoDeg, lao, 1e-9);
      EXPECT_NEAR(back.cranialDeg, cran, 1e-9);
    }
  EXPECT_EQ(describe({-12.34, -5}), "RAO 12.3\u00b0, CAUD 5.0\u00b0");
}
