#include <gtest/gtest.h>

#include <algorithm>

#include "RenderTestWindow.h"
#include "SyntheticImages.h"
#include "trocar/render/LevelColors.h"
#include "trocar/render/SliceScene.h"

using namespace trocar;
using render::SliceOrientation;
using rendertest::pixelAtDisplay;

namespace {
// The block's centre in LPS (identity grid, 1 mm, origin 0).
const core::Vec3 kBlockCentre{47.5, 10, 32};
int grey(const std::array<int, 3>& p) { return (p[0] + p[1] + p[2]) / 3; }
}  // namespace

TEST(SliceScene, AxialShowsTheBlockInTheUpperRightQuadrant) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(SliceOrientation::kAxial);
  rendertest::OffscreenWindow w(scene.renderer(), 256, 256);
  scene.setVolume(rendertest::blockCt());
  scene.setWindowLevel(render::boneWindow());
  scene.resetCamera();
  scene.setFocusPoint(kBlockCentre);
  scene.setCrosshairVisible(false);
  const auto image = w.capture("axial-block");
  // Patient left and anterior: right half, upper half of the screen (display y grows upwards).
  const auto at = scene.displayOf(kBlockCentre);
  EXPECT_GT(at[0], 128);
  EXPECT_GT(at[1], 128);
  // 1000 HU in a 1800/400 window: 83 % grey (212), within 8-bit rounding.
  EXPECT_NEAR(grey(pixelAtDisplay(image, at[0], at[1])), 212, 4);
  // Its mirror images across the centre lines are air: black.
  EXPECT_LT(grey(pixelAtDisplay(image, 256 - at[0], at[1])), 20);
  EXPECT_LT(grey(pixelAtDisplay(image, at[0], 256 - at[1])), 20);
}

TEST(SliceScene, ScrollingToTheBlockMakesItAppearInTheSagittalView) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(SliceOrientation::kSagittal);
  rendertest::OffscreenWindow w(scene.renderer(), 200, 200);
  scene.setVolume(rendertest::blockCt());
  scene.setCrosshairVisible(false);
  const auto at = scene.displayOf(kBlockCentre);
  // The mid-sagittal slice (x = 31.5 mm) misses the block (x 40..55 mm).
  EXPECT_LT(grey(pixelAtDisplay(w.capture(), at[0], at[1])), 20);
  // Anterior on the left of a sagittal view.
  EXPECT_LT(at[0], 100);
  const int before = scene.sliceIndex();
  // The sagittal normal (right x up = +y x +z) points to the patient's left, where the block is.
  scene.scrollSlices(16);
  EXPECT_EQ(scene.sliceIndex(), std::min(before + 16, scene.sliceCount() - 1));
  EXPECT_NEAR(scene.focusPoint().x, 31.5 + 16, 0.51);
  EXPECT_GT(grey(pixelAtDisplay(w.capture("sagittal-scrolled"), at[0], at[1])), 200);
}

TEST(SliceScene, LabelOverlayTintsTheBlockWithItsLevelColour) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(SliceOrientation::kCoronal);
  rendertest::OffscreenWindow w(scene.renderer(), 200, 200);
  scene.setVolume(rendertest::blockCt());
  scene.setFocusPoint(kBlockCentre);
  scene.setCrosshairVisible(false);
  const auto at = scene.displayOf(kBlockCentre);
  const auto plain = pixelAtDisplay(w.capture(), at[0], at[1]);
  const int label = 22;  // L3
  scene.setLabels(rendertest::blockLabels(label));
  scene.setLabelOpacity(0.5);
  const auto tinted = pixelAtDisplay(w.capture("coronal-labels"), at[0], at[1]);
  // Half white, half the label colour (within 12 levels of 8-bit rounding and blending).
  const render::Rgb c = render::levelColor(label);
  for (int ch = 0; ch < 3; ++ch)
    EXPECT_NEAR(tinted[ch], 0.5 * plain[ch] + 0.5 * 255 * c[ch], 12) << ch;
  // Air outside the label stays untinted.
  const auto air = pixelAtDisplay(w.capture(), 20, 20);
  EXPECT_LT(std::max({air[0], air[1], air[2]}), 20);
}

TEST(SliceScene, NeedleIsDrawnInItsColourWhereItProjects) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(SliceOrientation::kAxial);
  rendertest::OffscreenWindow w(scene.renderer(), 256, 256);
  scene.setVolume(rendertest::blockCt());
  scene.setCrosshairVisible(false);
  render::NeedleShape needle;
  needle.skinEntryMm = {5, 55, 32};
  needle.boneEntryMm = {20, 40, 32};
  needle.targetMm = {30, 30, 30};
  scene.setNeedles({needle});
  const auto image = w.capture("axial-needle");
  const core::Vec3 mid = (needle.skinEntryMm + needle.boneEntryMm) * 0.5;
  const auto at = scene.displayOf(mid);
  const auto p = pixelAtDisplay(image, at[0], at[1]);
  EXPECT_GT(p[0], 200);
  EXPECT_GT(p[1], 170);
  EXPECT_LT(p[2], 80);
  // Away from the needle the slice is air.
  const auto away = scene.displayOf({55, 55, 32});
  EXPECT_LT(grey(pixelAtDisplay(image, away[0], away[1])), 20);
}

TEST(SliceScene, DisplayAndWorldCoordinatesRoundTripThroughZoomAndPan) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(SliceOrientation::kCoronal);
  rendertest::OffscreenWindow w(scene.renderer(), 300, 200);
  scene.setVolume(rendertest::blockCt());
  w.capture();
  scene.zoom(2.0);
  scene.panPixels(15, -10);
  EXPECT_NEAR(scene.zoomFactor(), 2.0, 1e-9);
  const core::Vec3 p{20, scene.focusPoint().y, 12};
  const auto d = scene.displayOf(p);
  const core::Vec3 back = scene.worldAtDisplay(d[0], d[1]);
  EXPECT_NEAR(core::distance(back, p), 0, 1e-6);
  // A 10 mm step in x is 10 mm / (mm per pixel) to the right.
  const auto d2 = scene.displayOf(p + core::Vec3{10, 0, 0});
  EXPECT_GT(d2[0] - d[0], 0);
  EXPECT_NEAR(d2[1], d[1], 1e-6);
}
