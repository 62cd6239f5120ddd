#pragma once

#include "trocar/image/CtVolume.h"
#include "trocar/phantom/Grid.h"
#include "trocar/phantom/PhantomSpec.h"
#include "trocar/phantom/SpinePhantom.h"

namespace trocar::phantom {

struct RasterOptions {
  NoiseSpec noise;
  // Partial volume: voxels whose tissue differs from a face neighbour get the mean HU of
  // n x n x n sub-samples (2 = 8 samples). 1 keeps point sampling everywhere. Labels always
  // stay the label at the voxel centre.
  int boundarySubsamples = 1;
  int threads = 0;     // 0: all hardware threads
  bool labels = true;  // false skips the two label maps (CT only)
};

struct PhantomImages {
  image::CtImage::Pointer ct;         // int16 HU, rounded and clamped
  image::LabelImage::Pointer levels;  // VerSe level labels (see Labels.h)
  image::LabelImage::Pointer parts;   // Part values (see Labels.h)
};

// Samples the phantom at every voxel centre of `grid`. Deterministic: the same phantom, grid and
// options give identical images on any number of threads.
PhantomImages rasterize(const SpinePhantom& phantom, const Grid& grid,
                        const RasterOptions& options = {});

// An axial grid covering the whole spine (and its ribs' heads) with a margin, at the spacing
// given, in-plane size rounded up to cover the full trunk width when `wholeTrunk` is set.
Grid gridAroundSpine(const SpinePhantom& phantom, core::Vec3 spacingMm, bool wholeTrunk = true,
                     double marginMm = 10);

// Packs the CT with metadata describing the phantom (a fresh study/series, patient "PHANTOM").
image::CtVolume toCtVolume(const PhantomImages& images, const SpinePhantom& phantom);

}  // namespace trocar::phantom
