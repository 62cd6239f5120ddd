#include "trocar/cement/CementRheology.h"

#include <algorithm>
#include <cmath>

namespace trocar::cement {

double CementRheology::consistencyPaSn(double minutesAfterMixing) const {
  return consistencyAt2MinPaSn * std::exp2((minutesAfterMixing - 2) / doublingMin);
}

double CementRheology::yieldRatioAt(double minutesAfterMixing) const {
  return yieldRatio * std::exp2((minutesAfterMixing - 2) / yieldRatioDoublingMin);
}

double CementRheology::yieldStressPa(double minutesAfterMixing) const {
  return yieldRatioAt(minutesAfterMixing) * consistencyPaSn(minutesAfterMixing);
}

double CementRheology::apparentViscosityPaS(double minutesAfterMixing, double shearRatePerS) const {
  return consistencyPaSn(minutesAfterMixing) * std::pow(std::max(shearRatePerS, 1e-3), flowIndex - 1);
}

CementRheology rheologyOf(core::CementViscosity viscosity) {
  // {K at 2 min, doubling min, n, yield ratio, its doubling min, default start min, set min}. At their default
  // start the classes have K of about 60, 120 and 330 Pa s^n; K doubles every 1.5-2.5 min, so a
  // low-viscosity cement reaches the high class's starting viscosity about 4 minutes later.
  // The default start is core's dough time of the class (what a plan records by default).
  using core::usualStartMinAfterMixing;
  switch (viscosity) {
    case core::CementViscosity::kLow: return {15, 1.5, 0.75, 0.2, 3, usualStartMinAfterMixing(viscosity), 14};
    case core::CementViscosity::kMedium: return {60, 2.0, 0.7, 0.5, 3, usualStartMinAfterMixing(viscosity), 16};
    case core::CementViscosity::kHigh: return {250, 2.5, 0.65, 1.0, 3, usualStartMinAfterMixing(viscosity), 20};
  }
  return {60, 2.0, 0.7, 0.5, 3, usualStartMinAfterMixing(core::CementViscosity::kMedium), 16};
}

}  // namespace trocar::cement
