#include "trocar/render/LevelColors.h"

#include <array>
#include <cstddef>

namespace trocar::render {

Rgb levelColor(int verseLabel) {
  // Eight well-separated hues, cycled: any two neighbouring levels differ, and no level is yellow,
  // which is kept for the needle.
  static constexpr std::array<Rgb, 8> kPalette{{
      {0.92, 0.33, 0.33},  // red
      {0.33, 0.60, 0.95},  // blue
      {0.75, 0.52, 0.35},  // brown
      {0.40, 0.82, 0.40},  // green
      {0.72, 0.42, 0.90},  // purple
      {0.25, 0.80, 0.80},  // teal
      {0.95, 0.45, 0.72},  // pink
      {0.50, 0.50, 0.98},  // indigo
  }};
  if (verseLabel <= 0) return {0, 0, 0};
  return kPalette[static_cast<size_t>(verseLabel) % kPalette.size()];
}

}  // namespace trocar::render
