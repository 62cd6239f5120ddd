#pragma once

#include <string>

#include "trocar/cement/CementModel.h"
#include "trocar/cement/CementResult.h"

namespace trocar::cement {

// The results as fixed-width text: volumes (injected, retained, leaked by destination), body fill,
// endplate contact, pressures per needle, why the injection stopped; then a few frames over time.
std::string formatResultTable(const std::string& level, const InjectionRequest& request, const CementResult& result);

}  // namespace trocar::cement
