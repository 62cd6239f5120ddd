#pragma once

#include "WorkGrid.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::segment::detail {

// A pedicle's bony cross-section in the vertebra's coronal plane at one antero-posterior level,
// traced at sub-voxel resolution from the density (not from the voxel labels, whose one-voxel
// steps and cut planes shift a centroid by a millimetre or more).
struct PedicleSection {
  bool found = false;
  double centreX = 0, centreZ = 0;   // frame-local left and superior coordinates, mm
  double widthMm = 0, heightMm = 0;  // extents through the centre along left and superior
};

// The section at frame-local AP level apMm, grown from the bone nearest (seedX, seedZ): bone is
// clearly denser than the soft tissue around it, and the marrow its cortex encloses belongs to it.
// Bone labelled as another vertebra in `segments` is not (a neighbour's articular process may
// touch the pedicle in this plane).
PedicleSection pedicleSection(const Volume<float>& hu, const Volume<uint8_t>& segments,
                              uint8_t segment, const VertebraFrame& frame, double apMm,
                              double seedX, double seedZ);

// Frame-local AP level of the posterior vertebral body line at frame-local height zMm: the line
// through the body's posterior wall near its two endplates (zLo, zHi: the mid-sagittal extent of
// the body), as radiologists draw it. The wall between them is scalloped; the canal's sagittal
// diameter is measured from this line. Returns false when a wall is not found.
bool posteriorBodyLineAp(const Volume<float>& hu, const VertebraFrame& frame, double zLo,
                         double zHi, double zMm, double searchToApMm, double& apMm);

}  // namespace trocar::segment::detail
