#include "trocar/phantom/Rasterize.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

#include "NoiseField.h"
#include "SpineModel.h"
#include "trocar/phantom/Labels.h"

namespace trocar::phantom {
namespace {

using core::Vec3;

struct IndexBox {
  double lo[3], hi[3];
  bool hasSlice(int k) const { return k >= lo[2] && k <= hi[2]; }
  bool hasRow(int j) const { return j >= lo[1] && j <= hi[1]; }
};

// A world box seen from the grid: the index-space bounds of its corners, one voxel wider. On an
// oblique grid this is looser than the box itself, which only costs a few needless tests.
IndexBox indexBoxOf(const Grid& grid, const WorldBox& box) {
  IndexBox out{{1e18, 1e18, 1e18}, {-1e18, -1e18, -1e18}};
  for (int c = 0; c < 8; ++c) {
    const Vec3 corner{(c & 1) ? box.max.x : box.min.x, (c & 2) ? box.max.y : box.min.y,
                      (c & 4) ? box.max.z : box.min.z};
    const Vec3 ijk = grid.indexOf(corner);
    for (int a = 0; a < 3; ++a) {
      out.lo[a] = std::min(out.lo[a], std::floor(ijk[a]) - 1);
      out.hi[a] = std::max(out.hi[a], std::ceil(ijk[a]) + 1);
    }
  }
  return out;
}

// Round half away from zero and clamp to int16 (inline: lround is a libm call per voxel).
int16_t toHu(double v) {
  v = std::clamp(v, -32768.0, 32767.0);
  return static_cast<int16_t>(v >= 0 ? v + 0.5 : v - 0.5);
}

// Runs work(k) for every slice k on `threads` threads, slices handed out one at a time.
void forEachSlice(int slices, int threads, const std::function<void(int)>& work) {
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int k = next++; k < slices; k = next++) work(k);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
}

template <typename ImageT>
typename ImageT::Pointer allocate(const Grid& grid) {
  auto image = ImageT::New();
  grid.applyTo(*image);
  image->Allocate();
  return image;
}

}  // namespace

PhantomImages rasterize(const SpinePhantom& phantom, const Grid& grid,
                        const RasterOptions& options) {
  const SpineModel& model = phantom.model();
  const int nx = grid.size[0], ny = grid.size[1], nz = grid.size[2];
  const size_t sliceVoxels = size_t(nx) * size_t(ny);
  const int threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  PhantomImages out;
  out.ct = allocate<image::CtImage>(grid);
  if (options.labels) {
    out.levels = allocate<image::LabelImage>(grid);
    out.parts = allocate<image::LabelImage>(grid);
  }
  int16_t* ct = out.ct->GetBufferPointer();
  uint8_t* levels = options.labels ? out.levels->GetBufferPointer() : nullptr;
  uint8_t* parts = options.labels ? out.parts->GetBufferPointer() : nullptr;
  const bool partialVolume = options.boundarySubsamples > 1;
  std::vector<uint8_t> tissue(partialVolume ? grid.voxelCount() : 0);

  std::vector<IndexBox> levelBoxes, ribBoxes;
  for (const WorldBox& b : model.levelBoxes()) levelBoxes.push_back(indexBoxOf(grid, b));
  for (const WorldBox& b : model.ribBoxes()) ribBoxes.push_back(indexBoxOf(grid, b));

  auto candidatesFor = [&](int k, int j, std::vector<int>& lv, std::vector<int>& rb) {
    lv.clear();
    rb.clear();
    for (size_t i = 0; i < levelBoxes.size(); ++i)
      if (levelBoxes[i].hasSlice(k) && (j < 0 || levelBoxes[i].hasRow(j))) lv.push_back(int(i));
    for (size_t i = 0; i < ribBoxes.size(); ++i)
      if (ribBoxes[i].hasSlice(k) && (j < 0 || ribBoxes[i].hasRow(j))) rb.push_back(int(i));
  };

  // Pass 1: every voxel centre. Runs of air outside the skin are filled without evaluation.
  const int16_t airHu = toHu(model.huOf(Tissue::kAir));
  const Vec3 stepI = grid.direction.col[0] * grid.spacingMm.x;
  forEachSlice(nz, threads, [&](int k) {
    std::vector<int> lv, rb;
    for (int j = 0; j < ny; ++j) {
      candidatesFor(k, j, lv, rb);
      const size_t row = size_t(k) * sliceVoxels + size_t(j) * size_t(nx);
      const Vec3 rowStart = grid.pointMm(0, j, k);
      double tMin = 0, tMax = -1;
      if (!model.torso().skinRange(rowStart, stepI, 1.0, tMin, tMax)) tMax = -1;
      const int iBegin = static_cast<int>(std::clamp(std::floor(tMin), 0.0, double(nx)));
      const int iEnd = static_cast<int>(std::clamp(std::ceil(tMax) + 1, 0.0, double(nx)));
      std::fill(ct + row, ct + row + nx, airHu);
      if (levels) {
        std::fill(levels + row, levels + row + nx, uint8_t{0});
        std::fill(parts + row, parts + row + nx, value(Part::kBackground));
      }
      if (partialVolume)
        std::fill(tissue.begin() + row, tissue.begin() + row + nx, uint8_t(Tissue::kAir));
      for (int i = iBegin; i < iEnd; ++i) {
        const Hit h = model.evaluate(rowStart + stepI * double(i), lv, rb);
        ct[row + i] = toHu(model.huOf(h.tissue));
        if (levels) {
          levels[row + i] = h.level;
          parts[row + i] = value(h.part);
        }
        if (partialVolume) tissue[row + i] = static_cast<uint8_t>(h.tissue);
      }
    }
  });

  // Pass 2: voxels on a tissue boundary get the mean of sub-samples (the CT's partial volume).
  if (partialVolume) {
    const int n = options.boundarySubsamples;
    forEachSlice(nz, threads, [&](int k) {
      std::vector<int> lv, rb;
      candidatesFor(k, -1, lv, rb);
      for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
          const size_t at = size_t(k) * sliceVoxels + size_t(j) * size_t(nx) + size_t(i);
          const uint8_t t = tissue[at];
          const bool edge = (i > 0 && tissue[at - 1] != t) || (i + 1 < nx && tissue[at + 1] != t) ||
                            (j > 0 && tissue[at - nx] != t) ||
                            (j + 1 < ny && tissue[at + nx] != t) ||
                            (k > 0 && tissue[at - sliceVoxels] != t) ||
                            (k + 1 < nz && tissue[at + sliceVoxels] != t);
          if (!edge) continue;
          double sum = 0;
          for (int c = 0; c < n; ++c)
            for (int b = 0; b < n; ++b)
              for (int a = 0; a < n; ++a) {
                const Vec3 p = grid.pointMm(i + (a + 0.5) / n - 0.5, j + (b + 0.5) / n - 0.5,
                                            k + (c + 0.5) / n - 0.5);
                sum += model.huOf(model.evaluate(p, lv, rb).tissue);
              }
          ct[at] = toHu(sum / (n * n * n));
        }
      }
    });
  }

  // Pass 3: noise, a function of the voxel index only.
  if (options.noise.sigmaHu > 0) {
    const NoiseField noise(options.noise.seed, options.noise.sigmaHu);
    forEachSlice(nz, threads, [&](int k) {
      const size_t begin = size_t(k) * sliceVoxels;
      for (size_t at = begin; at < begin + sliceVoxels; ++at) ct[at] = toHu(ct[at] + noise.at(at));
    });
  }
  return out;
}

Grid gridAroundSpine(const SpinePhantom& phantom, Vec3 spacingMm, bool wholeTrunk,
                     double marginMm) {
  const SpineModel& model = phantom.model();
  Vec3 lo = phantom.spineMinMm() - Vec3{marginMm, marginMm, marginMm};
  Vec3 hi = phantom.spineMaxMm() + Vec3{marginMm, marginMm, marginMm};
  if (wholeTrunk) {
    const Torso& t = model.torso();
    lo.x = t.centreX - t.halfWidthMm - marginMm;
    hi.x = t.centreX + t.halfWidthMm + marginMm;
    lo.y = t.centreY - t.halfDepthMm - marginMm;
    hi.y = t.centreY + t.halfDepthMm + marginMm;
  }
  Grid g;
  for (int a = 0; a < 3; ++a)
    g.size[a] = static_cast<int>(std::ceil((hi[a] - lo[a]) / spacingMm[a])) + 1;
  g.spacingMm = spacingMm;
  g.originMm = lo;
  return g;
}

image::CtVolume toCtVolume(const PhantomImages& images, const SpinePhantom& phantom) {
  image::CtVolume v;
  v.hu = images.ct;
  image::SeriesMetadata& m = v.metadata;
  const PhantomSpec& s = phantom.spec();
  m.patientName = std::string("PHANTOM^SPINE");
  m.patientId = std::string("TROCAR-PHANTOM");
  m.patientSex = std::string("O");
  m.patientAge = std::string("050Y");
  m.modality = std::string("CT");
  m.manufacturer = std::string("Trocar");
  m.manufacturerModel = std::string("Synthetic spine phantom");
  m.bodyPartExamined = std::string("SPINE");
  m.convolutionKernel = std::string("PHANTOM");
  m.studyDescription = std::string("Synthetic spine phantom");
  // Literals are wrapped in std::string (a move, not a replace): GCC 12 at -O3 reports a false
  // -Wrestrict for short literal assignments and operator+ chains here.
  m.seriesDescription = std::string("Phantom ");
  m.seriesDescription.append(levelName(s.firstLevel)).append(1, '-');
  m.seriesDescription.append(s.sacrum && s.lastLevel == level::kL5 ? "S" : levelName(s.lastLevel));
  m.seriesNumber = std::string("1");
  m.kvp = 120;
  m.sliceThicknessMm = images.ct->GetSpacing()[2];
  return v;
}

}  // namespace trocar::phantom
