#pragma once

#include <map>

#include "trocar/image/CtVolume.h"

namespace trocar::segment::test {

// Dice of each reference label against the segmentation, after mapping the reference's numbers
// to VerSe (refToVerse); only reference labels present in the map are scored.
std::map<int, double> dicePerLevel(const image::LabelImage& result, const image::LabelImage& reference,
                                   const std::map<int, int>& refToVerse);

}  // namespace trocar::segment::test
