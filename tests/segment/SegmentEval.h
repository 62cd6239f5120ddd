#pragma once

#include <map>

#include "trocar/image/CtVolume.h"

namespace trocar::segment::test {

// Dice of each reference label against the segmentation, after mapping the reference's numbers
// to VerSe (refToVerse); only reference labels present in the map are scored.
std::map<int, double> dicePerLevel(const image::LabelImage& result, const image::LabelImage& reference,
                                   const std::map<int, int>& refToVerse);

// The same where the two images share the physical space but maybe not the index order (a DICOM
// stack against a NIfTI file of the same scan): each result voxel looks up the reference voxel
// at its centre.
std::map<int, double> dicePerLevelPhysical(const image::LabelImage& result, const image::LabelImage& reference,
                                           const std::map<int, int>& refToVerse);

}  // namespace trocar::segment::test
