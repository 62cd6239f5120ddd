#pragma once

#include <gtest/gtest.h>

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include "trocar/render/WindowCapture.h"
#include "trocar/testsupport/TestData.h"

// An offscreen window for one scene; the test skips (never fails) when no OpenGL can be had.
#define TROCAR_REQUIRE_OPENGL()                                                              \
  do {                                                                                       \
    if (!::trocar::render::openGlAvailable()) GTEST_SKIP() << "no OpenGL context available"; \
  } while (0)

namespace trocar::rendertest {

struct OffscreenWindow {
  vtkNew<vtkRenderWindow> window;
  OffscreenWindow(vtkRenderer* renderer, int width, int height) {
    window->SetOffScreenRendering(1);
    window->SetSize(width, height);
    window->SetMultiSamples(0);
    window->AddRenderer(renderer);
  }
  render::RgbImage capture(const std::string& artefactName = {}) {
    auto image = render::captureWindow(window);
    if (!artefactName.empty())
      render::writePpm(image,
                       testsupport::scratchDir("render-" + artefactName) / (artefactName + ".ppm"));
    return image;
  }
};

// Pixel at VTK display coordinates (origin bottom-left), from a top-row-first capture.
inline std::array<int, 3> pixelAtDisplay(const render::RgbImage& image, double x, double y) {
  return image.at(static_cast<int>(x), image.height - 1 - static_cast<int>(y));
}

}  // namespace trocar::rendertest
