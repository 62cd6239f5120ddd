#include <cmath>
#include <vector>

#include "DcmtkEncoders.h"
#include "SliceFile.h"
#include "trocar/dicom/SeriesWriter.h"

namespace trocar::dicom {
namespace fs = std::filesystem;
using core::Vec3;

core::Result<fs::path> writeLocalizer(const image::CtImage& image, const fs::path& folder,
                                      const image::SeriesMetadata& metadata,
                                      const WriteOptions& options, int instanceNumber) {
  const auto size = image.GetLargestPossibleRegion().GetSize();
  const int nx = int(size[0]), ny = int(size[1]), nz = int(size[2]);
  if (nx <= 0 || ny <= 0 || nz <= 0)
    return core::Error{folder.string(), "cannot project an empty image"};
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return core::Error{folder.string(), "cannot create the folder: " + ec.message()};
  writer::ensureEncodersReady();
  image::SeriesMetadata m = metadata;
  completeSeriesMetadata(m);

  // A frontal projection: the mean HU along j, seen with the top of the patient up (the image
  // rows run from the last slice to the first).
  std::vector<int16_t> scout(size_t(nx) * size_t(nz));
  const int16_t* hu = image.GetBufferPointer();
  for (int k = 0; k < nz; ++k)
    for (int i = 0; i < nx; ++i) {
      double sum = 0;
      for (int j = 0; j < ny; ++j) sum += hu[(size_t(k) * ny + j) * nx + i];
      scout[size_t(nz - 1 - k) * nx + i] = static_cast<int16_t>(std::lround(sum / ny));
    }

  const auto& d = image.GetDirection();
  const auto& sp = image.GetSpacing();
  const Vec3 di{d(0, 0), d(1, 0), d(2, 0)}, dj{d(0, 1), d(1, 1), d(2, 1)},
      dk{d(0, 2), d(1, 2), d(2, 2)};
  Vec3 origin;
  for (int a = 0; a < 3; ++a) origin[a] = image.GetOrigin()[a];

  writer::SliceFile s;
  s.path = folder / (options.filePrefix + "LOC.dcm");
  s.hu = scout.data();
  s.columns = nx;
  s.rows = nz;
  s.positionMm = origin + dj * (sp[1] * (ny - 1) / 2.0) + dk * (sp[2] * (nz - 1));
  s.rowDirection = di;
  s.columnDirection = -dk;
  s.rowSpacingMm = sp[2];
  s.columnSpacingMm = sp[0];
  s.instanceNumber = instanceNumber > 0 ? instanceNumber : nz + 1;
  s.sopInstanceUid = newDicomUid();
  s.imageType = "ORIGINAL\\PRIMARY\\LOCALIZER";
  s.emptySeriesInstanceUid = options.emptySeriesInstanceUid;
  s.metadata = &m;
  s.syntax = options.transferSyntax;
  s.storeSigned = options.pixelStorage == PixelStorage::kSigned ||
                  (options.pixelStorage == PixelStorage::kAuto &&
                   !writer::fitsUnsignedOffset(scout.data(), scout.size()));
  if (auto e = writer::writeSliceFile(s)) return *e;
  return s.path;
}

}  // namespace trocar::dicom
