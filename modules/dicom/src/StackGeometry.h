#pragma once

#include <cstddef>

#include "trocar/core/Mat3.h"
#include "trocar/dicom/SeriesScanner.h"

namespace trocar::dicom::detail {

// Sorts the planes of a stack along the slice normal and fills its derived geometry: spacing from
// positions, duplicates removed, missing slices, non-uniform steps and gantry tilt found and
// described in warnings.
void analyseStack(SeriesStack& stack);

// The regular LPS grid a stack is loaded onto.
struct VolumeGrid {
  core::Vec3 originMm;
  core::Mat3 direction;  // columns: i (along a row), j (down a column), k (slice normal)
  double spacingMm[3] = {1, 1, 1};
  size_t size[3] = {0, 0, 0};
  size_t voxels() const { return size[0] * size[1] * size[2]; }
};

// Where each decoded plane sits relative to the first: its in-plane offset and its distance along
// the normal. Regular stacks map plane k to slice k; others need resampling onto `grid`.
struct StackLayout {
  VolumeGrid grid;
  bool needsResampling = false;
  std::vector<double> alongNormalMm;   // per plane, relative to the first plane
  std::vector<double> offsetRowMm;     // per plane, in-plane offset along the row direction
  std::vector<double> offsetColumnMm;  // per plane, in-plane offset along the column direction
  double gridOffsetRowMm = 0, gridOffsetColumnMm = 0;  // grid origin relative to the first plane
};

StackLayout planLayout(const SeriesStack& stack);

}  // namespace trocar::dicom::detail
