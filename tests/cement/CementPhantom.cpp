#include "CementPhantom.h"

#include "trocar/phantom/Rasterize.h"
#include "trocar/testsupport/PhantomTruth.h"

namespace trocar::cement::test {

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
  c.anatomy = testsupport::phantomTruthAnatomy(c.phantom, images);
  c.volume = phantom::toCtVolume(images, c.phantom);
  return c;
}

core::Vec3 bodyPoint(const PhantomCase& c, int level, const core::Vec3& local) {
  const phantom::LevelLandmarks* l = c.phantom.landmarksOf(level);
  return l->frame.originMm + l->frame.lr * local.x - l->frame.ap * local.y + l->frame.si * local.z;
}

}  // namespace trocar::cement::test
