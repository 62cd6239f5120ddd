#include "trocar/phantom/DicomExport.h"

namespace trocar::phantom {

core::Result<PhantomSeries> writePhantomSeries(const SpinePhantom& phantom, const Grid& grid,
                                               const std::filesystem::path& folder,
                                               const dicom::WriteOptions& writeOptions,
                                               const RasterOptions& rasterOptions) {
  PhantomSeries out;
  out.images = rasterize(phantom, grid, rasterOptions);
  out.metadata = toCtVolume(out.images, phantom).metadata;
  dicom::completeSeriesMetadata(out.metadata);
  auto files = dicom::writeCtSeries(*out.images.ct, folder, out.metadata, writeOptions);
  if (!files) return files.error();
  out.files = std::move(files.value());
  return out;
}

}  // namespace trocar::phantom
