#pragma once

#include <cstdint>
#include <vector>

#include "trocar/cement/BoneProperties.h"
#include "trocar/cement/InjectionDomain.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::cement {

// A needle's shaft occupies its track: cement cannot flow back along it.
struct NeedleShaft {
  core::Vec3 entryMm, tipMm;  // LPS
  double radiusMm = 1.5;
};

struct DomainOptions {
  double spacingMm = 0.5;
  double marginMm = 6;            // beyond the body laterally, anteriorly, cranially and caudally
  double posteriorMarginMm = 18;  // behind the body: the canal and foramina
  double shellMm = 1.0;           // thickness of the cortical shell and endplates
  // A shell voxel below this CT number, in a neighbourhood of body voxels (about one CT voxel
  // across) whose mean is below it too, has lost its bone (a lytic defect, a fracture cleft): it
  // is open, with the permeability its HU gives.
  double breachHu = 60;
  double airHu = -400;            // below: air or lung, closed
  double basivertebralRadiusMm = 1.5;
  // Vascular foramina of the anterolateral cortex (segmental veins' connections), one each side at
  // mid-height, this many degrees from the anterior midline: leaks there are paravertebral/venous.
  double anterolateralVeinRadiusMm = 1.0;
  double anterolateralVeinAngleDeg = 40;
  // Leaked venous cement is laid into the tissue within this distance of its foramen.
  double drainRadiusMm = 10;
  // SI over transverse permeability of vertebral cancellous bone: 1 / 0.78 (Baroud et al. 2004).
  double axialOverTransversePermeability = 1 / 0.78;
  // Bone finer than the CT resolves: the permeability of cores from one vertebra scatters with a
  // coefficient of variation of about 0.4 (Baroud et al. 2004: 4.45 +- 1.72e-8 m^2). Bone voxels
  // get a log-normal factor exp(sigma z - sigma^2 / 2) (mean 1), constant over cells of
  // heterogeneityCellMm, from a seeded hash (deterministic). 0 turns it off.
  double permeabilitySpreadLn = 0.4;
  double heterogeneityCellMm = 1.0;
  uint64_t heterogeneitySeed = 1;
  BoneCalibration bone;
  LeakPathProperties leakPaths;
};

// The porous domain around one vertebra (VerSe label `level`): a grid aligned with its frame (u
// left, v anterior, w superior) covering the body with margins. Per voxel from the CT (trilinear)
// and the segmentation (nearest): cancellous bone from HU, the shell and endplates nearly closed
// unless breached, the vein foramina as outlets into their veins (VenousOutlet), neighbouring
// vertebrae and air closed, and the soft tissue around sorted into the leak destinations by the
// vertebra's geometry (canal from the parts map; discs beyond the endplates over the body's
// footprint; foramina behind the body beside the canal; anterior in front of the body;
// paravertebral elsewhere).
core::Result<InjectionDomain> buildInjectionDomain(const image::CtVolume& volume, const segment::SpineAnatomy& anatomy,
                                                   int level, const std::vector<NeedleShaft>& shafts = {},
                                                   const DomainOptions& options = {});

}  // namespace trocar::cement
