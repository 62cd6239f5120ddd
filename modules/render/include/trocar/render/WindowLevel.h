#pragma once

#include <string>
#include <vector>

namespace trocar::render {

// A CT display window in Hounsfield units: grey from level - width/2 (black) to level + width/2
// (white).
struct WindowLevel {
  double widthHu = 1800;
  double levelHu = 400;
  bool operator==(const WindowLevel&) const = default;
};

struct WindowPreset {
  std::string name;
  WindowLevel window;
};

// The presets the viewers offer, in the order of their shortcuts (1, 2, 3 ...).
const std::vector<WindowPreset>& windowPresets();
WindowLevel boneWindow();
WindowLevel softTissueWindow();

// Window/level after a drag of (dx, dy) pixels, as in common viewers: right widens the window,
// down raises the level; `huPerPixel` scales the gesture.
WindowLevel draggedWindow(const WindowLevel& start, double dxPixels, double dyPixels,
                          double huPerPixel = 4.0);

}  // namespace trocar::render
