#include "trocar/phantom/SpinePhantom.h"

#include "SpineModel.h"

namespace trocar::phantom {

SpinePhantom::SpinePhantom(const PhantomSpec& spec)
    : model_(std::make_shared<const SpineModel>(spec)), landmarks_(computeLandmarks(*model_)) {}

const PhantomSpec& SpinePhantom::spec() const { return model_->spec(); }

PointSample SpinePhantom::sample(const core::Vec3& p) const {
  const Hit h = model_->evaluate(p);
  return {model_->huOf(h.tissue), h.level, h.part};
}

const LevelLandmarks* SpinePhantom::landmarksOf(int label) const {
  for (const LevelLandmarks& l : landmarks_)
    if (l.label == label) return &l;
  return nullptr;
}

core::Vec3 SpinePhantom::spineMinMm() const { return model_->spineBox().min; }
core::Vec3 SpinePhantom::spineMaxMm() const { return model_->spineBox().max; }

}  // namespace trocar::phantom
