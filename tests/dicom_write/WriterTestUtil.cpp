#include "WriterTestUtil.h"

#include <memory>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include "trocar/phantom/Grid.h"

namespace trocar::testwrite {

image::CtImage::Pointer makeTestImage(int columns, int rows, int slices, int minHu, int maxHu) {
  phantom::Grid g =
      phantom::Grid::axial({columns, rows, slices}, {0.7, 0.9, 1.6}, {12.5, -30.25, 101.0});
  g = g.rotatedAboutCentre(phantom::rotationAbout({0.2, -0.4, 1}, 23));
  auto image = image::CtImage::New();
  g.applyTo(*image);
  image->Allocate();
  int16_t* p = image->GetBufferPointer();
  const size_t n = g.voxelCount();
  const long span = long(maxHu) - long(minHu) + 1;
  uint64_t state = 12345;
  for (size_t i = 0; i < n; ++i) {
    // A smooth ramp (compressible, like CT) plus pseudo-random detail and the extremes.
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const long ramp =
        long(i % size_t(columns)) * 37 + long(i / size_t(columns) % size_t(rows)) * 11;
    p[i] = static_cast<int16_t>(minHu + (ramp + long(state >> 58)) % span);
  }
  p[0] = static_cast<int16_t>(minHu);
  p[n - 1] = static_cast<int16_t>(maxHu);
  return image;
}

image::CtImage::Pointer readWithGdcm(const std::filesystem::path& folder, std::string& error) {
  try {
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(false);
    names->SetDirectory(folder.string());
    const auto uids = names->GetSeriesUIDs();
    if (uids.empty()) {
      error = "GDCM found no series";
      return nullptr;
    }
    auto reader = itk::ImageSeriesReader<image::CtImage>::New();
    auto io = itk::GDCMImageIO::New();
    reader->SetImageIO(io);
    reader->SetFileNames(names->GetFileNames(uids.front()));
    reader->Update();
    return reader->GetOutput();
  } catch (const itk::ExceptionObject& e) {
    error = e.GetDescription();
    return nullptr;
  }
}

std::string dicomValue(const std::filesystem::path& file, const std::string& tag) {
  DcmFileFormat f;
  if (f.loadFile(file.string().c_str()).bad()) return "<unreadable>";
  unsigned g = 0, e = 0;
  std::sscanf(tag.c_str(), "%x,%x", &g, &e);
  const DcmTagKey key(static_cast<Uint16>(g), static_cast<Uint16>(e));
  OFString value;
  DcmItem* item =
      g == 0x0002 ? static_cast<DcmItem*>(f.getMetaInfo()) : static_cast<DcmItem*>(f.getDataset());
  if (item->findAndGetOFStringArray(key, value).bad()) return "<absent>";
  return value.c_str();
}

}  // namespace trocar::testwrite
