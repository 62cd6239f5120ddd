#include "trocar/plan/CArmViews.h"

namespace trocar::plan {

core::NeedleViews computeViews(const segment::VertebraFrame& frame, const core::Vec3& pedicleAxis,
                               const core::Vec3& needleDirection) {
  core::NeedleViews v;
  v.trueAp = core::anglesForBeam(frame.anterior);
  v.trueLateral = core::anglesForBeam(frame.left);
  v.downTheBarrel = core::anglesForBeam(needleDirection);
  v.enFacePedicle = core::anglesForBeam(pedicleAxis);
  return v;
}

}  // namespace trocar::plan
