#pragma once

#include <string>
#include <vector>

#include "trocar/cement/CementResult.h"
#include "trocar/cement/CementRheology.h"
#include "trocar/cement/InjectionDomain.h"
#include "trocar/core/Progress.h"
#include "trocar/core/Result.h"
#include "trocar/core/Vec3.h"

namespace trocar::cement {

// One needle delivering cement at its tip.
struct InjectionSource {
  std::string needleId;
  core::Vec3 tipMm;               // LPS
  double rateMlPerMin = 1.0;      // the operator's pace for this needle
};

// When the operator stops. The planned volume always ends the injection; the others are optional.
struct StopRule {
  double volumeMl = 4.0;              // total over all needles
  double pressureLimitKpa = 0;        // tip pressure that stops the injection; 0: none
  bool stopOnLeak = false;            // stop as soon as leaked cement exceeds leakThresholdMl
  double leakThresholdMl = 0.05;      // about what fluoroscopy shows as a leak
  bool stopAtPosteriorQuarter = false;  // cement reaches the posterior quarter of the body
  bool stopAtBothEndplates = false;     // cement touches both endplates
};

struct InjectionRequest {
  std::vector<InjectionSource> sources;
  CementRheology rheology = rheologyOf(core::CementViscosity::kMedium);
  // Minutes after mixing when the injection starts; negative: the class's default.
  double startMinAfterMixing = -1;
  StopRule stop;
  double frameIntervalMl = 0.1;  // a frame each time this much more has been injected
  // The needle opening: cement leaves the tip into a ball of this radius.
  double tipRadiusMm = 1.0;
  // Bone marrow the cement displaces: 0.04-0.4 Pa s at body temperature (Gurkan and Akkus,
  // Ann Biomed Eng 2008;36:1978, review); the upper value, as fatty elderly marrow.
  double marrowViscosityPaS = 0.4;
  // How far ahead of the front marrow is pushed before it drains (about a body's half depth).
  double marrowDrainageMm = 15;
  // Marrow the cement leaves behind in the pores it reaches (dead-end pores, films on the
  // trabeculae): immiscible displacement in porous media leaves a residual saturation of the
  // displaced fluid of typically 0.2-0.4 (Dullien, Porous Media, 1992). A model assumption; it
  // sets how much bone a millilitre of cement reaches, hence the fill fraction.
  double residualMarrowFraction = 0.3;
  // The marrow the cement displaces leaves the body through its veins, so the pressure inside the
  // body rises above the venous pressure while cement goes in, by about 5 kPa at 3 mL/min in
  // cadaveric vertebrae (J Orthop Surg Res 2015;10:20, intravertebral pressure without a void),
  // whatever the cement: kPa per mL/min of total injection rate. It pushes the cement that lies
  // against a vein's foramen into the vein (DarcyFrontModel.cpp).
  double intravertebralPressureKpaPerMlPerMin = 1.7;

  double startMin() const { return startMinAfterMixing >= 0 ? startMinAfterMixing : rheology.defaultStartMin; }
};

// A cement injection model: domain and request in, fill over time out. Implementations must be
// deterministic (the same input gives the same output bit for bit) and conserve volume.
class CementModel {
 public:
  virtual ~CementModel() = default;
  virtual std::string name() const = 0;
  virtual core::Result<CementResult> simulate(const InjectionDomain& domain, const InjectionRequest& request,
                                              const core::Progress& progress = {}) const = 0;
};

}  // namespace trocar::cement
