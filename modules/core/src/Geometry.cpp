#include <algorithm>
#include <numbers>

#include "trocar/core/Mat3.h"
#include "trocar/core/Vec3.h"

namespace trocar::core {

double angleDeg(const Vec3& a, const Vec3& b) {
  const double na = norm(a), nb = norm(b);
  if (na == 0 || nb == 0) return 0;
  // atan2 of |a x b| and a.b stays accurate for nearly parallel vectors, where acos does not.
  return std::atan2(norm(cross(a, b)), dot(a, b)) * 180.0 / std::numbers::pi;
}

Mat3 Mat3::transposed() const {
  Mat3 t;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) t.col[c][r] = (*this)(c, r);
  return t;
}

Mat3 Mat3::inverse() const {
  // Rows of the inverse are the cross products of the columns, divided by the determinant.
  const double det = determinant();
  const Vec3 r0 = cross(col[1], col[2]) / det;
  const Vec3 r1 = cross(col[2], col[0]) / det;
  const Vec3 r2 = cross(col[0], col[1]) / det;
  return Mat3::fromColumns(r0, r1, r2).transposed();
}

}  // namespace trocar::core
