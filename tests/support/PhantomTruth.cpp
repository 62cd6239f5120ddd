#include "trocar/testsupport/PhantomTruth.h"

namespace trocar::testsupport {

namespace {

segment::PedicleAnatomy pedicleOf(const phantom::PedicleTruth& t) {
  segment::PedicleAnatomy p;
  p.found = true;
  p.isthmusCentreMm = t.isthmusCentreMm;
  p.axis = t.axis;
  p.isthmusWidthMm = t.isthmusWidthMm;
  p.isthmusHeightMm = t.isthmusHeightMm;
  return p;
}

uint8_t segmentPart(uint8_t phantomPart) {
  using P = phantom::Part;
  using S = segment::Part;
  switch (P(phantomPart)) {
    case P::kBody:
    case P::kLesion:
      return uint8_t(S::kBody);
    case P::kLeftPedicle:
      return uint8_t(S::kLeftPedicle);
    case P::kRightPedicle:
      return uint8_t(S::kRightPedicle);
    case P::kPosteriorElements:
      return uint8_t(S::kPosteriorElements);
    case P::kCanal:
    case P::kCord:
      return uint8_t(S::kCanal);
    default:
      return uint8_t(S::kBackground);
  }
}

}  // namespace

segment::SpineAnatomy phantomTruthAnatomy(const phantom::SpinePhantom& phantom,
                                          phantom::PhantomImages& images) {
  uint8_t* parts = images.parts->GetBufferPointer();
  for (size_t i = 0, n = images.parts->GetPixelContainer()->Size(); i < n; ++i)
    parts[i] = segmentPart(parts[i]);
  segment::SpineAnatomy anatomy;
  anatomy.levels = images.levels;
  anatomy.parts = images.parts;
  for (const phantom::LevelLandmarks& l : phantom.landmarks()) {
    segment::VertebraAnatomy v;
    v.label = l.label;
    v.name = l.name;
    v.hasRibs = l.hasRibs;
    v.centroidMm = v.bodyCentroidMm = l.bodyCentroidMm;
    v.frame.originMm = l.frame.originMm;
    v.frame.left = l.frame.lr;
    v.frame.anterior = -l.frame.ap;
    v.frame.superior = l.frame.si;
    v.superiorEndplateCentreMm = l.superiorEndplateCentreMm;
    v.inferiorEndplateCentreMm = l.inferiorEndplateCentreMm;
    v.canalCentreMm = l.canalCentreMm;
    if (l.hasPedicles) {
      v.leftPedicle = pedicleOf(l.leftPedicle);
      v.rightPedicle = pedicleOf(l.rightPedicle);
    }
    anatomy.vertebrae.push_back(v);
  }
  return anatomy;
}

}  // namespace trocar::testsupport
