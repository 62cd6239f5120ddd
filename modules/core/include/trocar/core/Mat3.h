#pragma once

#include "trocar/core/Vec3.h"

namespace trocar::core {

// A 3x3 matrix stored by columns: for an image direction matrix the columns are the LPS
// directions of the i, j and k voxel axes, as in ITK and DICOM.
struct Mat3 {
  Vec3 col[3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

  static Mat3 fromColumns(const Vec3& c0, const Vec3& c1, const Vec3& c2) { return {{c0, c1, c2}}; }
  double operator()(int row, int column) const { return col[column][row]; }
  Vec3 operator*(const Vec3& v) const { return col[0] * v.x + col[1] * v.y + col[2] * v.z; }
  Mat3 operator*(const Mat3& o) const {
    return fromColumns(*this * o.col[0], *this * o.col[1], *this * o.col[2]);
  }
  Mat3 transposed() const;
  double determinant() const { return dot(col[0], cross(col[1], col[2])); }
  Mat3 inverse() const;
};

}  // namespace trocar::core
