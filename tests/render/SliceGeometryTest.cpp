#include <gtest/gtest.h>

#include <cmath>

#include "trocar/render/LevelColors.h"
#include "trocar/render/SliceGeometry.h"
#include "trocar/render/WindowLevel.h"

using namespace trocar;
using render::SliceOrientation;

namespace {
render::ImageFrame frame(std::array<int, 3> size, core::Vec3 spacing) {
  render::ImageFrame f;
  f.size = size;
  f.spacingMm = spacing;
  return f;
}
double colorDistance(const render::Rgb& a, const render::Rgb& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                   (a[2] - b[2]) * (a[2] - b[2]));
}
}  // namespace

TEST(SliceAxes, FollowRadiologyViewingConventions) {
  const auto axial = render::sliceAxes(SliceOrientation::kAxial);
  EXPECT_EQ(axial.right, (core::Vec3{1, 0, 0}));  // patient left on screen right
  EXPECT_EQ(axial.up, (core::Vec3{0, -1, 0}));    // anterior up
  const auto sagittal = render::sliceAxes(SliceOrientation::kSagittal);
  EXPECT_EQ(sagittal.right, (core::Vec3{0, 1, 0}));  // posterior on screen right: anterior left
  EXPECT_EQ(sagittal.up, (core::Vec3{0, 0, 1}));
  const auto coronal = render::sliceAxes(SliceOrientation::kCoronal);
  EXPECT_EQ(coronal.right, (core::Vec3{1, 0, 0}));
  EXPECT_EQ(coronal.normal, (core::Vec3{0, -1, 0}));  // seen from the front
}

TEST(SliceStack, CountsSpacingAndIndicesMatchTheGrid) {
  const auto f = frame({10, 20, 30}, {1, 2, 3});
  const auto axial = render::sliceStack(f, SliceOrientation::kAxial);
  EXPECT_EQ(axial.count(), 30);
  EXPECT_DOUBLE_EQ(axial.spacingMm, 3);
  const auto sagittal = render::sliceStack(f, SliceOrientation::kSagittal);
  EXPECT_EQ(sagittal.count(), 10);
  const auto coronal = render::sliceStack(f, SliceOrientation::kCoronal);
  EXPECT_EQ(coronal.count(), 20);
  EXPECT_DOUBLE_EQ(coronal.spacingMm, 2);
  // The axial normal points inferior (towards a viewer at the feet): slice k = 29 (top) is index 0.
  EXPECT_EQ(axial.indexOf({4.5, 19, 87}), 0);
  EXPECT_EQ(axial.indexOf({4.5, 19, 0}), 29);
  // Stepping snaps to slices and stops at the ends.
  const core::Vec3 p = axial.stepped({4.5, 19, 43}, 1);
  EXPECT_NEAR(std::fmod(p.z, 3.0), 0.0, 1e-9);
  EXPECT_EQ(axial.indexOf(axial.stepped({0, 0, 0}, 100)), 29);
  EXPECT_EQ(axial.indexOf(axial.stepped({0, 0, 0}, -100)), 0);
  // In-plane extent: the whole grid, in mm from the centre.
  EXPECT_NEAR(axial.uMaxMm - axial.uMinMm, 9.0, 1e-9);
  EXPECT_NEAR(axial.vMaxMm - axial.vMinMm, 38.0, 1e-9);
}

TEST(SliceStack, AFlippedGridStillShowsPatientLeftOnTheRight) {
  auto f = frame({10, 10, 10}, {1, 1, 1});
  f.axes = {core::Vec3{-1, 0, 0}, core::Vec3{0, -1, 0}, core::Vec3{0, 0, 1}};  // RAS-stored voxels
  f.originMm = {9, 9, 0};
  const auto axial = render::sliceStack(f, SliceOrientation::kAxial);
  EXPECT_EQ(axial.count(), 10);
  EXPECT_GT(axial.u({9, 4.5, 4.5}), 0);  // x = 9 mm is the patient's leftmost column
  EXPECT_NEAR(axial.u({9, 4.5, 4.5}), 4.5, 1e-9);
}

TEST(WindowLevel, PresetsAndDragFollowViewerHabits) {
  EXPECT_EQ(render::windowPresets().front().name, "Bone");
  EXPECT_GT(render::boneWindow().widthHu, 1000);
  EXPECT_LT(render::softTissueWindow().widthHu, 600);
  const auto w = render::draggedWindow({400, 40}, 10, -5, 4);
  EXPECT_DOUBLE_EQ(w.widthHu, 440);
  EXPECT_DOUBLE_EQ(w.levelHu, 20);
  EXPECT_GE(render::draggedWindow({10, 40}, -100, 0).widthHu, 1.0);
}

TEST(LevelColors, NeighbouringLevelsAndTheNeedleAreFarApartInColour) {
  for (int label = 1; label < 28; ++label)
    EXPECT_GT(colorDistance(render::levelColor(label), render::levelColor(label + 1)), 0.35)
        << label;
  for (int label = 18; label <= 26; ++label)  // T11..S: the levels vertebroplasty treats
    EXPECT_GT(colorDistance(render::levelColor(label), render::kNeedleColor), 0.3) << label;
}
