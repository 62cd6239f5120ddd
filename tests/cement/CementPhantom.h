#pragma once

#include "trocar/cement/BuildDomain.h"
#include "trocar/phantom/SpinePhantom.h"

namespace trocar::cement::test {

// A rasterised lumbar phantom as the cement stage sees a segmented scan: its CT and a
// SpineAnatomy from the phantom's exact labels (lesion counts as body, cord as canal, discs and
// soft tissue as unlabelled) and landmarks. The truth, not a segmentation.
struct PhantomCase {
  phantom::SpinePhantom phantom;
  image::CtVolume volume;
  segment::SpineAnatomy anatomy;
};

// L2-L4 without ribs, lungs or sacrum, at `spacingMm` with Gaussian noise of `noiseHu` (seeded).
PhantomCase makeLumbarCase(phantom::PhantomSpec spec, double spacingMm = 1.0, double noiseHu = 40);

// A point in level's body frame (x left, y anterior, z superior, mm from the body centre).
core::Vec3 bodyPoint(const PhantomCase& c, int level, const core::Vec3& local);

}  // namespace trocar::cement::test
