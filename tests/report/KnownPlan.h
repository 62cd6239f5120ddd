#pragma once

#include "trocar/cement/CementResult.h"
#include "trocar/core/Plan.h"
#include "trocar/image/CtVolume.h"

namespace trocar::reporttest {

// A plan written by hand with round numbers, so every value the report shows is known:
//   L3 bipedicular: L3-left safe, L3-right unsafe (canal breached by 0.8 mm, two reasons);
//   L4 unipedicular: L4-left parapedicular caution (pedicle walls not applicable).
core::Plan knownPlan();
// Patient data a DICOM series would carry (name, ID, birth date 1960-03-12, study 2026-11-01).
image::SeriesMetadata knownMetadata();
// An L3 injection: 4.00 mL in (10 % of a 40 mL body), 3.70 mL kept, 0.30 mL leaked paravertebral, 42 % of the body,
// superior endplate touched over 35 mm².
cement::CementResult knownCementResult();

}  // namespace trocar::reporttest
