#include <gtest/gtest.h>

#include "trocar/cement/BoneProperties.h"
#include "trocar/cement/CementRheology.h"

using namespace trocar;
using namespace trocar::cement;

TEST(BoneProperties, KozenyCarmanMatchesBaroudsLumbarCoresAtOsteoporoticPorosity) {
  // Baroud 2004: SI 4.45e-8, AP 3.44e-8 m^2 at porosity ~0.92; the fit aims at their mean (5 %).
  EXPECT_NEAR(kozenyCarmanPermeabilityM2(0.92), 4.0e-8, 0.2e-8);
}

TEST(BoneProperties, DenserBoneIsLessPorousAndLessPermeable) {
  double lastK = 1, lastPhi = 1;
  for (double hu = -50; hu <= 1800; hu += 50) {
    const double phi = porosityFromHu(hu), k = permeabilityFromHuM2(hu);
    EXPECT_LE(phi, lastPhi) << hu;
    EXPECT_LE(k, lastK) << hu;
    lastPhi = phi;
    lastK = k;
  }
  // Healthy cancellous bone (200 HU): BV/TV 0.11 and k in the 1e-8 m^2 decade.
  EXPECT_NEAR(boneVolumeFraction(200), 0.111, 0.001);
  EXPECT_GT(permeabilityFromHuM2(200), 1e-8);
  EXPECT_LT(permeabilityFromHuM2(200), 3e-8);
  // Compact bone is more than three orders of magnitude tighter than cancellous bone.
  EXPECT_LT(permeabilityFromHuM2(1500), 1e-3 * permeabilityFromHuM2(200));
  EXPECT_DOUBLE_EQ(permeabilityFromHuM2(-1000), BoneCalibration{}.maxPermeabilityM2);
}

TEST(CementRheology, ViscosityRisesWithTimeAndClassAtEachClassesStart) {
  const auto low = rheologyOf(core::CementViscosity::kLow), medium = rheologyOf(core::CementViscosity::kMedium),
             high = rheologyOf(core::CementViscosity::kHigh);
  for (const auto& r : {low, medium, high}) {
    EXPECT_GT(r.consistencyPaSn(8), r.consistencyPaSn(4));
    EXPECT_NEAR(r.consistencyPaSn(2 + r.doublingMin), 2 * r.consistencyPaSn(2), 1e-9);
    EXPECT_LT(r.flowIndex, 1);  // shear thinning: less viscous at a higher shear rate
    EXPECT_LT(r.apparentViscosityPaS(5, 10), r.apparentViscosityPaS(5, 1));
  }
  EXPECT_LT(low.consistencyPaSn(low.defaultStartMin), medium.consistencyPaSn(medium.defaultStartMin));
  EXPECT_LT(medium.consistencyPaSn(medium.defaultStartMin), high.consistencyPaSn(high.defaultStartMin));
  // At the same age the classes keep their order.
  EXPECT_LT(low.consistencyPaSn(4), medium.consistencyPaSn(4));
  EXPECT_LT(medium.consistencyPaSn(4), high.consistencyPaSn(4));
}
