#pragma once

#include <array>

namespace trocar::render {

using Rgb = std::array<double, 3>;  // 0..1

// One colour per VerSe level, the same in every view (slice overlay, 3D surface, report), with
// neighbouring levels far apart in hue so that a boundary between two vertebrae is obvious.
Rgb levelColor(int verseLabel);

// Fixed colours of the scene's other objects.
inline constexpr Rgb kNeedleColor{1.0, 0.85, 0.0};  // yellow: stands out on grey bone and on labels
inline constexpr Rgb kCrosshairColor{0.2, 0.9, 1.0};  // cyan
inline constexpr Rgb kSkinColor{0.95, 0.78, 0.68};
// Orange: apart from the yellow needle, the cyan crosshair and every level hue, and from bone's
// greys (cement itself is as white as cortex on CT).
inline constexpr Rgb kCementColor{1.0, 0.45, 0.0};

}  // namespace trocar::render
