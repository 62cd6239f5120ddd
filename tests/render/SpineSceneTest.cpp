#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <vtkMassProperties.h>
#include <vtkNew.h>
#include <vtkPolyData.h>

#include "RenderTestWindow.h"
#include "SyntheticImages.h"
#include "trocar/render/LevelColors.h"
#include "trocar/render/SpineScene.h"

using namespace trocar;

namespace {
// Two "vertebrae": L3 (22) at the centre, L2 (21) 24 mm above, radius 9 mm.
std::vector<rendertest::Sphere> twoLevels() {
  return {{22, {32, 32, 30}, 9}, {21, {32, 32, 54}, 9}};
}

// The channel order of a colour (which is largest, which smallest): survives shading.
std::array<int, 3> order(const std::array<double, 3>& c) {
  std::array<int, 3> idx{0, 1, 2};
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return c[a] > c[b]; });
  return idx;
}
}  // namespace

TEST(LevelSurfaces, OneClosedSmoothSurfacePerLevelWithTheRightSizeAndPlace) {
  auto labels = rendertest::sphereLabels(twoLevels());
  const auto surfaces = render::buildLevelSurfaces(*labels, {{22, "L3"}, {21, "L2"}, {20, "L1"}});
  ASSERT_EQ(surfaces.size(), 2u);  // L1 is not in the image
  for (const auto& s : surfaces) {
    const double zCentre = s.label == 22 ? 30 : 54;
    EXPECT_NEAR(s.centroidMm.x, 32, 0.5) << s.name;
    EXPECT_NEAR(s.centroidMm.z, zCentre, 0.5) << s.name;
    vtkNew<vtkMassProperties> mass;
    mass->SetInputData(s.surface);
    mass->Update();
    // A voxelised 9-voxel sphere: volume of its voxels (about 4/3 pi 9^3 = 3054 mm3) within 10 %.
    EXPECT_NEAR(mass->GetVolume(), 4.0 / 3.0 * M_PI * 729, 0.1 * 3054) << s.name;
  }
  EXPECT_EQ(surfaces[0].name, "L3");
}

TEST(LevelSurfaces, CancelledBuildReturnsNothing) {
  auto labels = rendertest::sphereLabels(twoLevels());
  std::atomic<bool> cancel{true};
  EXPECT_TRUE(render::buildLevelSurfaces(*labels, {}, core::Progress({}, &cancel)).empty());
}

TEST(SpineScene, EachVertebraIsDrawnInItsLevelColourAndTheNeedleInYellow) {
  TROCAR_REQUIRE_OPENGL();
  auto labels = rendertest::sphereLabels(twoLevels());
  render::SpineScene scene;
  scene.setLevelSurfaces(render::buildLevelSurfaces(*labels, {{22, "L3"}, {21, "L2"}}));
  scene.setLevelNamesVisible(false);
  EXPECT_EQ(scene.levelCount(), 2);
  render::NeedleShape needle;  // in front of the gap between the spheres, left to right
  needle.skinEntryMm = {10, 10, 42};
  needle.boneEntryMm = {30, 10, 42};
  needle.targetMm = {54, 10, 42};
  scene.setNeedles({needle});
  scene.resetCamera();
  rendertest::OffscreenWindow w(scene.renderer(), 240, 240);
  const auto image = w.capture("spine-3d");
  auto* renderer = scene.renderer();
  const auto project = [&](const core::Vec3& p) {
    renderer->SetWorldPoint(p.x, p.y, p.z, 1);
    renderer->WorldToDisplay();
    double d[3];
    renderer->GetDisplayPoint(d);
    return rendertest::pixelAtDisplay(image, d[0], d[1]);
  };
  for (const auto& [label, centre] :
       {std::pair{22, core::Vec3{32, 32, 26}}, std::pair{21, core::Vec3{32, 32, 58}}}) {
    const auto p = project(centre);
    const render::Rgb c = render::levelColor(label);
    EXPECT_EQ(order({double(p[0]), double(p[1]), double(p[2])})[0], order(c)[0]) << label;
    EXPECT_GT(std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}), 30) << label;
  }
  const auto n = project({32, 10, 42});
  EXPECT_GT(n[0], 150);
  EXPECT_GT(n[1], 120);
  EXPECT_LT(n[2], n[1] - 60);
}

TEST(SpineScene, SkinSurfaceFromABodyMaskEnclosesTheMask) {
  auto mask = rendertest::sphereLabels({{1, {32, 32, 32}, 20}});
  auto skin = render::buildMaskSurface(*mask, 1, 2.0);
  ASSERT_GT(skin->GetNumberOfPoints(), 100);
  double b[6];
  skin->GetBounds(b);
  EXPECT_NEAR(b[1] - b[0], 40, 4);  // 2 mm sampling: within two voxels
  EXPECT_NEAR(0.5 * (b[4] + b[5]), 32, 2);
}
