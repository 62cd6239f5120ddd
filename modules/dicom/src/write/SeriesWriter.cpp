#include "trocar/dicom/SeriesWriter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <mutex>
#include <numbers>
#include <set>
#include <thread>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "DcmtkEncoders.h"
#include "FileNames.h"
#include "SliceFile.h"

namespace trocar::dicom {
namespace fs = std::filesystem;
using core::Vec3;

std::string transferSyntaxUid(TransferSyntax syntax) {
  switch (syntax) {
    case TransferSyntax::kExplicitLittleEndian:
      return "1.2.840.10008.1.2.1";
    case TransferSyntax::kImplicitLittleEndian:
      return "1.2.840.10008.1.2";
    case TransferSyntax::kExplicitBigEndian:
      return "1.2.840.10008.1.2.2";
    case TransferSyntax::kRleLossless:
      return "1.2.840.10008.1.2.5";
    case TransferSyntax::kJpegLosslessSv1:
      return "1.2.840.10008.1.2.4.70";
    case TransferSyntax::kJpeg2000Lossless:
      return "1.2.840.10008.1.2.4.90";
  }
  return {};
}

std::string newDicomUid() {
  // DCMTK guards its counter with a mutex; the lock here also orders our own callers.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

DicomDateTime dicomNow() {
  // Local time, as DICOM dates and times are.
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char date[16], time[16];
  std::strftime(date, sizeof date, "%Y%m%d", &local);
  std::strftime(time, sizeof time, "%H%M%S", &local);
  return {date, time};
}

void completeSeriesMetadata(image::SeriesMetadata& m) {
  if (m.studyInstanceUid.empty()) m.studyInstanceUid = newDicomUid();
  if (m.seriesInstanceUid.empty()) m.seriesInstanceUid = newDicomUid();
  if (m.frameOfReferenceUid.empty()) m.frameOfReferenceUid = newDicomUid();
  if (m.modality.empty()) m.modality = "CT";
  const DicomDateTime now = dicomNow();
  if (m.studyDate.empty()) m.studyDate = now.date;
  if (m.seriesDate.empty()) m.seriesDate = m.studyDate;
  if (m.acquisitionDate.empty()) m.acquisitionDate = m.seriesDate;
  if (m.studyTime.empty()) m.studyTime = now.time;
  if (m.seriesTime.empty()) m.seriesTime = m.studyTime;
}

namespace {

Vec3 column(const image::CtImage& image, int c) {
  const auto& d = image.GetDirection();
  return {d(0, c), d(1, c), d(2, c)};
}

// Runs job(k) for k in [0, count) on up to `threads` threads; stops handing out work after
// the first failure and returns it.
std::optional<core::Error> parallelFor(
    size_t count, int threads, const std::function<std::optional<core::Error>(size_t)>& job) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::optional<core::Error> first;
  std::mutex mutex;
  auto worker = [&] {
    for (size_t k = next++; k < count && !failed; k = next++) {
      if (auto e = job(k)) {
        std::lock_guard lock(mutex);
        if (!first) first = std::move(e);
        failed = true;
      }
    }
  };
  const int n = std::max(1, std::min<int>(threads, int(count)));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return first;
}

}  // namespace

core::Result<std::vector<fs::path>> writeCtSeries(const image::CtImage& image,
                                                  const fs::path& folder,
                                                  const image::SeriesMetadata& metadata,
                                                  const WriteOptions& options,
                                                  const core::Progress& progress) {
  const auto size = image.GetLargestPossibleRegion().GetSize();
  const int columns = int(size[0]), rows = int(size[1]), slices = int(size[2]);
  if (columns <= 0 || rows <= 0 || slices <= 0 || columns > 65535 || rows > 65535)
    return core::Error{folder.string(), "cannot write an empty image or slices over 65535 pixels"};
  if (image.GetBufferPointer() == nullptr)
    return core::Error{folder.string(), "the image has no pixel buffer"};
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return core::Error{folder.string(), "cannot create the folder: " + ec.message()};
  writer::ensureEncodersReady();

  image::SeriesMetadata m = metadata;
  completeSeriesMetadata(m);

  const Vec3 rowDir = column(image, 0), colDir = column(image, 1);
  const auto& spacing = image.GetSpacing();
  const Vec3 step = options.sliceStepMm ? *options.sliceStepMm : column(image, 2) * spacing[2];
  const Vec3 normal = core::normalized(cross(rowDir, colDir));
  const double along = dot(step, normal);
  // Tilt: the angle between the table feed and the slice normal, signed so that slices whose
  // column direction leans against the feed (our tiltedGantry grids) read positive.
  double tiltDeg = core::angleDeg(step * (along < 0 ? -1.0 : 1.0), normal);
  if (dot(step, colDir) > 0) tiltDeg = -tiltDeg;
  if (std::abs(tiltDeg) < 1e-6) tiltDeg = 0;
  Vec3 origin;
  for (int a = 0; a < 3; ++a) origin[a] = image.GetOrigin()[a];

  const size_t sliceVoxels = size_t(columns) * size_t(rows);
  const int16_t* buffer = image.GetBufferPointer();
  const bool storeSigned = options.pixelStorage == PixelStorage::kSigned ||
                           (options.pixelStorage == PixelStorage::kAuto &&
                            !writer::fitsUnsignedOffset(buffer, sliceVoxels * size_t(slices)));

  const std::set<int> omitted(options.omitSlices.begin(), options.omitSlices.end());
  const std::vector<std::string> names = writer::sliceFileNames(
      size_t(slices), options.naming, options.namingSeed, options.filePrefix);
  std::vector<std::string> sopUids(slices);
  for (std::string& uid : sopUids) uid = newDicomUid();  // here, not in the threads: fixed order

  std::vector<fs::path> written;
  std::vector<int> toWrite;
  for (int k = 0; k < slices; ++k) {
    if (omitted.count(k)) continue;
    toWrite.push_back(k);
    written.push_back(folder / names[k]);
  }
  const int threads = options.threads > 0 ? options.threads
                                          : int(std::max(1u, std::thread::hardware_concurrency()));
  std::mutex progressMutex;
  size_t done = 0;
  auto failure = parallelFor(toWrite.size(), threads, [&](size_t n) -> std::optional<core::Error> {
    if (progress.cancelled()) return core::Error{folder.string(), "cancelled"};
    const int k = toWrite[n];
    writer::SliceFile s;
    s.path = written[n];
    s.hu = buffer + sliceVoxels * size_t(k);
    s.columns = columns;
    s.rows = rows;
    s.positionMm = origin + step * double(k);
    s.rowDirection = rowDir;
    s.columnDirection = colDir;
    s.rowSpacingMm = spacing[1];
    s.columnSpacingMm = spacing[0];
    s.sliceThicknessMm = m.sliceThicknessMm > 0 ? m.sliceThicknessMm : std::abs(along);
    s.spacingBetweenSlicesMm = std::abs(along);
    s.gantryTiltDeg = tiltDeg;
    s.instanceNumber = k + 1;
    s.sopInstanceUid = sopUids[k];
    s.emptySeriesInstanceUid = options.emptySeriesInstanceUid;
    s.metadata = &m;
    s.syntax = options.transferSyntax;
    s.storeSigned = storeSigned;
    if (auto e = writer::writeSliceFile(s)) return e;
    std::lock_guard lock(progressMutex);  // callbacks need not be thread-safe
    progress.report(double(++done) / double(toWrite.size()), "writing DICOM slices");
    return std::nullopt;
  });
  if (failure) {
    // No partial series left behind: a reader would take it for a series with missing slices.
    for (const fs::path& f : written) fs::remove(f, ec);
    return *failure;
  }
  return written;
}

core::Result<std::vector<fs::path>> writeCtSeries(const image::CtVolume& volume,
                                                  const fs::path& folder,
                                                  const WriteOptions& options,
                                                  const core::Progress& progress) {
  if (!volume.hu) return core::Error{folder.string(), "the volume has no image"};
  return writeCtSeries(*volume.hu, folder, volume.metadata, options, progress);
}

}  // namespace trocar::dicom
