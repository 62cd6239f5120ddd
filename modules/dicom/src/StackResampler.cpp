#include "StackResampler.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace trocar::dicom::detail {

namespace {

constexpr double kAirHu = -1024;

template <typename Pixel>
double sampleBilinear(const Pixel* image, size_t columns, size_t rows, double x, double y) {
  // Half a pixel of tolerance at the edges so that exact grid positions never fall outside.
  if (x < -0.5 || y < -0.5 || x > columns - 0.5 || y > rows - 0.5) return kAirHu;
  x = std::clamp(x, 0.0, static_cast<double>(columns - 1));
  y = std::clamp(y, 0.0, static_cast<double>(rows - 1));
  const size_t x0 = static_cast<size_t>(x), y0 = static_cast<size_t>(y);
  const size_t x1 = std::min(x0 + 1, columns - 1), y1 = std::min(y0 + 1, rows - 1);
  const double fx = x - x0, fy = y - y0;
  const double top = image[y0 * columns + x0] * (1 - fx) + image[y0 * columns + x1] * fx;
  const double bottom = image[y1 * columns + x0] * (1 - fx) + image[y1 * columns + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

template <typename Pixel>
Pixel toPixel(double v) {
  if constexpr (std::is_integral_v<Pixel>) {
    return static_cast<Pixel>(std::clamp(std::nearbyint(v), -32768.0, 32767.0));
  } else {
    return static_cast<Pixel>(v);
  }
}

}  // namespace

template <typename Pixel>
void resampleSlices(const std::vector<SourceSlice<Pixel>>& slices, size_t columns, size_t rows,
                    double columnSpacingMm, double rowSpacingMm, const StackLayout& layout,
                    Pixel* out, unsigned threads) {
  const VolumeGrid& grid = layout.grid;
  const size_t nx = grid.size[0], ny = grid.size[1], nz = grid.size[2];
  auto work = [&](size_t kBegin, size_t kEnd) {
    for (size_t k = kBegin; k < kEnd; ++k) {
      const double along = slices.front().alongMm + k * grid.spacingMm[2];
      // The two source slices around this depth (the same one twice at the ends).
      size_t hi = static_cast<size_t>(std::lower_bound(slices.begin(), slices.end(), along,
                                                       [](const SourceSlice<Pixel>& s, double a) {
                                                         return s.alongMm < a - 1e-6;
                                                       }) -
                                      slices.begin());
      hi = std::min(hi, slices.size() - 1);
      const size_t lo = hi > 0 && slices[hi].alongMm > along + 1e-6 ? hi - 1 : hi;
      const auto& a = slices[lo];
      const auto& b = slices[hi];
      const double gap = b.alongMm - a.alongMm;
      const double t = gap > 1e-9 ? std::clamp((along - a.alongMm) / gap, 0.0, 1.0) : 0.0;
      Pixel* slice = out + k * nx * ny;
      for (size_t j = 0; j < ny; ++j) {
        const double v = layout.gridOffsetColumnMm + j * grid.spacingMm[1];
        for (size_t i = 0; i < nx; ++i) {
          const double u = layout.gridOffsetRowMm + i * grid.spacingMm[0];
          const double va =
              sampleBilinear(a.pixels, columns, rows, (u - a.offsetRowMm) / columnSpacingMm,
                             (v - a.offsetColumnMm) / rowSpacingMm);
          double value = va;
          if (t > 0) {
            const double vb =
                sampleBilinear(b.pixels, columns, rows, (u - b.offsetRowMm) / columnSpacingMm,
                               (v - b.offsetColumnMm) / rowSpacingMm);
            value = va * (1 - t) + vb * t;
          }
          slice[j * nx + i] = toPixel<Pixel>(value);
        }
      }
    }
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(nz)));
  std::vector<std::thread> pool;
  const size_t chunk = (nz + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work, std::min(nz, t * chunk), std::min(nz, (t + 1) * chunk));
  work(0, std::min(nz, chunk));
  for (auto& th : pool) th.join();
}

template void resampleSlices<int16_t>(const std::vector<SourceSlice<int16_t>>&, size_t, size_t,
                                      double, double, const StackLayout&, int16_t*, unsigned);
template void resampleSlices<float>(const std::vector<SourceSlice<float>>&, size_t, size_t, double,
                                    double, const StackLayout&, float*, unsigned);

}  // namespace trocar::dicom::detail
