#pragma once

#include <cstdint>
#include <vector>

#include "trocar/core/Vec3.h"
#include "trocar/fluoro/Drr.h"
#include "trocar/fluoro/Projection.h"

namespace trocar::fluoro {

// Which line integrals span the grey scale. The picture is the transmitted intensity
// exp(-lineIntegral) seen through a logarithmic display window, as fluoroscopy processing
// shows it: air bright, bone darker, steel and barium cement black.
struct DisplayWindow {
  double brightLineIntegral = 0;  // shown white (and anything less attenuating)
  double darkLineIntegral = 8;    // shown black (and anything more attenuating)
};

// A window from the image itself: 2nd to 98th percentile of the rays that cross the patient
// (line integral above 0.05), so the direct beam beside the body does not flatten the contrast.
DisplayWindow autoWindow(const Drr& drr);

struct GrayImage {
  int columns = 0, rows = 0;
  std::vector<uint8_t> pixels;  // row-major
};

struct RgbImage {
  int columns = 0, rows = 0;
  std::vector<uint8_t> rgb;  // row-major, 3 bytes per pixel
  void set(int u, int v, uint8_t r, uint8_t g, uint8_t b);
};

GrayImage toGray(const Drr& drr, const DisplayWindow& window);
RgbImage toRgb(const GrayImage& gray);

struct OverlayColour {
  uint8_t r = 255, g = 200, b = 0;
};

// The planned path drawn over the image: its projection from entry to target as a dashed line,
// a ring at the target and a small cross at the entry. The path is an overlay, not attenuation:
// it shows where the needle should go, the rendered needle shows where it is.
void drawPlannedPath(RgbImage& image, const Projection& projection, const core::Vec3& entryMm,
                     const core::Vec3& targetMm, OverlayColour colour = {});

}  // namespace trocar::fluoro
