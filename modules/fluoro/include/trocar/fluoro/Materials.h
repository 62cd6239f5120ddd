#pragma once

namespace trocar::fluoro {

// Linear attenuation coefficients at one effective energy. A fluoroscopy beam of 70-80 kVp with
// the usual filtration has an effective energy near 60 keV; a mono-energetic model at that
// energy keeps the line integral linear in the materials, which is what makes the DRR fast.
//
// Sources: NIST Standard Reference Database 126 (Hubbell & Seltzer, NISTIR 5632, X-ray mass
// attenuation coefficients, Tables 3 and 4) and NIST XCOM for the mixture, at 60 keV:
//   water               mu/rho = 0.2059 cm2/g,  rho = 1.00 g/cm3
//   iron (for steel)    mu/rho = 1.205  cm2/g,  AISI 304 stainless rho = 8.0 g/cm3
//   PMMA (Lucite)       mu/rho = 0.1924 cm2/g
//   barium              mu/rho ~ 8.5    cm2/g   (above its 37.4 keV K edge)
// Bone cement for vertebroplasty: PMMA with 30 % by mass barium sulphate (BaSO4 is 58.8 % Ba
// by mass: mu/rho(BaSO4) ~ 5.1 cm2/g), cured density ~ 1.5 g/cm3 (1 / (0.7/1.19 + 0.3/4.5)).
namespace materials {
inline constexpr double kEffectiveEnergyKeV = 60;
inline constexpr double kMuWaterPerMm = 0.02059;
inline constexpr double kMuSteelPerMm = 1.205 * 8.0 / 10;                              // 0.964 /mm
inline constexpr double kMuBariumCementPerMm = (0.3 * 5.1 + 0.7 * 0.1924) * 1.5 / 10;  // 0.25 /mm
}  // namespace materials

// mu = mu_water * (1 + HU / 1000), never negative: HU are attenuation relative to water at the
// CT's own energy; rescaling to the fluoroscopy energy with water alone is the usual DRR
// approximation (it underestimates bone a little at 60 keV, which only changes contrast).
inline double muFromHu(double hu) {
  const double mu = materials::kMuWaterPerMm * (1.0 + hu / 1000.0);
  return mu > 0 ? mu : 0;
}

}  // namespace trocar::fluoro
