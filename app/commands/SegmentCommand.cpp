#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "Commands.h"
#include "LoadCase.h"
#include "trocar/image/VolumeIO.h"
#include "trocar/segment/AnatomyJson.h"
#include "trocar/segment/Levels.h"
#include "trocar/segment/SegmentSpine.h"

namespace trocar::app {
namespace {

struct SegmentArgs {
  std::string input, labelsOut, partsOut, anatomyOut, namedLevel;
  int shift = 0;
  std::vector<double> namedPoint;
};

int runSegment(const SegmentArgs& args) {
  auto volume = app::loadCase(args.input);
  if (!volume) {
    std::cerr << "error: " << volume.error().message() << "\n";
    return 1;
  }
  segment::SegmentOptions options;
  options.levelShift = args.shift;
  if (!args.namedLevel.empty()) {
    const int label = segment::levelFromName(args.namedLevel);
    if (label == 0 || args.namedPoint.size() != 3) {
      std::cerr << "error: --name-level needs a level such as L3 and --at x,y,z (LPS mm)\n";
      return 2;
    }
    options.namedLevel = segment::NamedLevel{{args.namedPoint[0], args.namedPoint[1], args.namedPoint[2]}, label};
  }
  auto result = segment::segmentSpine(volume.value(), options);
  if (!result) {
    std::cerr << "error: " << result.error().message() << "\n";
    return 1;
  }
  const auto& a = result.value();
  for (const auto& [image, path] : {std::pair{a.levels, args.labelsOut}, std::pair{a.parts, args.partsOut}}) {
    if (path.empty()) continue;
    auto written = image::writeLabels(image.GetPointer(), path);
    if (!written) {
      std::cerr << "error: " << written.error().message() << "\n";
      return 1;
    }
  }
  if (!args.anatomyOut.empty()) {
    auto written = segment::writeAnatomyJson(a, args.anatomyOut);
    if (!written) {
      std::cerr << "error: " << written.error().message() << "\n";
      return 1;
    }
  }
  std::printf("%zu vertebrae, level confidence %.2f: %s\n", a.vertebrae.size(), a.levelConfidence,
              a.levelReasoning.c_str());
  std::printf("%-4s %-8s %-22s %-7s %-10s %s\n", "lvl", "partial", "heights a/m/p (mm)", "Genant", "core HU", "body mL");
  for (const auto& v : a.vertebrae)
    std::printf("%-4s %-8s %6.1f %6.1f %6.1f    %-7d %-10.0f %.1f\n", v.name.c_str(), v.partial ? "yes" : "", v.anteriorHeightMm,
                v.middleHeightMm, v.posteriorHeightMm, v.genantGrade, v.cancellousMeanHu, v.bodyVolumeMl);
  for (const auto& w : a.warnings) std::printf("warning: %s\n", w.c_str());
  return 0;
}

}  // namespace

void addSegmentCommand(CLI::App& app) {
  auto args = std::make_shared<SegmentArgs>();
  CLI::App* cmd = app.add_subcommand("segment", "Segment and number the vertebrae of a CT volume");
  cmd->add_option("path", args->input, "CT volume (.nii.gz, .nrrd, .mha) or DICOM folder")->required();
  cmd->add_option("--out", args->labelsOut, "Level label map to write (VerSe numbering)");
  cmd->add_option("--parts", args->partsOut, "Parts label map to write (1 body, 2/3 left/right pedicle, 4 posterior, 5 canal)");
  cmd->add_option("--anatomy", args->anatomyOut, "Per-level anatomy JSON to write");
  cmd->add_option("--shift", args->shift, "Move every automatic level by this many vertebrae (+1: one lower)");
  cmd->add_option("--name-level", args->namedLevel, "Name the vertebra at --at, e.g. L3");
  cmd->add_option("--at", args->namedPoint, "Point (LPS mm) inside the vertebra named by --name-level")->delimiter(',');
  cmd->callback([args] { exitCode() = runSegment(*args); });
}

}  // namespace trocar::app
