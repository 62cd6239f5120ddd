#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "StackGeometry.h"

namespace trocar::dicom::detail {

// One decoded plane and where it lies relative to the stack's first plane (mm).
template <typename Pixel>
struct SourceSlice {
  const Pixel* pixels;
  double alongMm, offsetRowMm, offsetColumnMm;
};

// Resamples sorted slices (any spacing, any in-plane shear) onto the regular grid: bilinear in
// the slice plane, linear between the two slices that bracket each output slice. Points outside
// every slice become air. `columns`/`rows` and the two pixel spacings describe the source slices.
template <typename Pixel>
void resampleSlices(const std::vector<SourceSlice<Pixel>>& slices, size_t columns, size_t rows,
                    double columnSpacingMm, double rowSpacingMm, const StackLayout& layout,
                    Pixel* out, unsigned threads);

}  // namespace trocar::dicom::detail
