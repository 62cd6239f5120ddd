#include <gtest/gtest.h>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"

using namespace trocar::core;

TEST(Geometry, AngleBetweenNearlyParallelVectorsIsAccurate) {
  // 1e-6 rad apart: acos would return 0 here; atan2 keeps ~1e-12 relative accuracy.
  EXPECT_NEAR(angleDeg({1, 0, 0}, {1, 1e-6, 0}), 1e-6 * 180 / 3.141592653589793, 1e-12);
  EXPECT_NEAR(angleDeg({1, 0, 0}, {-1, 0, 0}), 180.0, 1e-12);
  EXPECT_NEAR(angleDeg({1, 0, 0}, {0, 0, 5}), 90.0, 1e-12);
}

TEST(Geometry, InverseOfObliqueDirectionTimesItselfIsIdentity) {
  const Vec3 a = normalized({1, 0.2, 0.1}), b = normalized(cross({0.1, 1, 0.3}, a));
  const Mat3 m = Mat3::fromColumns(a * 0.7, b * 1.3, cross(a, b) * 2.0);
  const Mat3 p = m * m.inverse();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(p(r, c), r == c ? 1.0 : 0.0, 1e-12);
  EXPECT_NEAR((m.transposed())(0, 1), m(1, 0), 0);
}
