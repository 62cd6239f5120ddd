#include "trocar/fluoro/Display.h"

#include <algorithm>
#include <cmath>

namespace trocar::fluoro {

void RgbImage::set(int u, int v, uint8_t r, uint8_t g, uint8_t b) {
  if (u < 0 || v < 0 || u >= columns || v >= rows) return;
  uint8_t* p = &rgb[(std::size_t(v) * columns + u) * 3];
  p[0] = r;
  p[1] = g;
  p[2] = b;
}

DisplayWindow autoWindow(const Drr& drr) {
  std::vector<float> body;
  body.reserve(drr.lineIntegral.size());
  for (float p : drr.lineIntegral)
    if (p > 0.05f) body.push_back(p);
  DisplayWindow w;
  if (body.size() < 16) return w;
  auto percentile = [&](double q) {
    auto it = body.begin() + std::ptrdiff_t(q * double(body.size() - 1));
    std::nth_element(body.begin(), it, body.end());
    return double(*it);
  };
  w.brightLineIntegral = percentile(0.02);
  w.darkLineIntegral = std::max(percentile(0.98), w.brightLineIntegral + 1e-3);
  return w;
}

GrayImage toGray(const Drr& drr, const DisplayWindow& window) {
  GrayImage g{drr.columns, drr.rows, std::vector<uint8_t>(drr.lineIntegral.size())};
  const double span = std::max(1e-6, window.darkLineIntegral - window.brightLineIntegral);
  for (std::size_t i = 0; i < drr.lineIntegral.size(); ++i) {
    // log(exp(-p)) = -p: a linear ramp in the line integral is a logarithmic window on intensity.
    const double level = (window.darkLineIntegral - drr.lineIntegral[i]) / span;
    g.pixels[i] = static_cast<uint8_t>(std::lround(255 * std::clamp(level, 0.0, 1.0)));
  }
  return g;
}

RgbImage toRgb(const GrayImage& gray) {
  RgbImage out{gray.columns, gray.rows, std::vector<uint8_t>(gray.pixels.size() * 3)};
  for (std::size_t i = 0; i < gray.pixels.size(); ++i)
    out.rgb[3 * i] = out.rgb[3 * i + 1] = out.rgb[3 * i + 2] = gray.pixels[i];
  return out;
}

void drawPlannedPath(RgbImage& image, const Projection& projection, const core::Vec3& entryMm,
                     const core::Vec3& targetMm, OverlayColour c) {
  const auto entry = projection.project(entryMm), target = projection.project(targetMm);
  if (!entry || !target) return;
  const double du = target->u - entry->u, dv = target->v - entry->v;
  const double length = std::hypot(du, dv);
  const int steps = std::max(1, static_cast<int>(std::ceil(length * 2)));
  // Dashes of 6 pixels with gaps of 4, two pixels wide.
  for (int s = 0; s <= steps; ++s) {
    const double f = double(s) / steps;
    if (std::fmod(f * length, 10.0) >= 6.0) continue;
    const double u = entry->u + f * du, v = entry->v + f * dv;
    for (int o = 0; o < 2; ++o)
      image.set(int(std::lround(u)) + o, int(std::lround(v)), c.r, c.g, c.b);
  }
  // Ring of radius 6 pixels around the target: still visible when the path is a point
  // (down-the-barrel).
  for (int a = 0; a < 96; ++a) {
    const double t = a * 2 * 3.14159265358979 / 96;
    image.set(int(std::lround(target->u + 6 * std::cos(t))),
              int(std::lround(target->v + 6 * std::sin(t))), c.r, c.g, c.b);
  }
  for (int o = -3; o <= 3; ++o) {
    image.set(int(std::lround(entry->u)) + o, int(std::lround(entry->v)), c.r, c.g, c.b);
    image.set(int(std::lround(entry->u)), int(std::lround(entry->v)) + o, c.r, c.g, c.b);
  }
}

}  // namespace trocar::fluoro
