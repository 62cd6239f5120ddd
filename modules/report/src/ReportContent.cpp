#include "trocar/report/ReportContent.h"

namespace trocar::report {

const LevelReport* ReportContent::findLevel(const std::string& name) const {
  for (const auto& l : levels)
    if (l.name == name) return &l;
  return nullptr;
}

const NeedleReport* ReportContent::findNeedle(const std::string& id) const {
  for (const auto& l : levels)
    for (const auto& n : l.needles)
      if (n.id == id) return &n;
  return nullptr;
}

}  // namespace trocar::report
