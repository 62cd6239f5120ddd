#include "trocar/fluoro/Fluoroscope.h"

#include <set>
#include <tuple>

namespace trocar::fluoro {

Fluoroscope::Fluoroscope(const image::CtImage& ct, int threads)
    : full_(AttenuationVolume::fromCt(ct, threads)),
      half_(full_.downsampled(threads)),
      threads_(threads) {}

void Fluoroscope::refreshHalfBlock(int i, int j, int k) {
  // The same 2x2x2 mean as AttenuationVolume::downsampled.
  double sum = 0;
  int n = 0;
  for (int dk = 0; dk < 2; ++dk)
    for (int dj = 0; dj < 2; ++dj)
      for (int di = 0; di < 2; ++di) {
        const int fi = 2 * i + di, fj = 2 * j + dj, fk = 2 * k + dk;
        if (fi >= full_.size()[0] || fj >= full_.size()[1] || fk >= full_.size()[2]) continue;
        sum += full_.muPerMm(fi, fj, fk);
        ++n;
      }
  half_.setMuPerMm(i, j, k, sum / n);
}

void Fluoroscope::setCement(std::vector<CementVoxel> voxels) {
  std::set<std::tuple<int, int, int>> blocks;
  for (std::size_t n = 0; n < cement_.size(); ++n) {
    const CementVoxel& v = cement_[n];
    full_.setMuPerMm(v.i, v.j, v.k, replacedMu_[n]);
    blocks.insert({v.i / 2, v.j / 2, v.k / 2});
  }
  cement_ = std::move(voxels);
  replacedMu_.resize(cement_.size());
  for (std::size_t n = 0; n < cement_.size(); ++n) {
    const CementVoxel& v = cement_[n];
    replacedMu_[n] = full_.muPerMm(v.i, v.j, v.k);
    blocks.insert({v.i / 2, v.j / 2, v.k / 2});
  }
  applyCement(full_, cement_);
  for (const auto& [i, j, k] : blocks) refreshHalfBlock(i, j, k);
}

Drr Fluoroscope::interactive(const CArm& carm) const {
  DrrOptions options;
  options.threads = threads_;
  return renderDrr(half_, carm, needles_, options);
}

Drr Fluoroscope::full(const CArm& carm) const {
  DrrOptions options;
  options.threads = threads_;
  return renderDrr(full_, carm, needles_, options);
}

}  // namespace trocar::fluoro
