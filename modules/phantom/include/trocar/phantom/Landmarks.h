#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trocar/core/Vec3.h"

namespace trocar::phantom {

// A vertebra's anatomical frame: origin at the geometric centre of the (uncompressed) body,
// unit axes towards patient left, posterior and superior along the body's own axis (which
// leans with the lordosis). Right-handed: lr x ap = si.
struct LocalFrame {
  core::Vec3 originMm;
  core::Vec3 lr{1, 0, 0};
  core::Vec3 ap{0, 1, 0};
  core::Vec3 si{0, 0, 1};

  core::Vec3 toWorld(const core::Vec3& localMm) const {
    return originMm + lr * localMm.x + ap * localMm.y + si * localMm.z;
  }
  core::Vec3 toLocal(const core::Vec3& worldMm) const {
    const core::Vec3 d = worldMm - originMm;
    return {core::dot(d, lr), core::dot(d, ap), core::dot(d, si)};
  }
};

struct PedicleTruth {
  core::Vec3 isthmusCentreMm;  // centre of the narrowest cross-section
  core::Vec3 axis;             // unit, from posterior to anterior (the needle's direction)
  double isthmusWidthMm = 0;   // transverse (medio-lateral) diameter at the isthmus
  double isthmusHeightMm = 0;  // cranio-caudal diameter at the isthmus
  double medialAngleDeg = 0;   // axis angle towards the midline, from the sagittal plane
  // Where the axis leaves the posterior bone surface, and how far it runs inside bone from there
  // to the anterior body cortex: the ideal transpedicular path.
  core::Vec3 entryPointMm;
  core::Vec3 anteriorCortexPointMm;
};

struct LesionTruth {
  core::Vec3 centreMm;
  double radiusMm = 0;
  bool breachesPosteriorWall = false;  // the lesion replaces part of the posterior cortex
};

// Ground truth of one vertebra, every point in patient LPS mm.
struct LevelLandmarks {
  int label = 0;     // VerSe number
  std::string name;  // "L1"
  LocalFrame frame;
  core::Vec3 bodyCentroidMm;            // centroid of the body label volume (exact shape)
  core::Vec3 superiorEndplateCentreMm;  // on the mid-sagittal, mid-coronal line of the body
  core::Vec3 inferiorEndplateCentreMm;
  double bodyVolumeMm3 = 0;
  double bodyWidthMm = 0, bodyDepthMm = 0;  // at the endplates (the waist is narrower)
  // Heights along the body axis on the mid-sagittal plane at the anterior wall, the centre and
  // the posterior wall (Genant's ha, hm, hp).
  double anteriorHeightMm = 0, middleHeightMm = 0, posteriorHeightMm = 0;
  int genantGrade = 0;  // 0 normal, 1 mild, 2 moderate, 3 severe (from the anterior height loss)
  bool hasPedicles = false;  // false for the sacrum
  PedicleTruth leftPedicle, rightPedicle;
  bool hasRibs = false;
  core::Vec3 spinousTipMm;
  core::Vec3 canalCentreMm;                   // centre of the spinal canal at the pedicle level
  double canalWidthMm = 0, canalDepthMm = 0;  // its elliptic cross-section (left-right, AP)
  std::optional<LesionTruth> lesion;
};

}  // namespace trocar::phantom
