#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trocar/cement/CementGrid.h"

namespace trocar::cement {

// What a voxel of the simulation grid is, as far as cement is concerned.
enum class Tissue : uint8_t {
  kClosed = 0,          // air, other vertebrae, the needle shaft, outside the skin: no cement enters
  kCancellous = 1,      // the body's trabecular core (and lytic lesions inside it)
  kCortex = 2,          // the body's shell: walls, nearly closed unless breached
  kSuperiorEndplate = 3,
  kInferiorEndplate = 4,
  kVertebralBone = 5,   // pedicles and posterior elements of the treated vertebra
  // Leak destinations: everything outside the treated vertebra's bone that cement can reach.
  kCanal = 6,           // spinal canal / epidural space (basivertebral vein leaks end here too)
  kForamen = 7,         // neural foramina beside the canal, behind the body
  kSuperiorDisc = 8,    // beyond the superior endplate
  kInferiorDisc = 9,    // beyond the inferior endplate
  kParavertebral = 10,  // lateral soft tissue and segmental veins
  kAnterior = 11,       // in front of the body (prevertebral tissue and vessels)
};

// Where leaked cement went, in the order results list them.
enum class LeakDestination : uint8_t { kCanal, kForamen, kSuperiorDisc, kInferiorDisc, kParavertebral, kAnterior };
inline constexpr int kLeakDestinationCount = 6;

std::string toString(Tissue tissue);
std::string toString(LeakDestination destination);
std::optional<LeakDestination> leakDestinationOf(Tissue tissue);
inline bool isBody(Tissue t) {
  return t == Tissue::kCancellous || t == Tissue::kCortex || t == Tissue::kSuperiorEndplate ||
         t == Tissue::kInferiorEndplate;
}

// A vein that leaves the body through a foramen of its cortex (the basivertebral vein at the
// posterior wall, the segmental veins' anterolateral foramina). It is not porous bone but one
// blood-filled tube: cement that reaches the foramen from inside flows into it as a yield-stress
// fluid in a pipe (DarcyFrontModel.cpp), and what enters collects in `drainVoxels`, the soft
// tissue the vein runs into (epidural plexus, paravertebral), in that order.
struct VenousOutlet {
  std::string name;                     // "basivertebral vein"
  std::vector<uint32_t> openingVoxels;  // the foramen's voxels in the cortex (closed to the bone flow)
  std::vector<uint32_t> drainVoxels;    // where leaked cement lies, filled in this order
  double channelRadiusMm = 1;           // the foramen's channel through the wall
  double channelLengthMm = 4;
  double veinRadiusMm = 2;              // the vein's lumen beyond, which the leaked cement fills
};

// The porous medium a cement model runs in: per voxel its tissue, permeability and the fraction
// of its volume cement can occupy. Built from a CT and its segmentation (BuildDomain.h) or by hand
// for analytic tests (a homogeneous block).
struct InjectionDomain {
  CementGrid grid;
  std::vector<uint8_t> tissue;          // Tissue per voxel
  std::vector<float> permeabilityM2;    // isotropic (geometric-mean) permeability; 0 closed
  std::vector<float> porosity;          // fillable volume fraction, (0, 1]
  // Permeability multipliers along the grid axes u, v, w (product 1): k_axis = multiplier * k.
  // Vertebral cancellous bone is more permeable cranio-caudally (Baroud et al. 2004: AP cores
  // had 78 % of the SI cores' permeability).
  core::Vec3 anisotropy{1, 1, 1};

  // Measures of the treated body for the results; zero for hand-built domains without a body.
  double bodyVolumeMl = 0;
  // Grid j (the v axis) of the body's posterior and anterior walls at the mid-sagittal plane;
  // used by the "posterior quarter" stop rule. Negative when unknown.
  double posteriorWallJ = -1, anteriorWallJ = -1;
  std::string levelName;  // "L3"; empty for hand-built domains
  std::vector<VenousOutlet> outlets;  // none for hand-built domains

  size_t voxelCount() const { return grid.voxelCount(); }
  Tissue tissueAt(size_t index) const { return Tissue(tissue[index]); }

  // A block of one tissue with uniform properties (every voxel open), for analytic tests.
  static InjectionDomain uniform(const CementGrid& grid, double permeabilityM2, double porosity,
                                 Tissue tissue = Tissue::kCancellous);
};

}  // namespace trocar::cement
