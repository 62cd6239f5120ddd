#include "CementPhantom.h"

#include "trocar/phantom/Rasterize.h"

namespace trocar::cement::test {
namespace {

uint8_t segmentPart(uint8_t phantomPart) {
  using P = phantom::Part;
  using S = segment::Part;
  switch (P(phantomPart)) {
    case P::kBody:
    case P::kLesion: return uint8_t(S::kBody);
    case P::kLeftPedicle: return uint8_t(S::kLeftPedicle);
    case P::kRightPedicle: return uint8_t(S::kRightPedicle);
    case P::kPosteriorElements: return uint8_t(S::kPosteriorElements);
    case P::kCanal:
    case P::kCord: return uint8_t(S::kCanal);
    default: return uint8_t(S::kBackground);
  }
}

}  // namespace

PhantomCase makeLumbarCase(phantom::PhantomSpec spec, double spacingMm, double noiseHu) {
  spec.firstLevel = phantom::level::kL2;
  spec.lastLevel = phantom::level::kL4;
  spec.sacrum = spec.ribs = spec.lungs = false;
  PhantomCase c{phantom::SpinePhantom(spec), {}, {}};
  const phantom::Grid grid = phantom::gridAroundSpine(c.phantom, {spacingMm, spacingMm, spacingMm}, false, 25);
  phantom::RasterOptions options;
  options.noise.sigmaHu = noiseHu;
  options.noise.seed = 7;
  phantom::PhantomImages images = phantom::rasterize(c.phantom, grid, options);
  uint8_t* parts = images.parts->GetBufferPointer();
  for (size_t i = 0, n = images.parts->GetPixelContainer()->Size(); i < n; ++i) parts[i] = segmentPart(parts[i]);
  c.volume = phantom::toCtVolume(images, c.phantom);
  c.anatomy.levels = images.levels;
  c.anatomy.parts = images.parts;
  for (const phantom::LevelLandmarks& l : c.phantom.landmarks()) {
    segment::VertebraAnatomy v;
    v.label = l.label;
    v.name = l.name;
    v.centroidMm = v.bodyCentroidMm = l.bodyCentroidMm;
    v.frame.originMm = l.frame.originMm;
    v.frame.left = l.frame.lr;
    v.frame.anterior = -l.frame.ap;
    v.frame.superior = l.frame.si;
    v.superiorEndplateCentreMm = l.superiorEndplateCentreMm;
    v.inferiorEndplateCentreMm = l.inferiorEndplateCentreMm;
    v.canalCentreMm = l.canalCentreMm;
    c.anatomy.vertebrae.push_back(v);
  }
  return c;
}

core::Vec3 bodyPoint(const PhantomCase& c, int level, const core::Vec3& local) {
  const phantom::LevelLandmarks* l = c.phantom.landmarksOf(level);
  return l->frame.originMm + l->frame.lr * local.x - l->frame.ap * local.y + l->frame.si * local.z;
}

}  // namespace trocar::cement::test
