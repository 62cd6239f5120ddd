#include "BoneMask.h"

#include <vector>

namespace trocar::segment::detail {

namespace {
// Labels the 4-connected holes of one axial slice (pixels not bone and not reachable from the
// slice border) and fills those that look like marrow.
void fillSliceHoles(const float* hu, uint8_t* mask, int nx, int ny, double pixelAreaMm2, const BoneThresholds& t) {
  const int n = nx * ny;
  std::vector<int> comp(n, 0);  // 0 unvisited, -1 outside, >0 hole id
  std::vector<int> stack;
  auto flood = [&](int seed, int id, double* sumHu, int* count, std::vector<int>* members) {
    stack.assign(1, seed);
    comp[seed] = id;
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      if (sumHu) *sumHu += hu[p];
      if (count) ++*count;
      if (members) members->push_back(p);
      const int x = p % nx, y = p / nx;
      const int nb[4] = {x > 0 ? p - 1 : -1, x + 1 < nx ? p + 1 : -1, y > 0 ? p - nx : -1, y + 1 < ny ? p + nx : -1};
      for (int q : nb)
        if (q >= 0 && comp[q] == 0 && !mask[q]) {
          comp[q] = id;
          stack.push_back(q);
        }
    }
  };
  for (int x = 0; x < nx; ++x) {
    if (!mask[x] && comp[x] == 0) flood(x, -1, nullptr, nullptr, nullptr);
    const int b = (ny - 1) * nx + x;
    if (!mask[b] && comp[b] == 0) flood(b, -1, nullptr, nullptr, nullptr);
  }
  for (int y = 0; y < ny; ++y) {
    const int a = y * nx, b = y * nx + nx - 1;
    if (!mask[a] && comp[a] == 0) flood(a, -1, nullptr, nullptr, nullptr);
    if (!mask[b] && comp[b] == 0) flood(b, -1, nullptr, nullptr, nullptr);
  }
  std::vector<int> members;
  int id = 0;
  for (int p = 0; p < n; ++p) {
    if (mask[p] || comp[p] != 0) continue;
    double sum = 0;
    int count = 0;
    members.clear();
    flood(p, ++id, &sum, &count, &members);
    const double area = count * pixelAreaMm2;
    const bool marrow = sum / count >= t.fillMinMeanHu && area <= t.fillMaxAreaMm2;
    if (marrow || area <= t.alwaysFillAreaMm2)
      for (int q : members) mask[q] = 1;
  }
}
}  // namespace

Volume<uint8_t> boneTissue(const Volume<float>& hu, const BoneThresholds& t) {
  const Grid& g = hu.grid;
  Volume<uint8_t> mask(g, 0);
  // Cancellous bone is often below the cortical threshold (and blurred at thick slices): a
  // smoothed density above marrowHu counts too; discs (~80 HU) and muscle stay out.
  const Volume<float> smooth = boxSmooth(hu, 1);
  for (size_t i = 0; i < g.size(); ++i) mask.v[i] = hu.v[i] >= t.boneHu || smooth.v[i] >= t.marrowHu ? 1 : 0;
  const size_t slice = size_t(g.nx) * g.ny;
  for (int k = 0; k < g.nz; ++k)
    fillSliceHoles(&hu.v[k * slice], &mask.v[k * slice], g.nx, g.ny, g.spacingMm * g.spacingMm, t);
  return mask;
}

}  // namespace trocar::segment::detail
