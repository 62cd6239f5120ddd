// Properties of the analytic phantom itself: its landmarks agree with its shapes, and its
// dimensions follow the anatomy it claims.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "trocar/phantom/Labels.h"
#include "trocar/phantom/SpinePhantom.h"

using namespace trocar;
using namespace trocar::phantom;
using core::Vec3;

namespace {

const SpinePhantom& defaultPhantom() {
  static const SpinePhantom phantom{PhantomSpec{}};
  return phantom;
}

// Area of the pedicle cross-section through `centre` perpendicular to `axis`, measured by
// sampling the phantom on a 0.05 mm grid in that plane.
double pedicleSectionAreaMm2(const SpinePhantom& ph, const Vec3& centre, const Vec3& axis,
                             Part part) {
  const Vec3 up = core::normalized(cross(cross(axis, Vec3{0, 0, 1}), axis));
  const Vec3 side = cross(axis, up);
  constexpr double kStep = 0.05;
  int hits = 0;
  for (double u = -15; u <= 15; u += kStep)
    for (double v = -15; v <= 15; v += kStep)
      if (ph.sample(centre + side * u + up * v).part == part) ++hits;
  return hits * kStep * kStep;
}

}  // namespace

TEST(PhantomGeometry, DefaultSpecHasT10ToL5AndSacrumWithVerseLabels) {
  const auto& lm = defaultPhantom().landmarks();
  ASSERT_EQ(lm.size(), 9u);
  EXPECT_EQ(lm.front().label, level::kT10);
  EXPECT_EQ(lm.front().name, "T10");
  EXPECT_EQ(lm[3].label, level::kL1);
  EXPECT_EQ(lm[7].name, "L5");
  EXPECT_EQ(lm.back().label, level::kSacrum);
  EXPECT_FALSE(lm.back().hasPedicles);
  EXPECT_EQ(levelFromName("T12"), 19);
  EXPECT_EQ(levelFromName("L5"), 24);
  // Top to bottom: each body centre lies below the previous one.
  for (size_t i = 1; i < lm.size(); ++i)
    EXPECT_LT(lm[i].frame.originMm.z, lm[i - 1].frame.originMm.z);
  // Only thoracic levels carry ribs.
  for (const auto& l : lm) EXPECT_EQ(l.hasRibs, level::isThoracic(l.label)) << l.name;
}

TEST(PhantomGeometry, LordosisTiltsLumbarAxesByTheRequestedTotal) {
  const SpinePhantom ph{PhantomSpec{}};
  const auto* l1 = ph.landmarksOf(level::kL1);
  const auto* l5 = ph.landmarksOf(level::kL5);
  EXPECT_NEAR(core::angleDeg(l1->frame.si, l5->frame.si), 30.0, 1e-9);
  PhantomSpec straight;
  straight.lordosisDeg = 0;
  straight.sacrum = false;
  const SpinePhantom flat{straight};
  for (const auto& l : flat.landmarks())
    EXPECT_NEAR(core::angleDeg(l.frame.si, {0, 0, 1}), 0.0, 1e-9);
}

TEST(PhantomGeometry, BodyVolumeMatchesClosedFormForWaistedEllipticCylinder) {
  // V = pi a b h [(1-c)^2 + 2c(1-c)/3 + c^2/5] for radius scale 1 - c (1 - (2z/h)^2).
  const auto* l3 = defaultPhantom().landmarksOf(level::kL3);
  const double a = 23, b = 17.5, h = 26.5, c = 0.08;
  const double v =
      std::numbers::pi * a * b * h * ((1 - c) * (1 - c) + 2 * c * (1 - c) / 3 + c * c / 5);
  EXPECT_NEAR(l3->bodyVolumeMm3, v, v * 1e-3);
  EXPECT_NEAR(l3->bodyWidthMm, 46, 1e-9);
  EXPECT_NEAR(l3->posteriorHeightMm, 26.5, 1e-9);
  EXPECT_EQ(l3->genantGrade, 0);
}

TEST(PhantomGeometry, LandmarksLieInsideTheirParts) {
  const SpinePhantom& ph = defaultPhantom();
  for (const LevelLandmarks& l : ph.landmarks()) {
    SCOPED_TRACE(l.name);
    const PointSample centroid = ph.sample(l.bodyCentroidMm);
    EXPECT_EQ(centroid.level, l.label);
    EXPECT_EQ(centroid.part, Part::kBody);
    // Endplate centres sit on the body surface: 0.5 mm inside is body, 0.5 mm outside is not.
    EXPECT_EQ(ph.sample(l.superiorEndplateCentreMm - l.frame.si * 0.5).part, Part::kBody);
    EXPECT_EQ(ph.sample(l.inferiorEndplateCentreMm + l.frame.si * 0.5).part, Part::kBody);
    EXPECT_NE(ph.sample(l.inferiorEndplateCentreMm - l.frame.si * 0.5).part, Part::kBody);
    if (!l.hasPedicles) continue;
    EXPECT_EQ(ph.sample(l.leftPedicle.isthmusCentreMm).part, Part::kLeftPedicle);
    EXPECT_EQ(ph.sample(l.rightPedicle.isthmusCentreMm).part, Part::kRightPedicle);
    EXPECT_EQ(ph.sample(l.leftPedicle.isthmusCentreMm).level, l.label);
    // Left is +x in LPS.
    EXPECT_GT(l.leftPedicle.isthmusCentreMm.x, l.frame.originMm.x);
    EXPECT_LT(l.rightPedicle.isthmusCentreMm.x, l.frame.originMm.x);
    const Part canal = ph.sample(l.canalCentreMm).part;
    EXPECT_TRUE(canal == Part::kCanal || canal == Part::kCord);
    EXPECT_EQ(ph.sample(l.spinousTipMm - l.frame.ap * 1.0).part, Part::kPosteriorElements);
    // Discs between bodies (below every level but the sacrum).
    EXPECT_EQ(ph.sample(l.inferiorEndplateCentreMm - l.frame.si * 1.0).part, Part::kDisc);
  }
}

TEST(PhantomGeometry, PedicleIsthmusIsTheNarrowestSectionWithTheStatedSize) {
  const SpinePhantom& ph = defaultPhantom();
  for (int label : {level::kT11, level::kL1, level::kL4}) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    SCOPED_TRACE(l.name);
    const PedicleTruth& p = l.leftPedicle;
    const double area = pedicleSectionAreaMm2(ph, p.isthmusCentreMm, p.axis, Part::kLeftPedicle);
    const double expected = std::numbers::pi / 4 * p.isthmusWidthMm * p.isthmusHeightMm;
    EXPECT_NEAR(area, expected, 0.03 * expected);
    for (double t : {-3.0, 3.0}) {
      EXPECT_GT(
          pedicleSectionAreaMm2(ph, p.isthmusCentreMm + p.axis * t, p.axis, Part::kLeftPedicle),
          area * 1.01);
    }
  }
}

TEST(PhantomGeometry, PedicleMedialAngleGrowsDownTheLumbarSpineAndAxisPointsAnteromedially) {
  const SpinePhantom& ph = defaultPhantom();
  double previous = 0;
  for (int label = level::kL1; label <= level::kL5; ++label) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    EXPECT_GT(l.leftPedicle.medialAngleDeg, previous) << l.name;
    previous = l.leftPedicle.medialAngleDeg;
    // Angle between the axis and the sagittal plane, measured in the level's axial plane.
    const Vec3 a = l.leftPedicle.axis;
    const double lr = dot(a, l.frame.lr), ap = dot(a, l.frame.ap);
    EXPECT_NEAR(std::atan2(-lr, -ap) * 180 / std::numbers::pi, l.leftPedicle.medialAngleDeg, 1e-9);
    const double rlr = dot(l.rightPedicle.axis, l.frame.lr);
    EXPECT_GT(rlr, 0);  // the right pedicle's axis heads to patient left, towards the midline
  }
  EXPECT_GE(ph.landmarksOf(level::kL5)->leftPedicle.medialAngleDeg, 25);
  EXPECT_LE(ph.landmarksOf(level::kL1)->leftPedicle.medialAngleDeg, 15);
}

TEST(PhantomGeometry, TranspedicularPathRunsInBoneFromEntryToAnteriorCortex) {
  const SpinePhantom& ph = defaultPhantom();
  for (const LevelLandmarks& l : ph.landmarks()) {
    if (!l.hasPedicles) continue;
    SCOPED_TRACE(l.name);
    for (const PedicleTruth* p : {&l.leftPedicle, &l.rightPedicle}) {
      const double length = distance(p->entryPointMm, p->anteriorCortexPointMm);
      EXPECT_GT(length, 30.0);
      EXPECT_LT(length, 80.0);
      for (double f = 0.01; f < 1.0; f += 0.01) {
        const PointSample s =
            ph.sample(p->entryPointMm + (p->anteriorCortexPointMm - p->entryPointMm) * f);
        EXPECT_EQ(s.level, l.label) << "fraction " << f;
      }
      // Behind the entry point the needle is in soft tissue for at least 3 mm.
      for (double d = 0.05; d < 3.0; d += 0.05)
        EXPECT_NE(ph.sample(p->entryPointMm - p->axis * d).level, l.label) << d;
      EXPECT_EQ(ph.sample(p->anteriorCortexPointMm - p->axis * 0.5).part, Part::kBody);
    }
  }
}

TEST(PhantomGeometry, PedicleMedialWallBordersTheCanal) {
  // Going straight medially from the isthmus centre, bone ends at the pedicle's half-width (seen
  // obliquely), and within the 1.5 mm epidural gap the canal begins: a needle that strays
  // medially breaches into the canal. The isthmus is pedicle alone, no arch bone beside it.
  const SpinePhantom& ph = defaultPhantom();
  for (int label = level::kT10; label <= level::kL5; ++label) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    SCOPED_TRACE(l.name);
    for (int side = 0; side < 2; ++side) {
      const PedicleTruth& p = side == 0 ? l.leftPedicle : l.rightPedicle;
      const Vec3 medial = side == 0 ? -l.frame.lr : l.frame.lr;
      double s = 0;
      while (ph.sample(p.isthmusCentreMm + medial * (s + 0.05)).level == l.label && s < 30)
        s += 0.05;
      const double halfSeenObliquely =
          p.isthmusWidthMm / 2 / std::cos(p.medialAngleDeg * std::numbers::pi / 180);
      EXPECT_GE(s, p.isthmusWidthMm / 2 - 0.05);
      EXPECT_LT(s, halfSeenObliquely * 1.15 + 0.05);
      EXPECT_EQ(ph.sample(p.isthmusCentreMm + medial * (s + 0.5)).part, Part::kSoftTissue);
      const Part beyond = ph.sample(p.isthmusCentreMm + medial * (s + 2.0)).part;
      EXPECT_TRUE(beyond == Part::kCanal || beyond == Part::kCord) << partName(beyond);
    }
  }
}

TEST(PhantomGeometry, CanalIsFreeOfBoneAtEveryLevel) {
  // Points inside the canal, from its centre out to 95 % of its radii and over +-5 mm around the
  // pedicle level: canal or cord, never bone. (Bone wins where shapes overlap, so an intruding
  // process would show here.)
  const SpinePhantom& ph = defaultPhantom();
  for (int label = level::kT10; label <= level::kL5; ++label) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    SCOPED_TRACE(l.name);
    int bone = 0;
    for (double z = -5; z <= 5; z += 1)
      for (double r = 0; r <= 0.95; r += 0.05)
        for (double a = 0; a < 360; a += 10) {
          const double rad = a * std::numbers::pi / 180;
          const Vec3 local{r * l.canalWidthMm / 2 * std::cos(rad),
                           r * l.canalDepthMm / 2 * std::sin(rad), z};
          const Vec3 p =
              l.canalCentreMm + l.frame.lr * local.x + l.frame.ap * local.y + l.frame.si * local.z;
          const Part part = ph.sample(p).part;
          if (part != Part::kCanal && part != Part::kCord) {
            ++bone;
            if (bone < 4)
              ADD_FAILURE() << partName(part) << " at " << local.x << " " << local.y << " "
                            << local.z;
          }
        }
    EXPECT_EQ(bone, 0);
  }
}

TEST(PhantomGeometry, WedgeFractureLowersTheAnteriorHeightAndIsGraded) {
  PhantomSpec spec;
  spec.fractures.push_back({level::kL1, 0.35});
  const SpinePhantom ph{spec};
  const LevelLandmarks& l1 = *ph.landmarksOf(level::kL1);
  EXPECT_NEAR(l1.posteriorHeightMm, 25.0, 1e-9);
  EXPECT_NEAR(l1.anteriorHeightMm, 25.0 * 0.65, 1e-9);
  EXPECT_NEAR(l1.middleHeightMm, 25.0 * (1 - 0.175), 1e-9);
  EXPECT_EQ(l1.genantGrade, 2);
  EXPECT_EQ(ph.landmarksOf(level::kL2)->genantGrade, 0);
  // Measured on the phantom: along the body axis 2 mm behind the anterior wall, bone spans
  // the reduced height (within the 0.1 mm sampling step and the wedge's slope over 2 mm).
  const Vec3 base = l1.frame.toWorld({0, -l1.bodyDepthMm / 2 + 2, 0});
  double top = 0, bottom = 0;
  for (double z = 0; ph.sample(base + l1.frame.si * z).part == Part::kBody; z += 0.1) top = z;
  for (double z = 0; ph.sample(base + l1.frame.si * z).part == Part::kBody; z -= 0.1) bottom = z;
  const double expected = 25.0 - 0.35 * 25.0 * (l1.bodyDepthMm - 2) / l1.bodyDepthMm;
  EXPECT_NEAR(top - bottom, expected, 0.25);
  // Genant grades at the boundaries.
  for (auto [fraction, grade] : {std::pair{0.1, 0}, {0.22, 1}, {0.3, 2}, {0.5, 3}}) {
    PhantomSpec s;
    s.fractures.push_back({level::kL2, fraction});
    EXPECT_EQ(SpinePhantom{s}.landmarksOf(level::kL2)->genantGrade, grade) << fraction;
  }
}

TEST(PhantomGeometry, LyticLesionReplacesBoneAndFlagsAPosteriorWallBreach) {
  PhantomSpec spec;
  spec.lesions.push_back({level::kL2, {0, 0, 0}, 7});
  spec.lesions.push_back({level::kL4, {0, 12, 0}, 8});
  const SpinePhantom ph{spec};
  const LevelLandmarks& l2 = *ph.landmarksOf(level::kL2);
  const LevelLandmarks& l4 = *ph.landmarksOf(level::kL4);
  ASSERT_TRUE(l2.lesion && l4.lesion);
  EXPECT_FALSE(l2.lesion->breachesPosteriorWall);
  EXPECT_TRUE(l4.lesion->breachesPosteriorWall);
  const PointSample centre = ph.sample(l2.lesion->centreMm);
  EXPECT_EQ(centre.part, Part::kLesion);
  EXPECT_EQ(centre.level, level::kL2);
  EXPECT_DOUBLE_EQ(centre.hu, spec.hu.lesion);
  // Along the AP line through the L4 lesion, everything from its centre to the posterior wall is
  // lesion: no cortex is left (the wall sits at 92 % of the half-depth at mid-height, the waist).
  const double wallY = l4.bodyDepthMm / 2 * 0.92;
  for (double y = 12; y < wallY - 0.05; y += 0.1)
    EXPECT_EQ(ph.sample(l4.frame.toWorld({0, y, 0})).part, Part::kLesion) << y;
  EXPECT_EQ(ph.sample(l4.frame.toWorld({0, wallY + 0.2, 0})).level, 0);
  // The contained L2 lesion leaves the shell intact.
  EXPECT_DOUBLE_EQ(ph.sample(l2.frame.toWorld({0, l2.bodyDepthMm / 2 * 0.92 - 0.5, 0})).hu,
                   spec.hu.cortical);
}

TEST(PhantomGeometry, ScrewIsMetalAlongThePedicleAxis) {
  PhantomSpec spec;
  spec.screws.push_back({level::kL3, true, 6.0, 45, 10});
  const SpinePhantom ph{spec};
  const LevelLandmarks& l3 = *ph.landmarksOf(level::kL3);
  for (double t : {-5.0, -2.0, 2.0, 5.0, 10.0, 20.0, 30.0, 40.0}) {
    const PointSample s = ph.sample(l3.leftPedicle.entryPointMm + l3.leftPedicle.axis * t);
    EXPECT_EQ(s.part, Part::kScrew) << t;
    EXPECT_DOUBLE_EQ(s.hu, spec.hu.metal);
    EXPECT_EQ(s.level, t > 0 ? level::kL3 : 0) << t;  // the protruding head is not bone
  }
  EXPECT_EQ(ph.sample(l3.rightPedicle.isthmusCentreMm).part, Part::kRightPedicle);
  // The landmarks describe the intact anatomy, screw or not.
  const SpinePhantom plain{PhantomSpec{}};
  EXPECT_LT(distance(plain.landmarksOf(level::kL3)->leftPedicle.entryPointMm,
                     l3.leftPedicle.entryPointMm),
            1e-9);
}

TEST(PhantomGeometry, RibsBesideThoracicTransverseProcessesOnly) {
  const SpinePhantom& ph = defaultPhantom();
  // Search a ring of points lateral to each level's pedicles for rib.
  auto ribNear = [&](const LevelLandmarks& l) {
    for (double x = 30; x <= 60; x += 1)
      for (double y = 0; y <= 50; y += 1)
        for (double z = -12; z <= 12; z += 1)
          if (ph.sample(l.frame.toWorld({x, y, z})).part == Part::kRib) return true;
    return false;
  };
  EXPECT_TRUE(ribNear(*ph.landmarksOf(level::kT12)));
  EXPECT_TRUE(ribNear(*ph.landmarksOf(level::kT10)));
  EXPECT_FALSE(ribNear(*ph.landmarksOf(level::kL1)));
  EXPECT_FALSE(ribNear(*ph.landmarksOf(level::kL2)));
}

TEST(PhantomGeometry, LastRibLevelIsConfigurableForRibCountVariants) {
  auto ribNear = [](const SpinePhantom& ph, int label) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    for (double x = 30; x <= 60; x += 1)
      for (double y = 0; y <= 50; y += 1)
        for (double z = -12; z <= 12; z += 1)
          if (ph.sample(l.frame.toWorld({x, y, z})).part == Part::kRib) return true;
    return false;
  };
  PhantomSpec eleven;
  eleven.lastRibLevel = level::kT11;
  const SpinePhantom a{eleven};
  EXPECT_TRUE(ribNear(a, level::kT11));
  EXPECT_FALSE(ribNear(a, level::kT12));
  EXPECT_FALSE(a.landmarksOf(level::kT12)->hasRibs);
  EXPECT_TRUE(a.landmarksOf(level::kT11)->hasRibs);
  PhantomSpec lumbarRib;
  lumbarRib.lastRibLevel = level::kL1;
  const SpinePhantom b{lumbarRib};
  EXPECT_TRUE(ribNear(b, level::kL1));
  EXPECT_TRUE(b.landmarksOf(level::kL1)->hasRibs);
  EXPECT_FALSE(ribNear(b, level::kL2));
  // A purely lumbar phantom with a lumbar rib still builds (no lungs: no thoracic level).
  lumbarRib.firstLevel = level::kL1;
  const SpinePhantom c{lumbarRib};
  EXPECT_TRUE(ribNear(c, level::kL1));
}

TEST(PhantomGeometry, LungsBesideThoracicLevelsAboveTheDiaphragmOnly) {
  const SpinePhantom& ph = defaultPhantom();
  auto lungBeside = [&](int label) {
    const LevelLandmarks& l = *ph.landmarksOf(label);
    int count = 0;
    for (double x = -120; x <= 120; x += 4)
      for (double y = -80; y <= 40; y += 4) {
        const PointSample s = ph.sample(l.frame.originMm + Vec3{x, y, 0});
        if (s.part == Part::kLung) {
          ++count;
          EXPECT_DOUBLE_EQ(s.hu, -850);
        }
      }
    return count;
  };
  EXPECT_GT(lungBeside(level::kT10), 100);
  EXPECT_EQ(lungBeside(level::kL2), 0);
  PhantomSpec noLungs;
  noLungs.lungs = false;
  const SpinePhantom dry{noLungs};
  EXPECT_EQ(dry.sample(ph.landmarksOf(level::kT10)->frame.originMm + Vec3{90, -20, 20}).part,
            Part::kSoftTissue);
  EXPECT_EQ(ph.sample(ph.landmarksOf(level::kT10)->frame.originMm + Vec3{90, -20, 20}).part,
            Part::kLung);
}

TEST(PhantomGeometry, TissueValuesFollowTheSpec) {
  PhantomSpec spec;
  spec.hu.cancellous = 60;  // osteoporotic
  const SpinePhantom ph{spec};
  const LevelLandmarks& l3 = *ph.landmarksOf(level::kL3);
  EXPECT_DOUBLE_EQ(ph.sample(l3.bodyCentroidMm).hu, 60);
  // Cortical shell: 0.5 mm inside the anterior wall at mid-height (waist radius 0.92 b).
  EXPECT_DOUBLE_EQ(ph.sample(l3.frame.toWorld({0, -l3.bodyDepthMm / 2 * 0.92 + 0.5, 0})).hu,
                   spec.hu.cortical);
  EXPECT_DOUBLE_EQ(ph.sample(l3.frame.toWorld({0, -l3.bodyDepthMm / 2 * 0.92 + 1.5, 0})).hu, 60);
  EXPECT_DOUBLE_EQ(ph.sample(l3.inferiorEndplateCentreMm - l3.frame.si * 4).hu, spec.hu.disc);
  EXPECT_DOUBLE_EQ(ph.sample({0, 400, 0}).hu, -1000);
  EXPECT_DOUBLE_EQ(ph.sample(l3.frame.originMm + Vec3{0, -60, 0}).hu, spec.hu.muscle);
  // Subcutaneous fat just inside the anterior skin.
  const PointSample skin =
      ph.sample({spec.centreMm.x, spec.centreMm.y - 15 - 125 + 5, l3.frame.originMm.z});
  EXPECT_DOUBLE_EQ(skin.hu, spec.hu.fat);
}
