#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trocar/core/Vec3.h"

namespace trocar::phantom {

// Hounsfield units of each tissue. Defaults are typical adult values at 120 kVp.
struct TissueHu {
  double air = -1000;
  double lung = -850;
  double fat = -100;
  double muscle = 40;  // muscle and abdominal organs alike
  double csf = 15;
  double cord = 35;
  double disc = 80;
  double cancellous = 200;     // healthy trabecular bone; ~60 for an osteoporotic spine
  double cortical = 850;       // vertebral body shell and endplates
  double posteriorBone = 500;  // laminae and processes: thin cortex around little marrow, averaged
  double rib = 450;
  double sacrum = 350;
  double lesion = 25;   // lytic lesion: soft-tissue density replacing bone
  double metal = 3000;  // titanium screw (scanner clips higher values anyway)
};

// A lytic lesion: a sphere inside one vertebral body. Only the part inside the body's outer
// surface is lesion, so a sphere that reaches past the posterior wall replaces the cortex there
// (a posterior wall breach, the contraindication planners look for).
struct LesionSpec {
  int level = 0;                 // VerSe label of the vertebra
  core::Vec3 offsetMm{0, 0, 0};  // centre relative to the body centre, in the level's local frame
                                 // (x: patient left, y: posterior, z: superior)
  double radiusMm = 8;
};

// An osteoporotic wedge fracture: the anterior height of the body is reduced by `fraction`
// (0.3 = 30 %), the posterior wall keeps its height, the superior endplate tilts.
// Genant grades: < 20 % normal, 20-25 % grade 1, 25-40 % grade 2, > 40 % grade 3.
struct FractureSpec {
  int level = 0;
  double anteriorHeightLossFraction = 0.3;
};

// A pedicle screw along the pedicle axis (through the isthmus centre).
struct ScrewSpec {
  int level = 0;
  bool left = true;  // patient left pedicle (+x)
  double diameterMm = 5.0;
  double lengthMm = 45;      // measured forward from the posterior bone entry point
  double protrusionMm = 10;  // head standing out behind the entry point
};

struct NoiseSpec {
  double sigmaHu = 0;  // Gaussian standard deviation; 0 turns noise off
  uint64_t seed = 1;   // same seed, same grid: identical images on any thread count
};

struct PhantomSpec {
  int firstLevel = 17;  // T10 (VerSe label); any of T1..L5
  int lastLevel = 24;   // L5
  bool sacrum = true;
  bool ribs = true;  // on thoracic levels (T11 and T12 carry short floating ribs)
  // The lowest rib-bearing level: T12 normally; T11 for 11 rib pairs, L1 for a lumbar rib (the
  // variants that make level counting from the last rib go wrong).
  int lastRibLevel = 19;  // T12
  bool lungs = true;      // beside thoracic levels, above a domed diaphragm
  // Total lumbar lordosis between the L1 and L5 body axes, in degrees; spread evenly over the
  // lumbar levels with L3 upright. 0 stacks every level along z.
  double lordosisDeg = 30;
  // Where the centre of the whole column (midway between the first and last body centres) sits.
  core::Vec3 centreMm{0, 0, 0};
  double corticalShellMm = 1.0;
  double endplateMm = 1.0;
  TissueHu hu;
  std::vector<LesionSpec> lesions;
  std::vector<FractureSpec> fractures;
  std::vector<ScrewSpec> screws;
};

}  // namespace trocar::phantom
