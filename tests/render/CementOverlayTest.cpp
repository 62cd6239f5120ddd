// Cement in the slice and 3D scenes: a ball of cement on a turned 0.5 mm grid, filling outward
// from the block's centre at 1 mm per second.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <itkImageRegionIteratorWithIndex.h>

#include "RenderTestWindow.h"
#include "SyntheticImages.h"
#include "trocar/render/LevelColors.h"
#include "trocar/render/SliceScene.h"
#include "trocar/render/SpineScene.h"

using namespace trocar;
using rendertest::pixelAtDisplay;

namespace {

const core::Vec3 kBlockCentre{47.5, 10, 32};  // inside the block of blockCt (1000 HU)

// Fill times (s) of a 6 mm ball around the block's centre: the distance from it; -1 beyond. The
// grid is turned 30 degrees about z, as a simulation grid follows its vertebra.
image::FloatImage::Pointer cementBall() {
  auto image = image::FloatImage::New();
  image->SetRegions(image::FloatImage::RegionType(itk::Size<3>{{40, 40, 40}}));
  image->SetSpacing(itk::Vector<double, 3>(0.5));
  image::FloatImage::DirectionType direction;
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  direction.SetIdentity();
  direction(0, 0) = c;
  direction(1, 0) = s;
  direction(0, 1) = -s;
  direction(1, 1) = c;
  image->SetDirection(direction);
  // Voxel (19.5, 19.5, 19.5) at the centre.
  itk::Point<double, 3> origin;
  for (int a = 0; a < 3; ++a) {
    double offset = 0;
    for (int b = 0; b < 3; ++b) offset += direction(a, b) * 19.5 * 0.5;
    origin[a] = kBlockCentre[a] - offset;
  }
  image->SetOrigin(origin);
  image->Allocate();
  itk::ImageRegionIteratorWithIndex<image::FloatImage> it(image, image->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it) {
    itk::Point<double, 3> p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const double d = core::distance({p[0], p[1], p[2]}, kBlockCentre);
    it.Set(d <= 6 ? static_cast<float>(d) : -1.0f);
  }
  return image;
}

}  // namespace

TEST(CementOverlay, TheSliceShowsTheCementFilledByTheMomentInItsColour) {
  TROCAR_REQUIRE_OPENGL();
  render::SliceScene scene(render::SliceOrientation::kAxial);
  rendertest::OffscreenWindow w(scene.renderer(), 256, 256);
  scene.setVolume(rendertest::blockCt());
  scene.setFocusPoint(kBlockCentre);
  scene.setCrosshairVisible(false);
  const auto centre = scene.displayOf(kBlockCentre);
  const auto at2mm = scene.displayOf(kBlockCentre + core::Vec3{2, 0, 0});
  const auto at4mm = scene.displayOf(kBlockCentre + core::Vec3{0, 4, 0});
  const auto bone = pixelAtDisplay(w.capture(), centre[0], centre[1]);

  scene.setCement(cementBall());
  EXPECT_TRUE(scene.hasCement());
  // The whole ball at first (the end of the injection): cement colour at 85 % over the bone.
  const auto image = w.capture("cement-axial");
  for (const auto& p : {centre, at2mm, at4mm}) {
    const auto c = pixelAtDisplay(image, p[0], p[1]);
    for (int ch = 0; ch < 3; ++ch)
      EXPECT_NEAR(c[ch], 0.85 * 255 * render::kCementColor[ch] + 0.15 * bone[ch], 12) << ch;
  }
  // At 3 s only what lies within 3 mm has filled: the 4 mm point shows bone again.
  scene.setCementTime(3);
  const auto early = w.capture("cement-axial-3s");
  EXPECT_NEAR(pixelAtDisplay(early, at2mm[0], at2mm[1])[0],
              0.85 * 255 * render::kCementColor[0] + 0.15 * bone[0], 12);
  const auto boneAgain = pixelAtDisplay(early, at4mm[0], at4mm[1]);
  for (int ch = 0; ch < 3; ++ch) EXPECT_NEAR(boneAgain[ch], bone[ch], 6) << ch;
  // Outside the ball's grid nothing is drawn, and no cement removes the overlay.
  const auto beside = scene.displayOf(kBlockCentre + core::Vec3{-7, 0, 0});
  EXPECT_NEAR(pixelAtDisplay(early, beside[0], beside[1])[1], bone[1], 6);
  scene.setCement(nullptr);
  EXPECT_FALSE(scene.hasCement());
  const auto gone = pixelAtDisplay(w.capture(), centre[0], centre[1]);
  for (int ch = 0; ch < 3; ++ch) EXPECT_NEAR(gone[ch], bone[ch], 6) << ch;
}

TEST(CementOverlay, TheThreeDimensionalCementGrowsWithTheMoment) {
  render::SpineScene scene;
  EXPECT_EQ(scene.cementTriangles(), 0);
  scene.setCement(cementBall());
  const long whole = scene.cementTriangles();
  scene.setCementTime(3);
  const long early = scene.cementTriangles();
  scene.setCementTime(0.5);
  const long first = scene.cementTriangles();
  std::printf("cement surface: %ld triangles at 0.5 s, %ld at 3 s, %ld at the end\n", first, early,
              whole);
  // A sphere's surface grows as r^2: 3 mm against 6 mm is a quarter, within the voxels' steps.
  EXPECT_GT(first, 0);
  EXPECT_LT(first, early);
  EXPECT_NEAR(static_cast<double>(early) / whole, 0.25, 0.1);
  scene.setCement(nullptr);
  EXPECT_EQ(scene.cementTriangles(), 0);
}
