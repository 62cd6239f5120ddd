#pragma once

#include <memory>

#include "trocar/cement/CementModel.h"

namespace trocar::cement {

// The first cement model: a quasi-static Darcy front on the voxel grid (see DarcyFrontModel.cpp
// for the physics and what it simplifies). Each voxel fills in the order of the pressure the
// syringe needs to push cement there; simulating 5 mL around one vertebra takes well under 1 s.
std::unique_ptr<CementModel> makeDarcyFrontModel();

}  // namespace trocar::cement
