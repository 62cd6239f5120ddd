#include "trocar/cement/ResultTable.h"

#include <cstdio>

namespace trocar::cement {
namespace {
std::string line(const char* format, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}
}  // namespace

std::string formatResultTable(const std::string& level, const InjectionRequest& request, const CementResult& r) {
  std::string s;
  s += line("%s: %.2f mL injected over %.0f s (%s cement from %.1f min after mixing), stopped: %s\n", level.c_str(),
            r.injectedMl, r.durationS,
            request.rheology.consistencyAt2MinPaSn < 30    ? "low-viscosity"
            : request.rheology.consistencyAt2MinPaSn < 100 ? "medium-viscosity"
                                                          : "high-viscosity",
            request.startMin(), toString(r.stopReason).c_str());
  if (request.stop.pressureLimitKpa > 0)
    s += line("  %-28s %8.0f kPa\n", "tip pressure limit", request.stop.pressureLimitKpa);
  s += line("  %-28s %8.2f mL\n", "retained in the vertebra", r.retainedMl);
  s += line("  %-28s %8.2f mL\n", "leaked", r.leakedMl);
  for (int d = 0; d < kLeakDestinationCount; ++d)
    s += line("    %-26s %8.2f mL\n", toString(LeakDestination(d)).c_str(), r.leakedByDestinationMl[size_t(d)]);
  s += line("  %-28s %8.1f %%\n", "body fill", 100 * r.bodyFillFraction);
  s += line("  %-28s %8.1f mL\n", "body volume", r.bodyVolumeMl);
  s += line("  %-28s %8.1f %%\n", "injected / body volume", 100 * r.injectedToBodyFraction());
  s += line("  %-28s %8s (%.1f mm2)\n", "superior endplate contact", r.touchesSuperiorEndplate ? "yes" : "no",
            r.superiorContactMm2);
  s += line("  %-28s %8s (%.1f mm2)\n", "inferior endplate contact", r.touchesInferiorEndplate ? "yes" : "no",
            r.inferiorContactMm2);
  for (const SourceResult& n : r.sources)
    s += line("  needle %-21s %8.2f mL, tip pressure peak %.1f kPa, final %.1f kPa\n", n.needleId.c_str(),
              n.injectedMl, n.peakPressureKpa, n.finalPressureKpa);
  s += "  time s  injected mL  leaked mL  body fill %  pressure kPa\n";
  const size_t step = std::max<size_t>(1, r.frames.size() / 8);
  for (size_t f = 0; f < r.frames.size(); f += step) {
    const CementFrame& fr = r.frames[f];
    double p = 0;
    for (double v : fr.pressureKpa) p = std::max(p, v);
    s += line("  %6.0f  %11.2f  %9.2f  %11.1f  %12.1f\n", fr.timeS, fr.injectedMl, fr.leakedMl, 100 * fr.bodyFillFraction, p);
    if (f + step >= r.frames.size() && f + 1 != r.frames.size()) f = r.frames.size() - 1 - step;
  }
  return s;
}

}  // namespace trocar::cement
