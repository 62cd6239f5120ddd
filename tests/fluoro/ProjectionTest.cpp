// The C-arm model: where the source and detector are for the project's angle convention, how
// points project, and how the image is oriented.
#include <gtest/gtest.h>

#include <cmath>

#include "trocar/fluoro/Projection.h"

using namespace trocar;
using namespace trocar::fluoro;
using core::Vec3;

namespace {
constexpr double kTol = 1e-9;

void expectNear(const Vec3& a, const Vec3& b, double tol) {
  EXPECT_NEAR(a.x, b.x, tol);
  EXPECT_NEAR(a.y, b.y, tol);
  EXPECT_NEAR(a.z, b.z, tol);
}
}  // namespace

TEST(CArm, DefaultsAreACommonSurgicalCArm) {
  const CArm carm;
  EXPECT_DOUBLE_EQ(carm.sidMm, 1000);
  EXPECT_NEAR(carm.detectorWidthMm(), 300, 1e-9);
  EXPECT_NEAR(carm.magnification(), 1000.0 / 750.0, 1e-12);
}

TEST(Projection, ApPutsTheSourceBehindAndShowsPatientLeftOnTheRight) {
  CArm carm;
  carm.isocentreMm = {10, 20, 30};
  const Projection p(carm);
  expectNear(p.beam(), {0, -1, 0}, kTol);  // posterior to anterior
  expectNear(p.sourceMm(), Vec3{10, 20 + 750, 30}, kTol);
  const auto centre = p.project(carm.isocentreMm);
  ASSERT_TRUE(centre);
  EXPECT_NEAR(centre->u, 255.5, kTol);
  EXPECT_NEAR(centre->v, 255.5, kTol);
  const auto left = p.project(carm.isocentreMm + Vec3{10, 0, 0});
  const auto head = p.project(carm.isocentreMm + Vec3{0, 0, 10});
  EXPECT_GT(left->u, centre->u) << "patient left on the image's right";
  EXPECT_LT(head->v, centre->v) << "head up";
  // 10 mm at the isocentre spans 10 * SID/SOD mm on the detector.
  EXPECT_NEAR((left->u - centre->u) * carm.pixelPitchMm, 10 * carm.magnification(), 1e-9);
}

TEST(Projection, LateralPutsTheDetectorOnThePatientLeftAndTheBackOnTheRight) {
  CArm carm;
  carm.angles = lateralAngles();
  const Projection p(carm);
  expectNear(p.beam(), {1, 0, 0}, kTol);
  const auto centre = p.project({0, 0, 0});
  const auto back = p.project({0, 10, 0});
  const auto head = p.project({0, 0, 10});
  EXPECT_GT(back->u, centre->u);
  EXPECT_LT(head->v, centre->v);
}

TEST(Projection, FollowsTheSharedAngleConventionAndStaysOrthonormal) {
  for (double lao : {-120.0, -35.0, 0.0, 20.0, 90.0, 170.0})
    for (double cran : {-60.0, -10.0, 0.0, 10.0, 45.0}) {
      CArm carm;
      carm.angles = {lao, cran};
      carm.isocentreMm = {5, -7, 100};
      const Projection p(carm);
      expectNear(p.beam(), core::beamDirection(carm.angles), kTol);
      EXPECT_NEAR(core::dot(p.uAxis(), p.vAxis()), 0, kTol);
      EXPECT_NEAR(core::dot(p.uAxis(), p.beam()), 0, kTol);
      EXPECT_NEAR(core::dot(p.vAxis(), p.beam()), 0, kTol);
      EXPECT_NEAR(core::norm(p.uAxis()), 1, kTol);
      EXPECT_NEAR(core::norm(p.vAxis()), 1, kTol);
      // The image is not mirrored: u x v points back to the source, as for an observer at the
      // detector looking at the patient.
      expectNear(core::cross(p.uAxis(), p.vAxis()), -p.beam(), kTol);
      // Project and back-project a detector point.
      const auto uv = p.project(p.detectorPointMm(100.25, 400.75));
      ASSERT_TRUE(uv);
      EXPECT_NEAR(uv->u, 100.25, 1e-9);
      EXPECT_NEAR(uv->v, 400.75, 1e-9);
      EXPECT_NEAR(p.magnificationAt(carm.isocentreMm), carm.magnification(), 1e-12);
    }
}

TEST(Projection, BarrelViewLooksAlongTheNeedle) {
  const Vec3 tip{12, -5, 40}, hub{40, 80, 60};
  CArm carm;
  carm.angles = barrelAngles(tip, hub);
  carm.isocentreMm = tip;
  const Projection p(carm);
  const auto a = p.project(tip), b = p.project(hub);
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->u, b->u, 1e-6);
  EXPECT_NEAR(a->v, b->v, 1e-6);
  EXPECT_GT(core::dot(p.beam(), tip - hub), 0) << "the beam runs from hub to tip";
}

TEST(CArm, ParsesTheViewsOfTheCommandLine) {
  const auto ap = parseViewAngles("ap"), lateral = parseViewAngles("lateral");
  ASSERT_TRUE(ap && lateral);
  EXPECT_EQ(ap->laoDeg, 0);
  EXPECT_EQ(lateral->laoDeg, 90);
  const auto a = parseViewAngles("lao=20,cran=10");
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->laoDeg, 20);
  EXPECT_DOUBLE_EQ(a->cranialDeg, 10);
  const auto b = parseViewAngles("rao=12.5,caud=7");
  ASSERT_TRUE(b);
  EXPECT_DOUBLE_EQ(b->laoDeg, -12.5);
  EXPECT_DOUBLE_EQ(b->cranialDeg, -7);
  const auto c = parseViewAngles("cran=15");
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->laoDeg, 0);
  for (const char* bad : {"", "barrel", "lao=", "lao=x", "tilt=3", "lao=20,", "cran=95", "lao=200"})
    EXPECT_FALSE(parseViewAngles(bad)) << bad;
}
