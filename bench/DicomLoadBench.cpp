// Loads a 512x512x400 phantom CT series (uncompressed, then JPEG 2000 lossless) with Trocar's
// reader and with ITK's GDCM series reader (GDCMSeriesFileNames + ImageSeriesReader + GDCMImageIO,
// what ITK users do), checks that both give identical voxels, and prints the speed ratio and the
// peak memory of Trocar's load against the budget (1.3x the volume plus one slice per thread).
//
//   bench_dicom_load [--slices N] [--data DIR] [google benchmark flags]

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include "PeakMemory.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/dicom/SeriesWriter.h"
#include "trocar/phantom/Rasterize.h"
#include "trocar/phantom/SpinePhantom.h"

namespace fs = std::filesystem;
using namespace trocar;

namespace {

int gSlices = 400;
fs::path gDataDir = "bench-data";
std::map<std::string, double> gSecondsPerLoad;  // benchmark name -> mean real time

struct Series {
  std::string name;
  fs::path folder;
};
std::vector<Series> gSeries;

image::CtImage::Pointer loadWithItkGdcm(const fs::path& folder) {
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetDirectory(folder.string());
  const auto uids = names->GetSeriesUIDs();
  auto reader = itk::ImageSeriesReader<image::CtImage>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(names->GetFileNames(uids.front()));
  reader->Update();
  return reader->GetOutput();
}

image::CtImage::Pointer loadWithTrocar(const fs::path& folder) {
  auto volume = dicom::loadDicom(folder);
  if (!volume) throw std::runtime_error(volume.error().message());
  return volume->hu;
}

void BM_Load(benchmark::State& state, const Series* series, bool trocar) {
  for (auto _ : state) {
    auto image = trocar ? loadWithTrocar(series->folder) : loadWithItkGdcm(series->folder);
    benchmark::DoNotOptimize(image->GetBufferPointer());
  }
}

// Writes the phantom series once; later runs reuse them (a stamp names the slice count).
void prepareSeries() {
  const fs::path stamp = gDataDir / ("ready-" + std::to_string(gSlices));
  gSeries = {{"uncompressed", gDataDir / "explicit"}, {"jpeg2000", gDataDir / "j2k"}};
  if (fs::exists(stamp)) return;
  fs::remove_all(gDataDir);
  fs::create_directories(gDataDir);
  std::printf("writing the %dx%dx%d phantom series into %s ...\n", 512, 512, gSlices,
              gDataDir.c_str());
  const phantom::SpinePhantom spine;
  const core::Vec3 centre = (spine.spineMinMm() + spine.spineMaxMm()) * 0.5;
  const auto grid = phantom::Grid::axial({512, 512, gSlices}, {0.7, 0.7, 0.8}, centre);
  phantom::RasterOptions raster;
  raster.labels = false;
  const auto images = phantom::rasterize(spine, grid, raster);
  const image::CtVolume volume = phantom::toCtVolume(images, spine);
  for (const auto& s : gSeries) {
    dicom::WriteOptions options;
    options.transferSyntax = s.name == "jpeg2000" ? dicom::TransferSyntax::kJpeg2000Lossless
                                                  : dicom::TransferSyntax::kExplicitLittleEndian;
    options.naming = dicom::FileNaming::kShuffled;
    auto written = dicom::writeCtSeries(volume, s.folder, options);
    if (!written) throw std::runtime_error(written.error().message());
  }
  std::ofstream(stamp) << "ok\n";
}

// Both readers must give the same voxels and geometry, or the timing compares nothing.
bool sameVoxels(const image::CtImage& a, const image::CtImage& b) {
  const size_t n = a.GetLargestPossibleRegion().GetNumberOfPixels();
  if (n != b.GetLargestPossibleRegion().GetNumberOfPixels()) return false;
  for (int d = 0; d < 3; ++d)
    if (std::abs(a.GetOrigin()[d] - b.GetOrigin()[d]) > 1e-3 ||
        std::abs(a.GetSpacing()[d] - b.GetSpacing()[d]) > 1e-4)
      return false;
  return std::memcmp(a.GetBufferPointer(), b.GetBufferPointer(), n * sizeof(int16_t)) == 0;
}

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs)
      if (run.run_type == Run::RT_Iteration)
        gSecondsPerLoad[run.run_name.function_name] = run.GetAdjustedRealTime() / 1e3;  // ms -> s
  }
};

// Where Trocar's time goes: the header scan (grouping, sorting) and the decode into the volume.
void printPhases(const Series& series) {
  using Clock = std::chrono::steady_clock;
  double scanMs = 0, decodeMs = 0;
  const int runs = 3;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const auto report = dicom::scanDicom(series.folder);
    const auto t1 = Clock::now();
    auto volume = dicom::loadStack(report.stacks.front());
    const auto t2 = Clock::now();
    if (!volume) throw std::runtime_error(volume.error().message());
    scanMs += std::chrono::duration<double, std::milli>(t1 - t0).count() / runs;
    decodeMs += std::chrono::duration<double, std::milli>(t2 - t1).count() / runs;
  }
  std::printf("trocar phases (%s): scan %.0f ms, decode %.0f ms\n", series.name.c_str(), scanMs,
              decodeMs);
}

void printMemory(const Series& series) {
  loadWithTrocar(series.folder);  // warm the page cache and DCMTK's dictionary
  bench::resetPeak();
  const size_t before = bench::residentBytes();
  auto image = loadWithTrocar(series.folder);
  const size_t peak = bench::peakBytes() - before;
  const auto size = image->GetLargestPossibleRegion().GetSize();
  const double volumeBytes = double(size[0]) * size[1] * size[2] * sizeof(int16_t);
  const double sliceBytes = double(size[0]) * size[1] * sizeof(int16_t);
  const double budget = 1.3 * volumeBytes + std::thread::hardware_concurrency() * sliceBytes;
  std::printf(
      "peak memory of one load (%s): %.1f MB = %.3f x the volume (%.1f MB); budget %.1f MB -> %s\n",
      series.name.c_str(), peak / 1e6, peak / volumeBytes, volumeBytes / 1e6, budget / 1e6,
      peak <= budget ? "within" : "OVER");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--slices") && i + 1 < argc) {
      gSlices = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--data") && i + 1 < argc) {
      gDataDir = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  int restCount = static_cast<int>(rest.size());
  benchmark::Initialize(&restCount, rest.data());
  prepareSeries();

  for (const auto& s : gSeries) {
    const bool same = sameVoxels(*loadWithTrocar(s.folder), *loadWithItkGdcm(s.folder));
    std::printf("%s: Trocar and ITK/GDCM voxels and geometry %s\n", s.name.c_str(),
                same ? "identical" : "DIFFER");
    if (!same) return 1;
    benchmark::RegisterBenchmark(("trocar/" + s.name).c_str(), BM_Load, &s, true)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(3);
    benchmark::RegisterBenchmark(("itk_gdcm/" + s.name).c_str(), BM_Load, &s, false)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(2);
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  std::printf("\n%-14s %12s %12s %10s\n", "series", "trocar (s)", "itk_gdcm (s)", "ratio");
  for (const auto& s : gSeries) {
    const double t = gSecondsPerLoad["trocar/" + s.name], r = gSecondsPerLoad["itk_gdcm/" + s.name];
    std::printf("%-14s %12.3f %12.3f %9.2fx\n", s.name.c_str(), t, r, t > 0 ? r / t : 0.0);
  }
  for (const auto& s : gSeries) printPhases(s);
  for (const auto& s : gSeries) printMemory(s);
  return 0;
}
