#pragma once

#include <string>

#include "trocar/cement/CementResult.h"
#include "trocar/report/ReportContent.h"

namespace trocar::report {

// The report's view of one level's simulated injection: volumes, body fill, endplate contact,
// leaks by destination (every destination listed, zero included), peak pressures.
CementSummary cementSummaryOf(const std::string& level, const cement::CementResult& result);

}  // namespace trocar::report
