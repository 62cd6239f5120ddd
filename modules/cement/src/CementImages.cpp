#include "trocar/cement/CementImages.h"

#include <unistd.h>

#include <algorithm>

#include <itkImageFileWriter.h>
#include <itkMetaImageIO.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>

namespace trocar::cement {
namespace {

template <typename ImageT>
typename ImageT::Pointer imageOnGrid(const CementGrid& g) {
  auto image = ImageT::New();
  typename ImageT::RegionType region;
  region.SetSize({{itk::SizeValueType(g.size[0]), itk::SizeValueType(g.size[1]), itk::SizeValueType(g.size[2])}});
  image->SetRegions(region);
  image->SetSpacing(g.spacingMm);
  typename ImageT::PointType origin;
  for (int a = 0; a < 3; ++a) origin[a] = g.originMm[a];
  image->SetOrigin(origin);
  typename ImageT::DirectionType dir;
  const core::Vec3 axes[3] = {g.u, g.v, g.w};
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 3; ++r) dir(r, c) = axes[c][r];
  image->SetDirection(dir);
  image->Allocate();
  return image;
}

}  // namespace

image::LabelImage::Pointer cementMaskImage(const InjectionDomain& domain, const CementResult& result) {
  auto image = imageOnGrid<image::LabelImage>(result.grid);
  uint8_t* out = image->GetBufferPointer();
  for (size_t i = 0; i < result.grid.voxelCount(); ++i) {
    out[i] = mask::kNone;
    if (result.saturation[i] <= 0) continue;
    const Tissue t = domain.tissueAt(i);
    if (auto leak = leakDestinationOf(t)) out[i] = uint8_t(mask::kFirstLeak + uint8_t(*leak));
    else out[i] = isBody(t) ? mask::kBody : mask::kVertebralBone;
  }
  return image;
}

image::FloatImage::Pointer fillTimeImage(const CementResult& result) {
  auto image = imageOnGrid<image::FloatImage>(result.grid);
  std::copy(result.fillTimeS.begin(), result.fillTimeS.end(), image->GetBufferPointer());
  return image;
}

core::Result<std::filesystem::path> writeFillTimeImage(const CementResult& result, const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const std::string name = path.filename().string();
  auto endsWith = [&](const std::string& e) { return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0; };
  itk::ImageIOBase::Pointer io;
  // The IO is chosen here rather than through ITK's factories, which the image module registers.
  if (endsWith(".nii") || endsWith(".nii.gz")) io = itk::NiftiImageIO::New();
  else if (endsWith(".nrrd")) io = itk::NrrdImageIO::New();
  else if (endsWith(".mha")) io = itk::MetaImageIO::New();
  else return core::Error{path.string(), "write fill times as .nii, .nii.gz, .nrrd or .mha"};
  fs::path tmp = path;
  tmp.replace_filename(".tmp-" + std::to_string(::getpid()) + "-" + name);
  auto writer = itk::ImageFileWriter<image::FloatImage>::New();
  writer->SetImageIO(io);
  writer->SetFileName(tmp.string());
  writer->SetInput(fillTimeImage(result));
  writer->UseCompressionOn();
  std::error_code ec;
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    fs::remove(tmp, ec);
    return core::Error{path.string(), std::string("cannot write: ") + e.GetDescription()};
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return core::Error{path.string(), "cannot move the written file into place"};
  }
  return path;
}

}  // namespace trocar::cement
