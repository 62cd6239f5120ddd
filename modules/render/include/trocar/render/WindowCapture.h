#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

class vtkRenderWindow;

namespace trocar::render {

// An 8-bit RGB picture, top row first (as screens and image files are read).
struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
  std::array<int, 3> at(int x, int y) const {
    const size_t i = 3 * (static_cast<size_t>(y) * width + x);
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

// Renders the window and reads its pixels back.
RgbImage captureWindow(vtkRenderWindow* window);
// Binary PPM: readable by every image tool, written without a codec dependency.
bool writePpm(const RgbImage& image, const std::filesystem::path& path);

// Whether this process can get an OpenGL context to render into (an X display with GLX under
// Debian's VTK build). Rendering tests skip when it cannot.
bool openGlAvailable();

}  // namespace trocar::render
