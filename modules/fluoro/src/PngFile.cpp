#include "trocar/fluoro/PngFile.h"

#include <algorithm>

#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkPNGImageIO.h>
#include <itkRGBPixel.h>

namespace trocar::fluoro {

namespace {

template <typename Pixel, typename Fill>
core::Result<std::filesystem::path> write(int columns, int rows, Fill fill,
                                          const std::filesystem::path& path) {
  using Image = itk::Image<Pixel, 2>;
  auto image = Image::New();
  typename Image::SizeType size;
  size[0] = columns;
  size[1] = rows;
  image->SetRegions(size);
  image->Allocate();
  fill(image->GetBufferPointer());
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto writer = itk::ImageFileWriter<Image>::New();
  writer->SetImageIO(itk::PNGImageIO::New());
  writer->SetFileName(path.string());
  writer->SetInput(image);
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    return core::Error{path.string(), std::string("cannot write PNG: ") + e.GetDescription()};
  }
  return path;
}

}  // namespace

core::Result<std::filesystem::path> writePng(const GrayImage& image,
                                             const std::filesystem::path& path) {
  return write<uint8_t>(
      image.columns, image.rows,
      [&](uint8_t* out) { std::copy(image.pixels.begin(), image.pixels.end(), out); }, path);
}

core::Result<std::filesystem::path> writePng(const RgbImage& image,
                                             const std::filesystem::path& path) {
  using Rgb = itk::RGBPixel<uint8_t>;
  return write<Rgb>(
      image.columns, image.rows,
      [&](Rgb* out) {
        for (std::size_t i = 0; i < image.rgb.size() / 3; ++i)
          out[i].Set(image.rgb[3 * i], image.rgb[3 * i + 1], image.rgb[3 * i + 2]);
      },
      path);
}

}  // namespace trocar::fluoro
