#pragma once

#include <string>

#include "trocar/core/Vec3.h"

namespace trocar::core {

// C-arm gantry angles in the patient-referenced convention of angiography and fluoroscopy
// consoles. They say where the detector (image receptor) sits around the patient:
//   0 / 0       detector anterior to the patient, beam travelling posterior -> anterior (-y LPS)
//   LAO +a      the detector swings towards the patient's left  (RAO is negative)
//   CRAN +b     the detector tilts towards the patient's head    (CAUD is negative)
// The beam direction (source -> detector) is therefore
//   d = cos(b) * (sin(a) * left + cos(a) * anterior) + sin(b) * superior
// with left = +x, anterior = -y, superior = +z in LPS. A prone patient is referenced the same way:
// the angles are anatomical, not relative to the table or the room. A beam and its reverse
// project a line to the same point, so a needle direction n and -n give the same view.
struct CArmAngles {
  double laoDeg = 0;      // + LAO, - RAO, in [-180, 180]
  double cranialDeg = 0;  // + cranial, - caudal, in [-90, 90]
};

// Unit beam direction (source to detector) in LPS.
Vec3 beamDirection(const CArmAngles& angles);
// The angles whose beam runs along `direction` (any length); the inverse of beamDirection.
CArmAngles anglesForBeam(const Vec3& direction);
// "LAO 12.5°, CRAN 4.0°" / "RAO 3.0°, CAUD 10.0°", as a console shows them.
std::string describe(const CArmAngles& angles);

}  // namespace trocar::core
