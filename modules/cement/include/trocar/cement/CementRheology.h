#pragma once

#include "trocar/core/Plan.h"

namespace trocar::cement {

// PMMA bone cement as a shear-thinning (power-law) fluid with a small yield stress, both growing
// as the cement polymerises. Apparent viscosity at shear rate g (1/s):
//     mu(t, g) = K(t) * g^(n - 1),   yield stress tau(t) = rho(t) * K(t) * (1 s^-1)^n
//     K(t)     = K2 * 2^((t - 2 min) / doublingMin)      (t: minutes after mixing)
//     rho(t)   = yieldRatio * 2^((t - 2 min) / yieldRatioDoublingMin)
// The yield stress grows faster than the consistency: a curing dough becomes more solid-like
// (the reason thicker, later cement follows leak paths less; a model assumption).
// The exponential rise of viscosity with time is the shape Krause et al. (J Biomed Mater Res
// 1982;16:219) measured for acrylic cements; n of 0.6-0.8 is the shear thinning reported for PMMA
// doughs (Lewis, J Biomed Mater Res B 2006;76:456, review of vertebroplasty cements). The class
// values are chosen to match the viscosity ranges quoted for vertebroplasty cements at injection:
// low ~ 50-100 Pa s, medium ~ 100-300 Pa s, high ~ 300-1000 Pa s (Baroud et al., Spine 2006;31:2562;
// Lewis 2006). They are model constants, not one product's data sheet.
struct CementRheology {
  double consistencyAt2MinPaSn = 0;  // K2, Pa s^n
  double doublingMin = 0;            // minutes for K to double
  double flowIndex = 1;              // n (1 = Newtonian)
  double yieldRatio = 0;             // tau / K at a shear rate of 1/s, 2 min after mixing
  double yieldRatioDoublingMin = 3;  // minutes for tau / K to double
  double defaultStartMin = 0;        // when injection usually starts (the product's dough time)
  double setMin = 0;                 // working time ends: the cement no longer flows

  double consistencyPaSn(double minutesAfterMixing) const;
  double yieldRatioAt(double minutesAfterMixing) const;
  double yieldStressPa(double minutesAfterMixing) const;
  double apparentViscosityPaS(double minutesAfterMixing, double shearRatePerS) const;
};

// The documented curve of each viscosity class.
CementRheology rheologyOf(core::CementViscosity viscosity);

}  // namespace trocar::cement
