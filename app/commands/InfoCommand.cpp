#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "Commands.h"
#include "trocar/dicom/SeriesScanner.h"
#include "trocar/image/VolumeIO.h"

namespace trocar::app {
namespace {

std::string format(const char* pattern, double a, double b, double c) {
  char buf[96];
  std::snprintf(buf, sizeof buf, pattern, a, b, c);
  return buf;
}

// The anatomical plane a slice normal is closest to, as radiologists name it.
std::string planeName(const core::Vec3& n) {
  const double x = std::abs(n.x), y = std::abs(n.y), z = std::abs(n.z);
  const double largest = std::max({x, y, z});
  std::string name = largest == z ? "axial" : (largest == y ? "coronal" : "sagittal");
  if (largest < 0.999) name += " (oblique)";
  return name;
}

int infoOnVolumeFile(const std::string& path) {
  auto volume = image::readVolume(path);
  if (!volume) {
    std::cerr << "error: " << volume.error().message() << "\n";
    return 1;
  }
  const auto& img = *volume->hu;
  const auto size = img.GetLargestPossibleRegion().GetSize();
  std::cout << path << "\n  size      " << size[0] << " x " << size[1] << " x " << size[2]
            << " voxels\n"
            << "  spacing   "
            << format("%.3f x %.3f x %.3f mm", img.GetSpacing()[0], img.GetSpacing()[1],
                      img.GetSpacing()[2])
            << "\n  origin    "
            << format("%.2f, %.2f, %.2f mm (LPS)", img.GetOrigin()[0], img.GetOrigin()[1],
                      img.GetOrigin()[2])
            << "\n  direction";
  for (int c = 0; c < 3; ++c)
    std::cout << format(" [%.3f %.3f %.3f]", img.GetDirection()[0][c], img.GetDirection()[1][c],
                        img.GetDirection()[2][c]);
  std::cout << "\n";
  for (const auto& w : volume->warnings) std::cout << "  warning   " << w << "\n";
  return 0;
}

int infoOnDicom(const std::string& path) {
  const dicom::ScanReport report = dicom::scanDicom(path);
  std::cout << report.filesExamined << " files examined: " << report.stacks.size()
            << " image stack(s), " << report.nonImages.size() << " non-image object(s), "
            << report.errors.size() << " unreadable\n\n";
  std::printf("%-3s %-9s %-20s %-16s %-24s %-20s %s\n", "id", "kind", "description",
              "size (voxels)", "spacing (mm)", "orientation", "series UID");
  for (const auto& s : report.stacks) {
    const auto& p = s.planes.front();
    const std::string size = std::to_string(s.volumeSize[0]) + "x" +
                             std::to_string(s.volumeSize[1]) + "x" +
                             std::to_string(s.volumeSize[2]);
    const std::string spacing =
        format("%.3f x %.3f x %.3f", p.columnSpacingMm, p.rowSpacingMm, s.sliceSpacingMm);
    std::string description = s.metadata.seriesDescription.substr(0, 20);
    std::printf("%-3s %-9s %-20s %-16s %-24s %-20s %s%s\n", s.id.c_str(),
                s.isLocalizer ? "localizer" : "volume", description.c_str(), size.c_str(),
                spacing.c_str(), planeName(s.sliceNormal).c_str(), s.seriesInstanceUid.c_str(),
                s.seriesUidSynthesised ? " (synthesised: empty in the files)" : "");
    for (const auto& w : s.warnings) std::cout << "      warning: " << w << "\n";
  }
  if (!report.nonImages.empty()) std::cout << "\nNon-image objects (listed, not loaded):\n";
  for (const auto& o : report.nonImages)
    std::cout << "  " << o.sopClassName << " (" << o.modality << ")  " << o.file.string() << "\n";
  if (!report.errors.empty()) std::cout << "\nUnreadable files:\n";
  for (const auto& e : report.errors) std::cout << "  " << e.message() << "\n";
  return report.stacks.empty() && report.nonImages.empty() ? 1 : 0;
}

}  // namespace

void addInfoCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "info", "List the image series in a DICOM folder/file, or describe a volume file");
  static std::string path;
  cmd->add_option("PATH", path, "DICOM folder or file, or a .nii/.nii.gz/.nrrd/.mha volume")
      ->required();
  cmd->callback(
      [] { exitCode() = image::isVolumeFile(path) ? infoOnVolumeFile(path) : infoOnDicom(path); });
}

}  // namespace trocar::app
