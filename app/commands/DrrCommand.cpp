#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "Commands.h"
#include "LoadCase.h"
#include "trocar/core/PlanJson.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/fluoro/Display.h"
#include "trocar/fluoro/Drr.h"
#include "trocar/fluoro/PlanNeedles.h"
#include "trocar/fluoro/PngFile.h"
#include "trocar/fluoro/Projection.h"
#include "trocar/image/VolumeIO.h"

namespace trocar::app {
namespace {

struct DrrArguments {
  std::string input, view = "ap", planPath, cementPath, needleId, out;
  std::vector<double> fillTimesS;
  bool preview = false, noOverlay = false;
};

// "view.png" and 4 s -> "view_t4.0s.png": one file per frame of a fill sequence.
std::filesystem::path framePath(const std::filesystem::path& out, double timeS) {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "_t%.1fs", timeS);
  return out.parent_path() / (out.stem().string() + suffix + out.extension().string());
}

// A fill-time map as float seconds, whatever the file's pixel type.
core::Result<image::FloatImage::Pointer> readFillTimes(const std::string& path) {
  auto volume = image::readVolume(path);
  if (!volume) return volume.error();
  if (volume->huFloat) return volume->huFloat;
  auto times = image::FloatImage::New();
  times->CopyInformation(volume->hu);
  times->SetRegions(volume->hu->GetLargestPossibleRegion());
  times->Allocate();
  const int16_t* in = volume->hu->GetBufferPointer();
  float* out = times->GetBufferPointer();
  for (size_t i = 0, n = volume->hu->GetLargestPossibleRegion().GetNumberOfPixels(); i < n; ++i)
    out[i] = in[i];
  return times;
}

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

// The centre of the CT's voxel box in LPS.
core::Vec3 volumeCentreMm(const fluoro::AttenuationVolume& v) {
  return v.pointMm({0.5 * (v.size()[0] - 1), 0.5 * (v.size()[1] - 1), 0.5 * (v.size()[2] - 1)});
}

int runDrr(const DrrArguments& a) {
  auto volume = app::loadCase(a.input);
  if (!volume) return fail(volume.error().message());
  for (const auto& w : volume->warnings) std::cerr << "warning: " << w << "\n";
  fluoro::AttenuationVolume attenuation = fluoro::AttenuationVolume::fromCt(*volume->hu);

  std::optional<core::Plan> plan;
  if (!a.planPath.empty()) {
    auto loaded = core::loadPlan(a.planPath);
    if (!loaded) return fail(loaded.error().message());
    plan = std::move(loaded.value());
  }
  if (!a.fillTimesS.empty() && a.cementPath.empty())
    return fail("--fill-times needs --cement with a fill-time map");
  if (!a.cementPath.empty() && a.fillTimesS.empty()) {
    auto mask = image::readLabels(a.cementPath);
    if (!mask) return fail(mask.error().message());
    const auto voxels = fluoro::cementVoxels(attenuation, *mask.value());
    fluoro::applyCement(attenuation, voxels);
    std::cout << "cement: " << voxels.size() << " voxels of barium-loaded PMMA\n";
  }

  // The needle the barrel view looks along (and the isocentre sits on): --needle, or the first.
  const core::Needle* focus = nullptr;
  if (plan) {
    for (const auto& n : plan->needles)
      if (a.needleId.empty() || n.id == a.needleId) {
        focus = &n;
        break;
      }
    if (!a.needleId.empty() && focus == nullptr)
      return fail(a.planPath + ": no needle with id \"" + a.needleId + "\"");
  }

  fluoro::CArm carm;
  if (a.view == "barrel") {
    if (focus == nullptr) return fail("--view barrel needs a --plan with at least one needle");
    carm.angles = fluoro::barrelAnglesOf(*focus);
  } else if (auto angles = fluoro::parseViewAngles(a.view)) {
    carm.angles = *angles;
  } else {
    return fail(
        "--view: expected ap, lateral, barrel or angles such as lao=20,cran=10 (rao=, caud= also)");
  }
  carm.isocentreMm = focus != nullptr ? focus->targetMm : volumeCentreMm(attenuation);

  const std::vector<fluoro::NeedleModel> needles =
      plan ? fluoro::needlesFromPlan(*plan) : std::vector<fluoro::NeedleModel>{};
  const fluoro::AttenuationVolume* source = &attenuation;
  fluoro::AttenuationVolume coarse;
  fluoro::DrrOptions options;
  if (a.preview) {
    coarse = attenuation.downsampled();
    source = &coarse;
    options.rayStep = 2;
  }
  if (!a.fillTimesS.empty()) {
    auto times = readFillTimes(a.cementPath);
    if (!times) return fail(times.error().message());
    const auto voxels = fluoro::cementVoxels(attenuation, *times.value());
    const auto frames =
        fluoro::renderFillSequence(attenuation, carm, needles, voxels, a.fillTimesS, options);
    // One window for every frame (the first's), so the cement darkens from frame to frame.
    const fluoro::DisplayWindow window = fluoro::autoWindow(frames.front());
    std::vector<double> sorted = a.fillTimesS;
    std::sort(sorted.begin(), sorted.end());
    for (size_t f = 0; f < frames.size(); ++f) {
      auto written =
          fluoro::writePng(fluoro::toGray(frames[f], window), framePath(a.out, sorted[f]));
      if (!written) return fail(written.error().message());
      std::printf("%s: %s, t = %.1f s\n", written.value().string().c_str(),
                  core::describe(carm.angles).c_str(), sorted[f]);
    }
    std::printf("%zu cement voxels fill over the sequence\n", voxels.size());
    return 0;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const fluoro::Drr drr = fluoro::renderDrr(*source, carm, needles, options);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  fluoro::RgbImage picture = fluoro::toRgb(fluoro::toGray(drr, fluoro::autoWindow(drr)));
  if (plan && !a.noOverlay) {
    const fluoro::Projection projection(carm);
    for (const auto& n : plan->needles)
      fluoro::drawPlannedPath(picture, projection, n.skinEntryMm, n.targetMm);
  }
  auto written = fluoro::writePng(picture, a.out);
  if (!written) return fail(written.error().message());
  std::printf("%s: %s, isocentre (%.1f, %.1f, %.1f) mm, %d x %d pixels, %.1f ms%s\n",
              written.value().string().c_str(), core::describe(carm.angles).c_str(),
              carm.isocentreMm.x, carm.isocentreMm.y, carm.isocentreMm.z, carm.columns, carm.rows,
              ms, a.preview ? " (preview)" : "");
  return 0;
}

}  // namespace

void addDrrCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "drr", "Simulated fluoroscopy (DRR) of a case, with the planned needles and cement");
  static DrrArguments args;
  cmd->add_option("CASE", args.input,
                  "DICOM folder or file, or a volume file (.nii.gz, .nrrd, .mha)")
      ->required();
  cmd->add_option("--view", args.view,
                  "ap, lateral, barrel (along the plan's needle) or lao=20,cran=10 (rao=, caud=)")
      ->capture_default_str();
  cmd->add_option("--plan", args.planPath,
                  "Plan file (JSON): its needles are drawn as steel, its paths as an overlay");
  cmd->add_option("--needle", args.needleId,
                  "Needle id of the plan for --view barrel and the isocentre (default: first)");
  cmd->add_option("--cement", args.cementPath,
                  "Cement mask (label > 0) as a volume file, on any grid");
  cmd->add_option(
         "--fill-times", args.fillTimesS,
         "Cement fill frames: --cement is then a fill-time map (seconds, negative never); one "
         "PNG per time")
      ->delimiter(',');
  cmd->add_flag("--preview", args.preview, "Interactive quality: half-resolution volume and rays");
  cmd->add_flag("--no-overlay", args.noOverlay, "Do not draw the planned paths");
  cmd->add_option("--out", args.out, "Output PNG")->required();
  cmd->callback([] { exitCode() = runDrr(args); });
}

}  // namespace trocar::app
