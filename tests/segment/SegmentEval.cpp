#include "SegmentEval.h"

#include <itkImageRegionConstIteratorWithIndex.h>

namespace trocar::segment::test {

std::map<int, double> dicePerLevel(const image::LabelImage& result, const image::LabelImage& reference,
                                   const std::map<int, int>& refToVerse) {
  std::map<int, double> inter, sizeRef, sizeRes;
  const size_t n = result.GetLargestPossibleRegion().GetNumberOfPixels();
  const uint8_t* a = result.GetBufferPointer();
  const uint8_t* b = reference.GetBufferPointer();
  for (size_t i = 0; i < n; ++i) {
    const auto it = refToVerse.find(b[i]);
    const int ref = it == refToVerse.end() ? 0 : it->second;
    if (ref) sizeRef[ref] += 1;
    if (a[i]) sizeRes[a[i]] += 1;
    if (ref && a[i] == ref) inter[ref] += 1;
  }
  std::map<int, double> dice;
  for (const auto& [ref, verse] : refToVerse) {
    (void)ref;
    const double denom = sizeRef[verse] + sizeRes[verse];
    dice[verse] = denom > 0 ? 2 * inter[verse] / denom : 0;
  }
  return dice;
}

std::map<int, double> dicePerLevelPhysical(const image::LabelImage& result, const image::LabelImage& reference,
                                           const std::map<int, int>& refToVerse) {
  std::map<int, double> inter, sizeRef, sizeRes;
  itk::ImageRegionConstIteratorWithIndex<image::LabelImage> it(&result, result.GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it) {
    image::LabelImage::PointType p;
    result.TransformIndexToPhysicalPoint(it.GetIndex(), p);
    image::LabelImage::IndexType q;
    int ref = 0;
    if (reference.TransformPhysicalPointToIndex(p, q)) {
      const auto found = refToVerse.find(reference.GetPixel(q));
      if (found != refToVerse.end()) ref = found->second;
    }
    const int ours = it.Get();
    if (ref) sizeRef[ref] += 1;
    if (ours) sizeRes[ours] += 1;
    if (ref && ours == ref) inter[ref] += 1;
  }
  std::map<int, double> dice;
  for (const auto& [refLabel, verse] : refToVerse) {
    (void)refLabel;
    const double denom = sizeRef[verse] + sizeRes[verse];
    dice[verse] = denom > 0 ? 2 * inter[verse] / denom : 0;
  }
  return dice;
}

}  // namespace trocar::segment::test
