#include "ReportImages.h"

#include "SpineSnapshot.h"
#include "trocar/cement/CementImages.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/fluoro/Cement.h"
#include "trocar/report/CementSummary.h"
#include "trocar/report/DrrImages.h"
#include "trocar/report/NeedleSlice.h"

namespace trocar::app {

fluoro::AttenuationVolume attenuationWithCement(const ReportCase& c) {
  fluoro::AttenuationVolume attenuation = fluoro::AttenuationVolume::fromCt(*c.volume->hu);
  for (const auto* sim : c.cement) {
    const auto mask = cement::cementMaskImage(sim->domain, sim->result);
    fluoro::applyCement(attenuation, fluoro::cementVoxels(attenuation, *mask));
  }
  return attenuation;
}

void addCaseSources(const ReportCase& c, const fluoro::AttenuationVolume& attenuation, bool want3d,
                    report::ReportSources& sources) {
  sources.metadata = &c.volume->metadata;
  sources.anatomy = c.anatomy;
  for (const auto* sim : c.cement)
    sources.cement.push_back(report::cementSummaryOf(sim->level, sim->result));

  if (want3d && c.anatomy) {
    std::string why;
    if (auto view = spineSnapshot(*c.anatomy, *c.plan, &why))
      sources.images.push_back(std::move(*view));
    else
      sources.omittedImages.push_back({"3D view", why});
  } else if (!want3d) {
    sources.omittedImages.push_back({"3D view", "not requested (--no-3d)"});
  }

  const core::Vec3 isocentre = report::targetsCentreMm(*c.plan);
  sources.images.push_back(
      report::drrKeyImage(attenuation, *c.plan, fluoro::apAngles(), isocentre, "AP"));
  sources.images.push_back(
      report::drrKeyImage(attenuation, *c.plan, fluoro::lateralAngles(), isocentre, "Lateral"));

  for (const auto& needle : c.plan->needles) {
    report::NeedleSliceOptions options;
    if (c.anatomy)
      for (const auto& v : c.anatomy->vertebrae)
        if (v.name == needle.level) {
          options.left = v.frame.left;
          options.superior = v.frame.superior;
        }
    image::LabelImage::Pointer mask;
    for (const auto* sim : c.cement)
      if (sim->level == needle.level) mask = cement::cementMaskImage(sim->domain, sim->result);
    options.cement = mask.GetPointer();
    sources.images.push_back(report::needleSliceImage(*c.volume->hu, needle, options));
  }
}

}  // namespace trocar::app
