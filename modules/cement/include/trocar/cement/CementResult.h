#pragma once

#include <array>
#include <string>
#include <vector>

#include "trocar/cement/CementGrid.h"
#include "trocar/cement/InjectionDomain.h"

namespace trocar::cement {

// The state of the injection at one moment.
struct CementFrame {
  double timeS = 0;          // since the injection started
  double injectedMl = 0;     // delivered by the needles (rate x time)
  double simulatedMl = 0;    // held by the grid's voxels: equals injectedMl (mass conservation)
  double retainedMl = 0;     // inside the treated vertebra (body, pedicles, posterior elements)
  double leakedMl = 0;
  std::array<double, kLeakDestinationCount> leakedByDestinationMl{};
  std::vector<double> pressureKpa;  // at each needle's tip, in the request's source order
  double bodyFillFraction = 0;      // of the body's volume reached by cement
};

struct SourceResult {
  std::string needleId;
  double injectedMl = 0;
  double peakPressureKpa = 0;
  double finalPressureKpa = 0;
};

inline constexpr double kMinEndplateContactMm2 = 4;

enum class StopReason { kVolumeReached, kPressureLimit, kLeak, kPosteriorQuarter, kBothEndplates, kNoRoom };
std::string toString(StopReason reason);

struct CementResult {
  CementGrid grid;
  // Seconds from the start of injection at which each voxel began to fill; negative: never.
  // The compact replay of the fill: the frames' masks are fillTimeS <= frame time.
  std::vector<float> fillTimeS;
  // Fraction of each voxel's pore space that holds cement (1 for every reached voxel except the
  // one each needle, and each vein a leak ran into, was filling when the injection stopped).
  std::vector<float> saturation;
  // The share of a voxel's pore space cement can take (1 - the request's residual marrow): a
  // saturated voxel holds porosity x poreFillFraction x voxel volume of cement.
  double poreFillFraction = 1;
  std::vector<CementFrame> frames;  // at every frame interval and at the end
  std::vector<SourceResult> sources;

  double durationS = 0;
  double injectedMl = 0, retainedMl = 0, leakedMl = 0;
  std::array<double, kLeakDestinationCount> leakedByDestinationMl{};
  double bodyFillFraction = 0;  // of the body's volume reached by cement (cement and the bone in it)
  // The body's volume on the grid, and the injected volume as a share of it: the "filling
  // ratio" clinical and cadaver studies report (cement volume / vertebral body volume), which
  // is smaller than bodyFillFraction as the cement fills the pores of the bone it reaches.
  double bodyVolumeMl = 0;
  double injectedToBodyFraction() const { return bodyVolumeMl > 0 ? injectedMl / bodyVolumeMl : 0; }
  // Endplate area the cement lies against, and whether it reaches kMinEndplateContactMm2.
  bool touchesSuperiorEndplate = false, touchesInferiorEndplate = false;
  double superiorContactMm2 = 0, inferiorContactMm2 = 0;
  StopReason stopReason = StopReason::kVolumeReached;
  std::string model;  // the model's name

  const CementFrame& last() const { return frames.back(); }
  bool leaksTo(LeakDestination d, double minMl = 1e-3) const { return leakedByDestinationMl[size_t(d)] > minMl; }
};

// Cement held by the grid, recounted from the voxels (porosity x poreFillFraction x voxel volume
// x saturation).
double cementVolumeMl(const InjectionDomain& domain, const CementResult& result);

}  // namespace trocar::cement
