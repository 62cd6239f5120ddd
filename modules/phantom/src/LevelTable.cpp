#include "LevelTable.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "trocar/phantom/Labels.h"

namespace trocar::phantom {
namespace {

// clang-format off
// T10..L5 and S1, tabulated; upper thoracic levels are interpolated from T1 and T10 below
// (body sizes grow almost linearly down the thoracic spine).
//                          W     D     H    disc  pedW  pedH  med  canW canD  spL  spH  spSl  tpL  tpBack
constexpr LevelDims kT1  = {24.0, 16.0, 15.0, 4.0, 7.5, 9.5, 25.0, 20.0, 14.0, 35.0, 9.0, 35.0, 22.0, 25.0};
constexpr LevelDims kT10 = {38.0, 30.0, 22.0, 5.0, 6.5, 14.0, 5.0, 17.0, 15.0, 35.0, 10.0, 35.0, 20.0, 30.0};
constexpr LevelDims kT11 = {40.0, 31.0, 23.0, 6.0, 7.5, 15.0, 5.0, 17.5, 15.0, 32.0, 12.0, 25.0, 15.0, 25.0};
constexpr LevelDims kT12 = {41.0, 32.0, 24.0, 7.0, 8.0, 15.0, 7.0, 19.0, 16.0, 30.0, 14.0, 15.0, 12.0, 20.0};
constexpr LevelDims kL1  = {42.0, 33.0, 25.0, 8.0, 8.5, 15.0, 11.0, 22.0, 17.0, 30.0, 18.0, 10.0, 18.0, 10.0};
constexpr LevelDims kL2  = {44.0, 34.0, 26.0, 9.0, 9.0, 15.0, 12.0, 22.0, 16.0, 30.0, 20.0, 8.0, 22.0, 8.0};
constexpr LevelDims kL3  = {46.0, 35.0, 26.5, 10.0, 10.5, 14.5, 14.0, 23.0, 16.0, 30.0, 22.0, 5.0, 26.0, 5.0};
constexpr LevelDims kL4  = {48.0, 35.0, 27.0, 10.0, 12.5, 14.0, 18.0, 24.0, 17.0, 28.0, 22.0, 3.0, 22.0, 5.0};
constexpr LevelDims kL5  = {50.0, 35.0, 26.0, 10.0, 16.0, 14.0, 28.0, 25.0, 16.0, 22.0, 18.0, 0.0, 20.0, 0.0};
// S1 body; its pedicle and process entries are unused (the sacral mass is modelled separately).
constexpr LevelDims kS1  = {50.0, 34.0, 26.0, 0.0, 0.0, 0.0, 0.0, 22.0, 12.0, 0.0, 0.0, 0.0, 0.0, 0.0};
// clang-format on

LevelDims lerp(const LevelDims& a, const LevelDims& b, double t) {
  auto mix = [t](double x, double y) { return x + (y - x) * t; };
  return {mix(a.bodyWidthMm, b.bodyWidthMm),
          mix(a.bodyDepthMm, b.bodyDepthMm),
          mix(a.bodyHeightMm, b.bodyHeightMm),
          mix(a.discBelowMm, b.discBelowMm),
          mix(a.pedicleWidthMm, b.pedicleWidthMm),
          mix(a.pedicleHeightMm, b.pedicleHeightMm),
          mix(a.pedicleMedialDeg, b.pedicleMedialDeg),
          mix(a.canalWidthMm, b.canalWidthMm),
          mix(a.canalDepthMm, b.canalDepthMm),
          mix(a.spinousLengthMm, b.spinousLengthMm),
          mix(a.spinousHeightMm, b.spinousHeightMm),
          mix(a.spinousSlopeDeg, b.spinousSlopeDeg),
          mix(a.transverseLengthMm, b.transverseLengthMm),
          mix(a.transverseBackDeg, b.transverseBackDeg)};
}

}  // namespace

LevelDims dimsForLevel(int label) {
  switch (label) {
    case level::kT10:
      return kT10;
    case level::kT11:
      return kT11;
    case level::kT12:
      return kT12;
    case level::kL1:
      return kL1;
    case level::kL2:
      return kL2;
    case level::kL3:
      return kL3;
    case level::kL4:
      return kL4;
    case level::kL5:
      return kL5;
    case level::kSacrum:
      return kS1;
    default:
      break;
  }
  if (label >= level::kT1 && label < level::kT10)
    return lerp(kT1, kT10, double(label - level::kT1) / double(level::kT10 - level::kT1));
  throw std::invalid_argument("phantom: no dimensions for level label " + std::to_string(label));
}

}  // namespace trocar::phantom
