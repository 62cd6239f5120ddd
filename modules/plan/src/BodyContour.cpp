#include <vector>

#include "trocar/plan/PlanningCase.h"

namespace trocar::plan {

image::LabelImage::Pointer bodyContourMask(const image::CtImage& ct) {
  auto mask = image::LabelImage::New();
  mask->CopyInformation(&ct);
  mask->SetRegions(ct.GetLargestPossibleRegion());
  mask->Allocate(true);
  const auto size = ct.GetLargestPossibleRegion().GetSize();
  const int nx = int(size[0]), ny = int(size[1]), nz = int(size[2]);
  const int16_t* hu = ct.GetBufferPointer();
  uint8_t* out = mask->GetBufferPointer();
  const size_t plane = size_t(nx) * ny;
  std::vector<int> component(plane), stack;
  std::vector<uint8_t> outside(plane);
  for (int k = 0; k < nz; ++k) {
    const int16_t* slice = hu + plane * k;
    // Connected tissue regions (4-connected); keep the largest: the patient, not the table.
    std::fill(component.begin(), component.end(), 0);
    int next = 0, best = 0;
    size_t bestSize = 0;
    for (size_t start = 0; start < plane; ++start) {
      if (component[start] || slice[start] <= kAirHu) continue;
      component[start] = ++next;
      size_t n = 0;
      stack.assign(1, int(start));
      while (!stack.empty()) {
        const int p = stack.back();
        stack.pop_back();
        ++n;
        const int i = p % nx, j = p / nx;
        const int nb[4] = {i > 0 ? p - 1 : -1, i + 1 < nx ? p + 1 : -1, j > 0 ? p - nx : -1,
                           j + 1 < ny ? p + nx : -1};
        for (int q : nb)
          if (q >= 0 && !component[q] && slice[q] > kAirHu) {
            component[q] = next;
            stack.push_back(q);
          }
      }
      if (n > bestSize) {
        bestSize = n;
        best = next;
      }
    }
    if (!best) continue;
    // Fill holes: everything the slice border cannot reach without crossing the body is body.
    std::fill(outside.begin(), outside.end(), 0);
    stack.clear();
    for (int i = 0; i < nx; ++i)
      for (int j : {0, ny - 1}) stack.push_back(j * nx + i);
    for (int j = 0; j < ny; ++j)
      for (int i : {0, nx - 1}) stack.push_back(j * nx + i);
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      if (outside[p] || component[p] == best) continue;
      outside[p] = 1;
      const int i = p % nx, j = p / nx;
      if (i > 0) stack.push_back(p - 1);
      if (i + 1 < nx) stack.push_back(p + 1);
      if (j > 0) stack.push_back(p - nx);
      if (j + 1 < ny) stack.push_back(p + nx);
    }
    uint8_t* o = out + plane * k;
    for (size_t p = 0; p < plane; ++p) o[p] = outside[p] ? 0 : 1;
  }
  return mask;
}

}  // namespace trocar::plan
