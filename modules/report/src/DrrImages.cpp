#include "trocar/report/DrrImages.h"

#include <cstdio>

#include "trocar/fluoro/Drr.h"
#include "trocar/fluoro/PlanNeedles.h"
#include "trocar/fluoro/Projection.h"

namespace trocar::report {

core::Vec3 targetsCentreMm(const core::Plan& plan) {
  core::Vec3 sum;
  for (const auto& n : plan.needles) sum += n.targetMm;
  return plan.needles.empty() ? sum : sum / double(plan.needles.size());
}

fluoro::RgbImage planDrr(const fluoro::AttenuationVolume& volume, const core::Plan& plan,
                         const core::CArmAngles& angles, const core::Vec3& isocentreMm) {
  fluoro::CArm carm;
  carm.angles = angles;
  carm.isocentreMm = isocentreMm;
  const auto needles = fluoro::needlesFromPlan(plan);
  const fluoro::Drr drr = fluoro::renderDrr(volume, carm, needles);
  fluoro::RgbImage picture = fluoro::toRgb(fluoro::toGray(drr, fluoro::autoWindow(drr)));
  const fluoro::Projection projection(carm);
  for (const auto& n : plan.needles)
    fluoro::drawPlannedPath(picture, projection, n.skinEntryMm, n.targetMm);
  return picture;
}

KeyImage toKeyImage(const fluoro::RgbImage& image, std::string title, std::string caption) {
  KeyImage k;
  k.title = std::move(title);
  k.caption = std::move(caption);
  k.width = image.columns;
  k.height = image.rows;
  k.rgb = image.rgb;
  return k;
}

KeyImage drrKeyImage(const fluoro::AttenuationVolume& volume, const core::Plan& plan,
                     const core::CArmAngles& angles, const core::Vec3& isocentreMm,
                     const std::string& title) {
  const fluoro::CArm carm;
  char caption[400];
  std::snprintf(
      caption, sizeof caption,
      "Simulated fluoroscopy at %s: %.0f × %.0f mm detector, %.0f mm source-to-image distance, "
      "magnification %.2f at the isocentre (the centre of the targets). Needles in steel, planned "
      "paths "
      "dashed in yellow%s.",
      core::describe(angles).c_str(), carm.detectorWidthMm(), carm.detectorHeightMm(), carm.sidMm,
      carm.magnification(), plan.needles.empty() ? "" : ", targets ringed");
  return toKeyImage(planDrr(volume, plan, angles, isocentreMm), title, caption);
}

}  // namespace trocar::report
