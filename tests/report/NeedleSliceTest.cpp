#include <gtest/gtest.h>

#include <cmath>

#include "trocar/report/NeedleSlice.h"

using namespace trocar;

namespace {

// 120 x 120 x 60 voxels of 1 mm, centred on the origin: air with a 15 mm ball of 1000 HU at
// (0, -20, 0), standing in for a vertebral body.
image::CtImage::Pointer ballPhantom() {
  auto ct = image::CtImage::New();
  image::CtImage::SizeType size{{120, 120, 60}};
  ct->SetRegions(image::CtImage::RegionType(size));
  const double origin[3] = {-59.5, -59.5, -29.5};
  ct->SetOrigin(origin);
  ct->Allocate();
  ct->FillBuffer(-1000);
  for (int k = 0; k < 60; ++k)
    for (int j = 0; j < 120; ++j)
      for (int i = 0; i < 120; ++i) {
        const double x = i - 59.5, y = j - 59.5, z = k - 29.5;
        if (std::hypot(x, y + 20, z) <= 15) ct->SetPixel({{i, j, k}}, 1000);
      }
  return ct;
}

core::Needle needle(core::Vec3 skin, core::Vec3 target) {
  core::Needle n;
  n.id = "L3-left";
  n.gauge = 11;  // 3.05 mm
  n.skinEntryMm = skin;
  n.targetMm = target;
  n.boneEntryMm = skin + (target - skin) * 0.7;
  return n;
}

struct Pixel {
  int r, g, b;
};
Pixel pixel(const report::KeyImage& img, int u, int v) {
  const size_t i = 3 * (size_t(v) * img.width + u);
  return {img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]};
}

// Where an in-plane LPS point lands for an axial needle slice (left on the right, posterior down),
// given the options' 150 mm field of view at 0.4 mm pixels (375 pixels) centred on the path.
std::pair<int, int> pixelOf(const core::Vec3& p, const core::Vec3& centre) {
  return {int(std::lround((p.x - centre.x) / 0.4 + 187)),
          int(std::lround((p.y - centre.y) / 0.4 + 187))};
}

}  // namespace

TEST(NeedleSlice, AxialNeedleShowsBoneAirAndTheNeedleWhereTheGeometrySays) {
  const auto ct = ballPhantom();
  const core::Needle n = needle({30, 40, 0}, {0, -20, 0});
  const report::KeyImage img = report::needleSliceImage(*ct, n);
  ASSERT_EQ(img.width, 375);
  ASSERT_EQ(img.height, 375);
  ASSERT_FALSE(img.empty());
  const core::Vec3 centre{15, 10, 0};

  // Inside the ball, 10 mm patient-right of the target and 9 mm from the needle: 1000 HU in a
  // 1800 HU window centred at 400 HU is grey (1000 + 500) / 1800 * 255 = 212.5.
  const auto [bu, bv] = pixelOf({-10, -20, 0}, centre);
  const Pixel bone = pixel(img, bu, bv);
  EXPECT_NEAR(bone.r, 212, 2);
  EXPECT_EQ(bone.r, bone.b);
  // Patient left of the ball: air is black.
  const auto [au, av] = pixelOf({40, -40, 0}, centre);
  EXPECT_EQ(pixel(img, au, av).r, 0);
  // The radiological orientation: the ball is on the left half (patient right) of x = 0... and
  // anterior (up): its centre row is above the image centre.
  EXPECT_LT(bv, 187);

  // Half-way along the path the needle is drawn yellow over the air.
  const auto [nu, nv] = pixelOf({15, 10, 0}, centre);
  const Pixel steel = pixel(img, nu, nv);
  EXPECT_GT(steel.r, 150);
  EXPECT_GT(steel.g, 120);
  EXPECT_LT(steel.b, 40);
  // 4 mm beside the path (the needle's radius is 1.5 mm) there is only air.
  const core::Vec3 side = core::Vec3{15, 10, 0} + core::normalized(core::Vec3{60, -30, 0}) * 4.0;
  const auto [su, sv] = pixelOf(side, centre);
  EXPECT_EQ(pixel(img, su, sv).b, 0);
  EXPECT_LT(pixel(img, su, sv).r, 10);
  EXPECT_NE(img.caption.find("tilted 0.0°"), std::string::npos) << img.caption;
  EXPECT_NE(img.caption.find("150 × 150 mm"), std::string::npos);
}

TEST(NeedleSlice, TiltedNeedleLiesInItsSliceFromSkinToTip) {
  const auto ct = ballPhantom();
  // 20 mm of craniocaudal travel over 72 mm: the slice tilts about 16° from the axial plane.
  const core::Needle n = needle({30, 40, 20}, {0, -20, 0});
  const report::KeyImage img = report::needleSliceImage(*ct, n);
  // Every point of the path, projected on the slice, lies on yellow pixels: the slice contains it.
  const core::Vec3 d = core::normalized(n.targetMm - n.skinEntryMm);
  const core::Vec3 normal = core::normalized(core::Vec3{0, 0, 1} - d * d.z);
  const core::Vec3 right = core::normalized(core::Vec3{1, 0, 0} - normal * normal.x);
  const core::Vec3 down = core::cross(normal, right);
  const core::Vec3 centre = (n.skinEntryMm + n.targetMm) * 0.5;
  int yellow = 0, samples = 0;
  for (double t = 0.05; t < 0.9;
       t += 0.05, ++samples) {  // short of the tip, where the target ring is red
    const core::Vec3 p = n.skinEntryMm + (n.targetMm - n.skinEntryMm) * t;
    const int u = int(std::lround(core::dot(p - centre, right) / 0.4 + 187));
    const int v = int(std::lround(core::dot(p - centre, down) / 0.4 + 187));
    const Pixel px = pixel(img, u, v);
    if (px.r > 150 && px.b < px.r / 2) ++yellow;
  }
  EXPECT_EQ(yellow, samples);
  const double tilt = std::asin(20 / core::norm(n.targetMm - n.skinEntryMm)) * 180 / M_PI;
  char expected[32];
  std::snprintf(expected, sizeof expected, "tilted %.1f°", tilt);
  EXPECT_NE(img.caption.find(expected), std::string::npos) << img.caption << " vs " << expected;
}
