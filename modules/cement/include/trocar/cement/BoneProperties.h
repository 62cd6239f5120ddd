#pragma once

namespace trocar::cement {

// From CT numbers to the hydraulic properties of cancellous bone: HU -> bone volume fraction
// (BV/TV) -> porosity -> permeability. The constants and their sources:
//
//  - HU -> BV/TV: a two-point linear calibration, marrow (BV/TV 0) at 0 HU and fully mineralised
//    bone tissue (BV/TV 1) at 1800 HU. Red/yellow marrow lies between about -100 and +50 HU and
//    compact bone tissue near 1800-2000 HU at 120 kVp; with it, healthy vertebral cancellous
//    bone (150-250 HU) maps to BV/TV 0.08-0.14 and osteoporotic bone (60-100 HU) to 0.03-0.06, the
//    ranges micro-CT studies of vertebrae report.
//  - porosity = 1 - BV/TV.
//  - permeability: Kozeny-Carman, k = C * phi^3 / (1 - phi)^2, with C = 3.3e-10 m^2 fitted so that
//    phi = 0.92 (osteoporotic lumbar cancellous bone) gives 4.0e-8 m^2, the mean of the SI and AP
//    permeabilities Baroud et al. measured with a PMMA-like silicone oil in 34 lumbar cores
//    (J Biomech 2004;37:189: SI 4.45e-8, AP 3.44e-8 m^2); Baroud fitted the same functional form.
//    Capped at 2e-7 m^2 (phi -> 1: a lytic cavity or venous lake is open space, not infinite).
struct BoneCalibration {
  double marrowHu = 0;
  double boneTissueHu = 1800;
  double kozenyCarmanM2 = 3.3e-10;
  double maxPermeabilityM2 = 2e-7;
  double minPorosity = 0.05;  // dense bone keeps a little marrow space (Haversian and vascular)
};

double boneVolumeFraction(double hu, const BoneCalibration& c = {});
double porosityFromHu(double hu, const BoneCalibration& c = {});
double kozenyCarmanPermeabilityM2(double porosity, const BoneCalibration& c = {});
inline double permeabilityFromHuM2(double hu, const BoneCalibration& c = {}) {
  return kozenyCarmanPermeabilityM2(porosityFromHu(hu, c), c);
}

// Tissues that are not cancellous bone get fixed properties (permeability m^2, porosity):
//  - intact cortex and endplates: 1e-13 m^2, "nearly closed" (cortical bone's vascular
//    permeability is 1e-17..1e-13 m^2; the upper end stands for its pores and vessel foramina);
//  - the basivertebral foramen (the vein's exit at the posterior wall centre) and the
//    anterolateral vascular foramina are not porous: each is a channel into a vein (VenousOutlet).
//    The basivertebral channel about 3 mm across into the anterior internal venous plexus (a
//    lumen of about 5 mm), the largest anterolateral foramina about 2 mm across into segmental
//    veins of about 3 mm; channels 4 mm long (the wall and the vein's last course inside the
//    bone). Sizes of the order anatomical studies show (Crock and Yoshizawa, The Blood Supply of
//    the Vertebral Column and Spinal Cord, 1977); model assumptions;
//  - epidural space, foramina (fat and the venous plexus, loose): 2e-8 m^2, porosity 0.9;
//  - paravertebral and prevertebral tissue (cement runs along vessels and fascia): 2e-8 m^2;
//  - disc (nucleus and annulus, dense gel and fibres): 2e-10 m^2.
// These leak-path values are model assumptions ranked by clinical leak behaviour, not measurements.
struct LeakPathProperties {
  double cortexM2 = 1e-13;
  double cortexPorosity = 0.05;
  double basivertebralChannelRadiusMm = 1.5;
  double basivertebralVeinRadiusMm = 2.5;
  double segmentalChannelRadiusMm = 1.0;
  double segmentalVeinRadiusMm = 1.5;
  double veinChannelMm = 4.0;
  double epiduralM2 = 2e-8;
  double foramenM2 = 2e-8;
  double paravertebralM2 = 2e-8;
  double anteriorM2 = 2e-8;
  double discM2 = 2e-10;
  double softTissuePorosity = 0.9;
};

}  // namespace trocar::cement
