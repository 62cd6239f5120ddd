#include "trocar/image/VolumeIO.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <mutex>
#include <system_error>

#include <unistd.h>

#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <itkImageRegionConstIterator.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

namespace trocar::image {
namespace fs = std::filesystem;

namespace {

// We do not use ITK_USE_FILE's generated registration, so register the three formats once.
void registerFactories() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
  });
}

std::string lowerExtension(const fs::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"}) {
    const std::string e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return e;
  }
  return {};
}

template <typename TImage>
core::Result<typename TImage::Pointer> readAs(const fs::path& path) {
  registerFactories();
  std::error_code ec;
  if (!fs::exists(path, ec)) return core::Error{path.string(), "file does not exist"};
  if (lowerExtension(path).empty())
    return core::Error{
        path.string(),
        "not a NIfTI, NRRD or MetaImage file name (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd)"};
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(path.string());
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& e) {
    return core::Error{path.string(), std::string("cannot read volume: ") + e.GetDescription()};
  }
  typename TImage::Pointer image = reader->GetOutput();
  image->DisconnectPipeline();
  return image;
}

template <typename TImage>
core::Result<fs::path> writeAtomically(const TImage* image, const fs::path& path) {
  registerFactories();
  const std::string ext = lowerExtension(path);
  if (ext.empty() || ext == ".nhdr" || ext == ".mhd")
    return core::Error{path.string(), "choose a single-file format: .nii.gz, .nii, .nrrd or .mha"};
  if (image == nullptr) return core::Error{path.string(), "no image to write"};
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  // Keep the real extension at the end so ITK picks the same ImageIO for the temporary file.
  fs::path tmp = path;
  tmp.replace_filename(".tmp-" + std::to_string(::getpid()) + "-" + path.filename().string());
  auto writer = itk::ImageFileWriter<TImage>::New();
  writer->SetFileName(tmp.string());
  writer->SetInput(image);
  writer->SetUseCompression(true);
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    fs::remove(tmp, ec);
    return core::Error{path.string(), std::string("cannot write volume: ") + e.GetDescription()};
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return core::Error{path.string(), "cannot move the written file into place: " + ec.message()};
  }
  return path;
}

}  // namespace

bool isVolumeFile(const fs::path& path) { return !lowerExtension(path).empty(); }

core::Result<CtVolume> readVolume(const fs::path& path) {
  // Read as float first: the lumbar sample is int32, others may be float or uint16, and we want
  // to know what would be lost before narrowing to int16.
  auto read = readAs<FloatImage>(path);
  if (!read) return read.error();
  FloatImage::Pointer source = read.value();

  CtVolume volume;
  volume.hu = CtImage::New();
  volume.hu->CopyInformation(source);
  volume.hu->SetRegions(source->GetLargestPossibleRegion());
  volume.hu->Allocate();
  const float* in = source->GetBufferPointer();
  int16_t* out = volume.hu->GetBufferPointer();
  const size_t n = source->GetLargestPossibleRegion().GetNumberOfPixels();
  size_t clamped = 0, fractional = 0;
  for (size_t i = 0; i < n; ++i) {
    float v = in[i];
    if (v < -32768.f || v > 32767.f) {
      ++clamped;
      v = std::clamp(v, -32768.f, 32767.f);
    }
    const float r = std::nearbyint(v);
    if (r != v) ++fractional;
    out[i] = static_cast<int16_t>(r);
  }
  if (clamped)
    volume.warnings.push_back(std::to_string(clamped) +
                              " voxels outside the int16 range were clamped");
  if (fractional) {
    volume.huFloat = source;
    volume.warnings.push_back(
        "voxel values are not integers; HU kept as float beside the int16 image");
  }
  volume.metadata.modality = "CT";
  volume.metadata.seriesDescription = path.filename().string();
  return volume;
}

core::Result<LabelImage::Pointer> readLabels(const fs::path& path) {
  return readAs<LabelImage>(path);
}

core::Result<fs::path> writeVolume(const CtImage* image, const fs::path& path) {
  return writeAtomically(image, path);
}

core::Result<fs::path> writeLabels(const LabelImage* image, const fs::path& path) {
  return writeAtomically(image, path);
}

}  // namespace trocar::image
