#include "SyntheticImages.h"

#include <vector>

namespace trocar::rendertest {
namespace {

template <typename Image>
typename Image::Pointer makeImage(int size, const std::array<double, 9>& direction,
                                  typename Image::PixelType fill) {
  auto image = Image::New();
  typename Image::RegionType region;
  region.SetSize({static_cast<itk::SizeValueType>(size), static_cast<itk::SizeValueType>(size),
                  static_cast<itk::SizeValueType>(size)});
  image->SetRegions(region);
  typename Image::DirectionType d;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) d(r, c) = direction[3 * r + c];
  image->SetDirection(d);
  image->SetOrigin(itk::Point<double, 3>());
  image->Allocate();
  image->FillBuffer(fill);
  return image;
}

bool inBlock(int i, int j, int k) {
  return i >= 40 && i <= 55 && j >= 5 && j <= 15 && k >= 20 && k <= 44;
}

}  // namespace

image::CtImage::Pointer blockCt(const std::array<double, 9>& direction) {
  auto ct = makeImage<image::CtImage>(64, direction, -1000);
  for (int k = 0; k < 64; ++k)
    for (int j = 0; j < 64; ++j)
      for (int i = 0; i < 64; ++i)
        if (inBlock(i, j, k)) ct->SetPixel({i, j, k}, 1000);
  return ct;
}

image::LabelImage::Pointer blockLabels(int label) {
  auto labels = makeImage<image::LabelImage>(64, {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0);
  for (int k = 0; k < 64; ++k)
    for (int j = 0; j < 64; ++j)
      for (int i = 0; i < 64; ++i)
        if (inBlock(i, j, k)) labels->SetPixel({i, j, k}, static_cast<uint8_t>(label));
  return labels;
}

image::LabelImage::Pointer sphereLabels(const std::vector<Sphere>& spheres, int size) {
  auto labels = makeImage<image::LabelImage>(size, {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0);
  for (int k = 0; k < size; ++k)
    for (int j = 0; j < size; ++j)
      for (int i = 0; i < size; ++i)
        for (const auto& s : spheres) {
          const double dx = i - s.centreIjk[0], dy = j - s.centreIjk[1], dz = k - s.centreIjk[2];
          if (dx * dx + dy * dy + dz * dz <= s.radius * s.radius)
            labels->SetPixel({i, j, k}, static_cast<uint8_t>(s.label));
        }
  return labels;
}

}  // namespace trocar::rendertest
