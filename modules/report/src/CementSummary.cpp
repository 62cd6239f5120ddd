#include "trocar/report/CementSummary.h"

#include "trocar/cement/InjectionDomain.h"

namespace trocar::report {

CementSummary cementSummaryOf(const std::string& level, const cement::CementResult& result) {
  CementSummary s;
  s.level = level;
  s.model = result.model;
  s.stopReason = cement::toString(result.stopReason);
  s.injected = millilitres(result.injectedMl);
  s.retained = millilitres(result.retainedMl);
  s.leaked = millilitres(result.leakedMl);
  s.bodyFill = percent(result.bodyFillFraction);
  s.bodyVolume = millilitres(result.bodyVolumeMl, 1);
  s.injectedToBody = percent(result.injectedToBodyFraction());
  s.superiorContact = {result.superiorContactMm2, "mm²", 0};
  s.inferiorContact = {result.inferiorContactMm2, "mm²", 0};
  s.touchesSuperiorEndplate = result.touchesSuperiorEndplate;
  s.touchesInferiorEndplate = result.touchesInferiorEndplate;
  s.duration = {result.durationS, "s", 0};
  for (int d = 0; d < cement::kLeakDestinationCount; ++d)
    s.leaksByDestination.emplace_back(cement::toString(static_cast<cement::LeakDestination>(d)),
                                      millilitres(result.leakedByDestinationMl[size_t(d)]));
  for (const auto& source : result.sources)
    s.peakPressureByNeedle.emplace_back(source.needleId, Measure{source.peakPressureKpa, "kPa", 0});
  return s;
}

}  // namespace trocar::report
