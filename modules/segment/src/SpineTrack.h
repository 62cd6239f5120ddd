#pragma once

#include <vector>

#include "WorkGrid.h"
#include "trocar/core/Result.h"

namespace trocar::segment::detail {

// What the tracker knows about one axial slice of the working grid.
struct SliceAxis {
  bool canalSeen = false;   // measured in this slice (else interpolated)
  double canalXMm = 0, canalYMm = 0, canalRadiusMm = 0;
  double wallYMm = 0;       // y of the canal's anterior wall (the posterior body surface)
  bool bodySeen = false;
  double bodyXMm = 0, bodyYMm = 0;  // body centre (smoothed across discs)
  double bodyHalfWidthMm = 20, bodyHalfDepthMm = 15;  // of the body's axial section
};

struct SpineTrack {
  int kFirst = 0, kLast = -1;        // slices where the spine is present
  std::vector<SliceAxis> slices;      // one per working-grid slice
  double canalStrength = 0;           // enclosed canal pixels of the best slab
  bool valid(int k) const { return k >= kFirst && k <= kLast; }
};

// Finds the spinal canal as the soft-tissue tube enclosed by bone, slab by slab from the most
// certain one outwards, then the vertebral bodies in front of it. Fails when no canal is seen.
core::Result<SpineTrack> trackSpine(const Volume<float>& hu, const Volume<uint8_t>& tissue);

// The canal in one axial slice where bone closes it all round (at the pedicles): flooded from
// (x0, y0); false when the flood escapes (foramina, disc levels). posteriorWallYMm, when given,
// receives the y of the laminae's inner surface on the canal's midline.
bool floodCanalSlice(const Volume<float>& hu, const Volume<uint8_t>& tissue, int k, double x0, double y0,
                     double& x, double& y, double& r, double* posteriorWallYMm = nullptr);

}  // namespace trocar::segment::detail
