#include "PhantomCase.h"

#include "trocar/phantom/Rasterize.h"
#include "trocar/testsupport/PhantomTruth.h"

namespace trocar::plan::test {

PhantomCase makePhantomCase(const phantom::PhantomSpec& spec, double spacingMm) {
  PhantomCase c{phantom::SpinePhantom(spec), {}, {}};
  const phantom::Grid grid = phantom::gridAroundSpine(c.phantom, {spacingMm, spacingMm, spacingMm});
  phantom::PhantomImages images = phantom::rasterize(c.phantom, grid);
  c.anatomy = testsupport::phantomTruthAnatomy(c.phantom, images);
  c.volume = phantom::toCtVolume(images, c.phantom);
  return c;
}

}  // namespace trocar::plan::test
