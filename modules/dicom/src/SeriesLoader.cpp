#include "trocar/dicom/SeriesLoader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "PixelDecoder.h"
#include "StackGeometry.h"
#include "StackResampler.h"

namespace trocar::dicom {
namespace fs = std::filesystem;
using namespace detail;

namespace {

std::string gigabytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GB", bytes / 1e9);
  return buf;
}

// Refuse before allocating: a broken header can claim 65535 x 65535 pixels on thousands of slices.
std::optional<core::Error> checkSize(const SeriesStack& stack, const StackLayout& layout,
                                     bool needFloat, const LoadOptions& options) {
  const auto& g = layout.grid;
  const double voxels = static_cast<double>(g.size[0]) * g.size[1] * g.size[2];
  const double stackVoxels = static_cast<double>(g.size[0]) * g.size[1] * stack.planes.size();
  double bytes = voxels * (needFloat ? 6 : 2);
  if (layout.needsResampling) bytes += stackVoxels * (needFloat ? 6 : 2);
  const std::string dims =
      std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" + std::to_string(g.size[2]);
  const std::string where = "series " + stack.seriesInstanceUid;
  const ImagePlane& first = stack.planes.front();
  if (first.rows > options.maxSliceDimension || first.columns > options.maxSliceDimension)
    return core::Error{where, "refusing slices of " + std::to_string(first.columns) + " x " +
                                  std::to_string(first.rows) +
                                  " pixels: larger than any CT reconstruction (" +
                                  first.file.string() + ")"};
  if (voxels > static_cast<double>(options.maxVoxels))
    return core::Error{where, "refusing a volume of " + dims + " voxels (" + gigabytes(bytes) +
                                  "): larger than the limit of " +
                                  std::to_string(options.maxVoxels) + " voxels"};
  const double physical =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (physical > 0 && bytes > 0.8 * physical)
    return core::Error{where, "refusing a volume of " + dims + " voxels: it needs " +
                                  gigabytes(bytes) + " and this machine has " +
                                  gigabytes(physical)};
  return std::nullopt;
}

bool needsFloat(const SeriesStack& stack) {
  return std::any_of(stack.planes.begin(), stack.planes.end(), [](const ImagePlane& p) {
    return p.rescaleSlope != std::floor(p.rescaleSlope) ||
           p.rescaleIntercept != std::floor(p.rescaleIntercept);
  });
}

template <typename TImage>
typename TImage::Pointer makeImage(const VolumeGrid& grid) {
  auto image = TImage::New();
  typename TImage::SizeType size;
  typename TImage::SpacingType spacing;
  typename TImage::PointType origin;
  typename TImage::DirectionType direction;
  for (unsigned d = 0; d < 3; ++d) {
    size[d] = grid.size[d];
    spacing[d] = grid.spacingMm[d];
    origin[d] = grid.originMm[d];
    for (unsigned e = 0; e < 3; ++e) direction[d][e] = grid.direction(d, e);
  }
  image->SetRegions(typename TImage::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate(false);
  return image;
}

}  // namespace

core::Result<image::CtVolume> loadStack(const SeriesStack& stack, const LoadOptions& options,
                                        const core::Progress& progress) {
  if (stack.planes.empty())
    return core::Error{"series " + stack.seriesInstanceUid, "no images to load"};
  StackLayout layout = planLayout(stack);
  if (!options.resampleIrregular) layout.needsResampling = false;
  const bool wantFloat = needsFloat(stack);
  if (auto error = checkSize(stack, layout, wantFloat, options)) return *error;

  const ImagePlane& first = stack.planes.front();
  const size_t columns = first.columns, rows = first.rows, slicePixels = columns * rows;
  const size_t planes = stack.planes.size();

  // Regular stacks decode straight into the final ITK buffer: no copy, no second volume.
  VolumeGrid stackGrid = layout.grid;
  if (layout.needsResampling) {
    stackGrid.size[0] = columns;
    stackGrid.size[1] = rows;
    stackGrid.size[2] = planes;
  }
  image::CtImage::Pointer decoded = makeImage<image::CtImage>(stackGrid);
  image::FloatImage::Pointer decodedFloat =
      wantFloat ? makeImage<image::FloatImage>(stackGrid) : nullptr;

  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.threads > 0 ? options.threads : hardware,
                                      static_cast<unsigned>(planes)));
  std::atomic<size_t> next{0}, done{0};
  std::mutex mutex;
  std::vector<std::optional<core::Error>> failures(planes);
  DecodeStats total;
  auto work = [&] {
    PixelDecoder decoder;
    DecodeStats mine;
    for (size_t k; (k = next.fetch_add(1)) < planes;) {
      if (progress.cancelled()) break;
      int16_t* hu = decoded->GetBufferPointer() + k * slicePixels;
      float* huFloat = decodedFloat ? decodedFloat->GetBufferPointer() + k * slicePixels : nullptr;
      auto stats = decoder.decode(stack.planes[k], hu, huFloat);
      if (stats) {
        mine.paddingVoxels += stats->paddingVoxels;
        mine.clampedVoxels += stats->clampedVoxels;
        mine.bitsStoredIgnored |= stats->bitsStoredIgnored;
        mine.readAsSigned |= stats->readAsSigned;
      } else {
        failures[k] = stats.error();
      }
      const size_t count = ++done;
      if (count % 16 == 0 || count == planes)
        progress.report(static_cast<double>(count) / planes, "decoding slices");
    }
    std::lock_guard lock(mutex);
    total.paddingVoxels += mine.paddingVoxels;
    total.clampedVoxels += mine.clampedVoxels;
    total.bitsStoredIgnored |= mine.bitsStoredIgnored;
    total.readAsSigned |= mine.readAsSigned;
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (progress.cancelled()) return core::Error{"series " + stack.seriesInstanceUid, "cancelled"};

  image::CtVolume volume;
  volume.metadata = stack.metadata;
  volume.warnings = stack.warnings;

  // Slices that would not decode are dropped and, when inside the stack, filled from their
  // neighbours like missing slices: one corrupt file must not cost the radiologist the series.
  std::vector<size_t> good;
  for (size_t k = 0; k < planes; ++k) {
    if (!failures[k]) {
      good.push_back(k);
    } else {
      volume.warnings.push_back("slice not decoded, " + failures[k]->message());
    }
  }
  if (good.size() < planes) {
    // Mostly undecodable is not a series with a few bad files: report the first failure.
    if (good.size() * 2 < planes)
      return **std::find_if(failures.begin(), failures.end(),
                            [](const auto& f) { return f.has_value(); });
    volume.warnings.push_back(
        std::to_string(planes - good.size()) + " of " + std::to_string(planes) +
        " slices could not be decoded; their place is interpolated from the neighbours");
    layout.needsResampling = true;
    // The grid runs from the first to the last decodable slice.
    const double start = layout.alongNormalMm[good.front()];
    const double length = layout.alongNormalMm[good.back()] - start;
    layout.grid.originMm += layout.grid.direction.col[2] * start;
    layout.grid.size[2] =
        static_cast<size_t>(std::floor(length / layout.grid.spacingMm[2] + 1e-3)) + 1;
    if (stack.gantryTiltDeg == 0) {
      layout.grid.size[0] = columns;
      layout.grid.size[1] = rows;
    }
  }

  if (layout.needsResampling) {
    std::vector<SourceSlice<int16_t>> slices;
    std::vector<SourceSlice<float>> floatSlices;
    for (size_t k : good) {
      slices.push_back({decoded->GetBufferPointer() + k * slicePixels, layout.alongNormalMm[k],
                        layout.offsetRowMm[k], layout.offsetColumnMm[k]});
      if (decodedFloat)
        floatSlices.push_back({decodedFloat->GetBufferPointer() + k * slicePixels,
                               layout.alongNormalMm[k], layout.offsetRowMm[k],
                               layout.offsetColumnMm[k]});
    }
    volume.hu = makeImage<image::CtImage>(layout.grid);
    resampleSlices(slices, columns, rows, first.columnSpacingMm, first.rowSpacingMm, layout,
                   volume.hu->GetBufferPointer(), threads);
    if (decodedFloat) {
      volume.huFloat = makeImage<image::FloatImage>(layout.grid);
      resampleSlices(floatSlices, columns, rows, first.columnSpacingMm, first.rowSpacingMm, layout,
                     volume.huFloat->GetBufferPointer(), threads);
    }
  } else {
    volume.hu = decoded;
    volume.huFloat = decodedFloat;
  }

  if (total.paddingVoxels > 0)
    volume.warnings.push_back(std::to_string(total.paddingVoxels) +
                              " padding pixels (outside the field of view) set to " +
                              std::to_string(kPaddingHu) + " HU");
  if (total.clampedVoxels > 0)
    volume.warnings.push_back(std::to_string(total.clampedVoxels) +
                              " voxels outside the int16 HU range were clamped");
  if (total.bitsStoredIgnored)
    volume.warnings.push_back("pixel values use more bits than Bits Stored (" +
                              std::to_string(first.bitsStored) + ") declares; read the full " +
                              std::to_string(first.bitsAllocated) + " bits");
  if (total.readAsSigned)
    volume.warnings.push_back(
        "Pixel Representation says unsigned but the values are sign-extended; read as signed");
  if (wantFloat)
    volume.warnings.push_back(
        "rescale slope/intercept are not integers: exact HU kept as float too");
  return volume;
}

core::Result<image::CtVolume> loadDicom(const fs::path& path,
                                        const std::optional<std::string>& series,
                                        const LoadOptions& options,
                                        const core::Progress& progress) {
  // The scan is a small share of the work; the decode reports the rest.
  ScanReport report = scanDicom(path, {}, progress.sub(0.0, 0.1));
  if (progress.cancelled()) return core::Error{path.string(), "cancelled"};
  const SeriesStack* chosen = nullptr;
  for (const auto& stack : report.stacks) {
    if (series) {
      if (stack.id == *series || stack.seriesInstanceUid == *series) {
        chosen = &stack;
        break;
      }
    } else if (!stack.isLocalizer) {
      chosen = &stack;  // stacks are sorted largest first
      break;
    }
  }
  if (chosen == nullptr) {
    std::string reason = series ? "no series " + *series + " here" : "no CT image series found";
    reason += " (" + std::to_string(report.filesExamined) + " files examined, " +
              std::to_string(report.errors.size()) + " unreadable, " +
              std::to_string(report.nonImages.size()) + " non-image objects)";
    if (!report.errors.empty()) reason += "; first problem: " + report.errors.front().message();
    return core::Error{path.string(), reason};
  }
  auto volume = loadStack(*chosen, options, progress.sub(0.1, 1.0));
  if (!volume) return volume;
  for (const auto& error : report.errors) volume->warnings.push_back("skipped " + error.message());
  const size_t others = report.stacks.size() - 1;
  if (others > 0)
    volume->warnings.push_back(std::to_string(others) +
                               " other stack(s) in this folder not loaded (see `trocar info`)");
  return volume;
}

}  // namespace trocar::dicom
