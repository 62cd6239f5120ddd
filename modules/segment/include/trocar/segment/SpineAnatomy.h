#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"

namespace trocar::segment {

// What a voxel of SpineAnatomy::parts is. The numbers match the phantom's part map so that
// segmentations and phantom truth compare directly; which vertebra it is lives in `levels`.
enum class Part : uint8_t {
  kBackground = 0,
  kBody = 1,               // vertebral body: cortex, endplates and cancellous core
  kLeftPedicle = 2,        // patient left (+x in LPS)
  kRightPedicle = 3,       // patient right (-x in LPS)
  kPosteriorElements = 4,  // laminae, articular, transverse and spinous processes; sacrum bar S1 body
  kCanal = 5,              // the spinal canal between this vertebra's endplates
};
std::string partName(Part part);

// A vertebra's anatomical frame: origin at the body centre; unit axes to patient left, anterior
// and superior (superior is the mean endplate normal, so it leans with the lordosis).
struct VertebraFrame {
  core::Vec3 originMm;
  core::Vec3 left{1, 0, 0};
  core::Vec3 anterior{0, -1, 0};
  core::Vec3 superior{0, 0, 1};

  core::Vec3 toLocal(const core::Vec3& lpsMm) const {
    const core::Vec3 d = lpsMm - originMm;
    return {core::dot(d, left), core::dot(d, anterior), core::dot(d, superior)};
  }
  core::Vec3 toWorld(const core::Vec3& localMm) const {
    return originMm + left * localMm.x + anterior * localMm.y + superior * localMm.z;
  }
};

struct PedicleAnatomy {
  bool found = false;
  // Centre of the isthmus: the pedicle's bony section in the vertebra's coronal plane through the
  // middle of the canal's sagittal diameter (posterior body line to laminae), beside which the
  // pedicle is narrowest between its flares into the body and the lamina; traced at sub-voxel steps.
  core::Vec3 isthmusCentreMm;
  core::Vec3 axis;              // unit, posterior to anterior (the direction a needle travels)
  double isthmusWidthMm = 0;    // medio-lateral extent of the narrowest cross-section
  double isthmusHeightMm = 0;   // cranio-caudal extent of the narrowest cross-section
};

// A region of the body much less dense than its cancellous core: a possible lytic lesion
// (or a large venous lake). Flagged for the radiologist, not diagnosed.
struct LowDensityRegion {
  core::Vec3 centreMm;
  double volumeMl = 0;
  double meanHu = 0;
};

struct VertebraAnatomy {
  int label = 0;             // VerSe number
  std::string name;          // "L3"
  bool partial = false;      // cut by the edge of the field of view: measures below are partial
  bool hasRibs = false;      // a rib leaves its transverse process or body
  core::Vec3 centroidMm;     // of the whole vertebra label
  core::Vec3 bodyCentroidMm; // of the body part
  VertebraFrame frame;
  core::Vec3 superiorEndplateCentreMm, inferiorEndplateCentreMm;

  // Genant's ha, hm, hp: body height along frame.superior on the mid-sagittal plane near the
  // anterior wall, at the centre and near the posterior wall.
  double anteriorHeightMm = 0, middleHeightMm = 0, posteriorHeightMm = 0;
  // Largest relative height loss: of ha or hm against hp, or of hp against the neighbours' hp.
  double heightLossFraction = 0;
  int genantGrade = 0;       // 0 normal (< 20 %), 1 mild (20-25 %), 2 moderate (25-40 %), 3 severe

  PedicleAnatomy leftPedicle, rightPedicle;
  // The canal segment between this vertebra's endplates. Canal voxels are Part::kCanal in the parts
  // map and carry no level in the levels map (the level map is bone only).
  core::Vec3 canalCentreMm;
  double canalAreaMm2 = 0;
  double bodyVolumeMl = 0;
  double vertebraVolumeMl = 0;
  double cancellousMeanHu = 0;  // the body eroded by 3 mm: an osteoporosis indicator
  std::vector<LowDensityRegion> lowDensityRegions;
  bool metal = false;           // voxels above 2500 HU inside the vertebra (screws, cement)
  std::vector<std::string> warnings;
};

// The result of segmentation: what the planning stage consumes.
struct SpineAnatomy {
  // Both maps are on the input volume's grid (same size, spacing, origin, direction).
  image::LabelImage::Pointer levels;  // VerSe level per voxel, 0 elsewhere
  image::LabelImage::Pointer parts;   // Part per voxel
  std::vector<VertebraAnatomy> vertebrae;  // from superior to inferior

  // How sure the level numbering is (0..1) and why: which anchors were seen (sacrum, last
  // rib-bearing vertebra), whether they agree, whether the user overrode it.
  double levelConfidence = 0;
  std::string levelReasoning;
  std::vector<std::string> warnings;  // degenerate input: partial levels, metal, low density ...

  const VertebraAnatomy* find(int verseLabel) const {
    for (const auto& v : vertebrae)
      if (v.label == verseLabel) return &v;
    return nullptr;
  }
};

}  // namespace trocar::segment
