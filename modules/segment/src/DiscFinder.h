#pragma once

#include <vector>

#include "SpineTrack.h"
#include "WorkGrid.h"

namespace trocar::segment::detail {

// A point of the body centreline, sampled every 1 mm of arc length from inferior to superior.
struct CentrePoint {
  core::Vec3 pMm;
  core::Vec3 tangent;        // unit, towards superior
  double tissueFraction = 0; // of a 9 mm disc across the centreline: ~1 in a body, ~0 in a disc
  double meanHu = 0;
};

// A cut between two vertebrae: the plane through the disc (normal towards superior).
struct DiscPlane {
  core::Vec3 pointMm;
  core::Vec3 normal;
  core::Vec3 axis;           // the centreline's direction at the disc (normal before tilting)
  double arcMm = 0;          // position along the centreline
  double depth = 0;          // how clearly the disc shows (tissue fraction drop, 0..1)
  double signedDistance(const core::Vec3& p) const { return core::dot(p - pointMm, normal); }
};

std::vector<CentrePoint> sampleCentreline(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                          const SpineTrack& track);

// Discs are the low-density gaps of the centreline profile; each plane is then tilted and moved
// a little to lie in the disc (least tissue over a 14 mm disc).
std::vector<DiscPlane> findDiscs(const Volume<float>& hu, const Volume<uint8_t>& tissue,
                                 const std::vector<CentrePoint>& line);

}  // namespace trocar::segment::detail
