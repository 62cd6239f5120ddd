#include "trocar/render/WindowLevel.h"

#include <algorithm>

namespace trocar::render {

const std::vector<WindowPreset>& windowPresets() {
  static const std::vector<WindowPreset> presets = {
      {"Bone", {1800, 400}},
      {"Soft tissue", {400, 40}},
      {"Spine (cement)", {2500, 700}},  // cement is ~1500-3000 HU: keeps it apart from cortex
  };
  return presets;
}

WindowLevel boneWindow() { return windowPresets()[0].window; }
WindowLevel softTissueWindow() { return windowPresets()[1].window; }

WindowLevel draggedWindow(const WindowLevel& start, double dxPixels, double dyPixels,
                          double huPerPixel) {
  WindowLevel w;
  w.widthHu = std::clamp(start.widthHu + dxPixels * huPerPixel, 1.0, 8000.0);
  w.levelHu = std::clamp(start.levelHu + dyPixels * huPerPixel, -1500.0, 4000.0);
  return w;
}

}  // namespace trocar::render
