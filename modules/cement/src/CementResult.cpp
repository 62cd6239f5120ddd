#include "trocar/cement/CementResult.h"

namespace trocar::cement {

std::string toString(StopReason reason) {
  switch (reason) {
    case StopReason::kVolumeReached: return "planned volume reached";
    case StopReason::kPressureLimit: return "pressure limit reached";
    case StopReason::kLeak: return "leak detected";
    case StopReason::kPosteriorQuarter: return "cement reached the posterior quarter of the body";
    case StopReason::kBothEndplates: return "cement touches both endplates";
    case StopReason::kNoRoom: return "no open tissue left to fill";
  }
  return "?";
}

double cementVolumeMl(const InjectionDomain& domain, const CementResult& result) {
  double ml = 0;
  const double voxelMl = domain.grid.voxelVolumeMl();
  for (size_t i = 0; i < result.saturation.size(); ++i)
    if (result.saturation[i] > 0) ml += double(result.saturation[i]) * domain.porosity[i] * result.poreFillFraction * voxelMl;
  return ml;
}

}  // namespace trocar::cement
