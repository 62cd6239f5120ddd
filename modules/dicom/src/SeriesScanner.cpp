#include "trocar/dicom/SeriesScanner.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dcdirrec.h>

#include "DcmtkCodecs.h"
#include "HeaderReader.h"
#include "StackGeometry.h"

namespace trocar::dicom {
namespace fs = std::filesystem;
using detail::FileHeader;

namespace {

// A UID built from the attributes that identify one acquisition when the real one is blank. The
// 2.25 root makes it a valid UID; it is marked as synthesised wherever it is shown.
std::string synthesiseUid(const std::string& key) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return "2.25." + std::to_string(h);
}

std::string rounded(double v, double step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", std::round(v / step));
  return buf;
}

// Planes that can share one regular volume: same orientation, size and pixel spacing.
std::string shapeKey(const ImagePlane& p) {
  const bool localizer = p.imageType.find("LOCALIZER") != std::string::npos;
  std::string key = std::to_string(p.rows) + "x" + std::to_string(p.columns) + "|" +
                    rounded(p.rowSpacingMm, 1e-3) + "," + rounded(p.columnSpacingMm, 1e-3) + "|" +
                    (p.hasGeometry ? "" : "nogeo|") + (localizer ? "loc|" : "");
  for (const auto& v : {p.rowDirection, p.columnDirection})
    for (int i = 0; i < 3; ++i) key += rounded(v[i], 1e-3) + ",";
  return key;
}

// Files named by a DICOMDIR's records, resolved against its folder.
void collectDicomdirFiles(const fs::path& dicomdir, std::vector<fs::path>& files,
                          std::vector<core::Error>& errors) {
  DcmDicomDir dir(dicomdir.c_str());
  if (dir.error().bad()) {
    errors.push_back(
        {dicomdir.string(), std::string("unreadable DICOMDIR: ") + dir.error().text()});
    return;
  }
  const fs::path base = dicomdir.parent_path();
  std::vector<DcmDirectoryRecord*> pending{&dir.getRootRecord()};
  while (!pending.empty()) {
    DcmDirectoryRecord* record = pending.back();
    pending.pop_back();
    for (DcmDirectoryRecord* sub = record->nextSub(nullptr); sub != nullptr;
         sub = record->nextSub(sub)) {
      pending.push_back(sub);
      OFString id;
      if (sub->findAndGetOFStringArray(DCM_ReferencedFileID, id).bad() || id.empty()) continue;
      fs::path file = base;
      std::string part;
      for (char ch : std::string(id.c_str())) {
        if (ch == '\\') {
          file /= part;
          part.clear();
        } else {
          part += ch;
        }
      }
      file /= part;
      std::error_code ec;
      if (fs::exists(file, ec)) {
        files.push_back(file);
      } else {
        errors.push_back(
            {dicomdir.string(), "DICOMDIR references " + file.string() + ", which does not exist"});
      }
    }
  }
}

std::vector<fs::path> collectFiles(const fs::path& root, const ScanOptions& options,
                                   std::vector<core::Error>& errors) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) return {root};
  if (!fs::is_directory(root, ec)) {
    errors.push_back(
        {root.string(), fs::exists(root, ec) ? "neither a file nor a folder" : "does not exist"});
    return files;
  }
  if (options.useDicomdir) {
    for (const char* name : {"DICOMDIR", "dicomdir"})
      if (fs::is_regular_file(root / name, ec)) {
        collectDicomdirFiles(root / name, files, errors);
        break;
      }
  }
  auto addEntry = [&](const fs::directory_entry& entry) {
    std::error_code entryError;
    if (entry.is_regular_file(entryError)) {
      files.push_back(entry.path());
    } else if (entry.is_symlink(entryError) && !fs::exists(entry.path(), entryError)) {
      errors.push_back({entry.path().string(), "broken symbolic link: its target does not exist"});
    }
  };
  if (options.recursive) {
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
        end;
    for (; !ec && it != end; it.increment(ec)) addEntry(*it);
  } else {
    fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) addEntry(*it);
  }
  if (ec) errors.push_back({root.string(), "cannot list folder: " + ec.message()});
  // One entry per file however it was reached (DICOMDIR and the walk both find it), named as the
  // user's path names it.
  std::sort(files.begin(), files.end());
  std::vector<fs::path> unique;
  std::set<fs::path> seen;
  for (auto& f : files)
    if (seen.insert(fs::weakly_canonical(f, ec)).second) unique.push_back(std::move(f));
  return unique;
}

}  // namespace

ScanReport scanDicom(const fs::path& path, const ScanOptions& options,
                     const core::Progress& progress) {
  detail::ensureDcmtkReady();
  ScanReport report;
  const std::vector<fs::path> files = collectFiles(path, options, report.errors);
  report.filesExamined = files.size() + report.errors.size();

  // Header reads are independent; a couple of threads hide file latency and DCMTK parsing.
  std::vector<std::optional<core::Result<FileHeader>>> headers(files.size());
  std::atomic<size_t> next{0}, done{0};
  const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      if (progress.cancelled()) return;
      headers[i] = detail::readFileHeader(files[i]);
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  progress.report(1.0, "read headers");
  if (progress.cancelled()) {
    report.errors.push_back({path.string(), "cancelled"});
    return report;
  }

  // Group by series (real or synthesised UID), then split by shape.
  struct Group {
    SeriesStack stack;
    std::set<std::string> notes;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (size_t i = 0; i < files.size(); ++i) {
    auto& result = *headers[i];
    if (!result.ok()) {
      report.errors.push_back(result.error());
      continue;
    }
    FileHeader& header = result.value();
    if (header.kind == FileHeader::Kind::Directory) continue;
    if (header.kind == FileHeader::Kind::NonImage) {
      report.nonImages.push_back(std::move(header.nonImage));
      continue;
    }
    std::string uid = header.metadata.seriesInstanceUid;
    const bool synthesised = uid.empty();
    if (synthesised) uid = synthesiseUid(header.seriesFallbackKey);
    for (auto& plane : header.planes) {
      Group& g = groups[{uid, shapeKey(plane)}];
      if (g.stack.planes.empty()) {
        g.stack.seriesInstanceUid = uid;
        g.stack.seriesUidSynthesised = synthesised;
        g.stack.metadata = header.metadata;
        g.stack.metadata.seriesInstanceUid = uid;
        g.stack.isLocalizer = plane.imageType.find("LOCALIZER") != std::string::npos;
      }
      g.notes.insert(header.notes.begin(), header.notes.end());
      g.stack.planes.push_back(std::move(plane));
    }
  }

  // A series that was split: its small odd-shaped parts are scouts/localizers, not volumes.
  std::map<std::string, size_t> largestPerSeries;
  for (auto& [key, g] : groups)
    largestPerSeries[key.first] = std::max(largestPerSeries[key.first], g.stack.planes.size());

  for (auto& [key, g] : groups) {
    SeriesStack& stack = g.stack;
    if (stack.seriesUidSynthesised)
      stack.warnings.push_back(
          "Series Instance UID is empty; grouped by study, series and scanner attributes");
    if (stack.planes.size() <= 3 && largestPerSeries[key.first] > 3 * stack.planes.size())
      stack.isLocalizer = true;
    for (const auto& note : g.notes) stack.warnings.push_back(note);
    detail::analyseStack(stack);
    const auto grid = detail::planLayout(stack).grid;
    stack.volumeSize = {grid.size[0], grid.size[1], grid.size[2]};
    report.stacks.push_back(std::move(stack));
  }
  std::stable_sort(report.stacks.begin(), report.stacks.end(),
                   [](const SeriesStack& a, const SeriesStack& b) {
                     if (a.isLocalizer != b.isLocalizer) return !a.isLocalizer;
                     return a.planes.size() > b.planes.size();
                   });
  for (size_t i = 0; i < report.stacks.size(); ++i) report.stacks[i].id = std::to_string(i + 1);
  return report;
}

}  // namespace trocar::dicom
