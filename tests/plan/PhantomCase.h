#pragma once

#include "trocar/phantom/SpinePhantom.h"
#include "trocar/plan/PlanningCase.h"

namespace trocar::plan::test {

// A rasterised phantom as the planning stage sees a segmented scan: its CT, and a SpineAnatomy
// made from the phantom's exact label maps and landmarks (parts mapped to segment's parts: cord
// and canal are canal, lesion is body, the rest is not vertebra). Not a segmentation: the truth.
struct PhantomCase {
  phantom::SpinePhantom phantom;
  image::CtVolume volume;
  segment::SpineAnatomy anatomy;
};

PhantomCase makePhantomCase(const phantom::PhantomSpec& spec, double spacingMm);

}  // namespace trocar::plan::test
