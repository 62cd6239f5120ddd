#include "trocar/report_images/CaseKeyImages.h"

#include <map>
#include <optional>
#include <string>

#include "trocar/cement/CementImages.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/plan/VertebraFields.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report/DrrImages.h"
#include "trocar/report/NeedleSlice.h"
#include "trocar/report_images/SpineSnapshot.h"
#include "trocar/segment/Levels.h"

namespace trocar::report_images {

fluoro::AttenuationVolume attenuationWithCement(const ReportCase& c) {
  fluoro::AttenuationVolume attenuation = fluoro::AttenuationVolume::fromCt(*c.volume->hu);
  for (const auto* sim : c.cement) {
    const auto mask = cement::cementMaskImage(sim->domain, sim->result);
    fluoro::applyCement(attenuation, fluoro::cementVoxels(attenuation, *mask));
  }
  return attenuation;
}

std::vector<report::KeyImage> needleSlicesOf(const ReportCase& c) {
  struct LevelParts {
    std::optional<segment::VertebraFrame> frame;
    image::LabelImage::Pointer cement;
  };
  std::map<std::string, LevelParts> levels;
  std::vector<report::KeyImage> images;
  for (const auto& needle : c.plan->needles) {
    auto [it, isNew] = levels.try_emplace(needle.level);
    LevelParts& parts = it->second;
    if (isNew) {
      // The plan's own vertebra frame, so that the slice shows the needle at the table's angles.
      if (c.anatomy)
        if (auto frame = plan::vertebraFrame(*c.anatomy, segment::levelFromName(needle.level)))
          parts.frame = frame.value();
      for (const auto* sim : c.cement)
        if (sim->level == needle.level) parts.cement = cement::cementMaskImage(sim->domain, sim->result);
    }
    report::NeedleSliceOptions options;
    if (parts.frame) {
      options.left = parts.frame->left;
      options.superior = parts.frame->superior;
    }
    options.cement = parts.cement.GetPointer();
    images.push_back(report::needleSliceImage(*c.volume->hu, needle, options));
  }
  return images;
}

void addCaseSources(const ReportCase& c, const fluoro::AttenuationVolume& attenuation,
                    const View3dSource& view3d, report::ReportSources& sources) {
  sources.metadata = &c.volume->metadata;
  sources.anatomy = c.anatomy;
  for (const auto* sim : c.cement)
    sources.cement.push_back(report::cementSummaryOf(sim->level, sim->result));

  if (view3d.render && c.anatomy) {
    std::string why;
    if (auto view = spineSnapshot(*c.anatomy, *c.plan, &why))
      sources.images.push_back(std::move(*view));
    else
      sources.omittedImages.push_back({"3D view", why});
  } else if (view3d.render) {
    sources.omittedImages.push_back({"3D view", "the case has no segmentation"});
  } else if (view3d.given && !view3d.given->empty()) {
    sources.images.push_back(*view3d.given);
  } else {
    sources.omittedImages.push_back({"3D view", view3d.omittedBecause});
  }

  const core::Vec3 isocentre = report::targetsCentreMm(*c.plan);
  sources.images.push_back(
      report::drrKeyImage(attenuation, *c.plan, fluoro::apAngles(), isocentre, "AP"));
  sources.images.push_back(
      report::drrKeyImage(attenuation, *c.plan, fluoro::lateralAngles(), isocentre, "Lateral"));

  for (auto& slice : needleSlicesOf(c)) sources.images.push_back(std::move(slice));
}

}  // namespace trocar::report_images
