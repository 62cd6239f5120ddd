#include "trocar/render/NeedleShape.h"

#include "trocar/core/NeedleGauges.h"

namespace trocar::render {

std::vector<NeedleShape> needleShapes(const core::Plan& plan) {
  std::vector<NeedleShape> shapes;
  for (const auto& n : plan.needles) {
    NeedleShape s;
    s.skinEntryMm = n.skinEntryMm;
    s.boneEntryMm = n.boneEntryMm;
    s.targetMm = n.targetMm;
    s.diameterMm = core::outerDiameterMm(n.gauge).value_or(s.diameterMm);
    shapes.push_back(s);
  }
  return shapes;
}

}  // namespace trocar::render
