#pragma once

#include <string>

#include "trocar/core/CArmAngles.h"
#include "trocar/core/Plan.h"
#include "trocar/fluoro/AttenuationVolume.h"
#include "trocar/fluoro/Display.h"
#include "trocar/report/KeyImage.h"

namespace trocar::report {

// The centre of the plan's targets: the isocentre of its overview DRRs.
core::Vec3 targetsCentreMm(const core::Plan& plan);

// A simulated fluoroscopy view of the case with every planned needle in steel and its path drawn
// over it; cement is whatever `volume` already holds (fluoro::applyCement).
fluoro::RgbImage planDrr(const fluoro::AttenuationVolume& volume, const core::Plan& plan,
                         const core::CArmAngles& angles, const core::Vec3& isocentreMm);

// The same as a key image, captioned with the angles and the detector size in mm.
KeyImage drrKeyImage(const fluoro::AttenuationVolume& volume, const core::Plan& plan,
                     const core::CArmAngles& angles, const core::Vec3& isocentreMm,
                     const std::string& title);

KeyImage toKeyImage(const fluoro::RgbImage& image, std::string title, std::string caption);

}  // namespace trocar::report
