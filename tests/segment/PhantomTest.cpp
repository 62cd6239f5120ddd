#include <gtest/gtest.h>

#include <cstdio>
#include <map>


#include "SegmentEval.h"
#include "trocar/phantom/Rasterize.h"
#include "trocar/phantom/SpinePhantom.h"
#include "trocar/segment/Levels.h"
#include "trocar/segment/SegmentSpine.h"

using namespace trocar;

namespace {

struct Case {
  double spacingMm;
  double rollDeg;  // rotation of the grid about the patient's long axis (a second orientation)
};

struct Outcome {
  segment::SpineAnatomy anatomy;
  phantom::PhantomImages truth;
  phantom::SpinePhantom phantom;
};

Outcome run(const phantom::PhantomSpec& spec, const Case& c) {
  phantom::SpinePhantom ph(spec);
  phantom::Grid grid = phantom::gridAroundSpine(ph, {c.spacingMm, c.spacingMm, c.spacingMm});
  if (c.rollDeg != 0) grid = grid.rotatedAboutCentre(phantom::rotationAbout({0, 0, 1}, c.rollDeg));
  auto images = phantom::rasterize(ph, grid);
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  if (!result) throw std::runtime_error(result.error().message());
  return {std::move(result).value(), images, ph};
}

std::map<int, int> identityLevels(const phantom::SpinePhantom& ph) {
  std::map<int, int> m;
  for (const auto& l : ph.landmarks()) m[l.label] = l.label;
  return m;
}

void checkPhantom(const Case& c, double isthmusToleranceMm) {
  const Outcome o = run(phantom::PhantomSpec{}, c);
  const auto dice = segment::test::dicePerLevel(*o.anatomy.levels, *o.truth.levels, identityLevels(o.phantom));
  std::printf("confidence %.2f: %s\n", o.anatomy.levelConfidence, o.anatomy.levelReasoning.c_str());
  {
    // Parts confusion (truth rows, ours columns), for the report.
    long conf[13][6] = {};
    const uint8_t* t = o.truth.parts->GetBufferPointer();
    const uint8_t* u = o.anatomy.parts->GetBufferPointer();
    const size_t n = o.truth.parts->GetLargestPossibleRegion().GetNumberOfPixels();
    for (size_t i = 0; i < n; ++i)
      if (t[i] < 13 && u[i] < 6) ++conf[t[i]][u[i]];
    for (int r = 1; r <= 6; ++r)
      std::printf("truth part %d: %ld %ld %ld %ld %ld %ld\n", r, conf[r][0], conf[r][1], conf[r][2], conf[r][3],
                  conf[r][4], conf[r][5]);
  }
  {
    // Where each level's errors lie: our extra voxels by their true part, missed voxels by our label.
    const uint8_t* tl = o.truth.levels->GetBufferPointer();
    const uint8_t* tp = o.truth.parts->GetBufferPointer();
    const uint8_t* ul = o.anatomy.levels->GetBufferPointer();
    const size_t n = o.truth.levels->GetLargestPossibleRegion().GetNumberOfPixels();
    std::map<int, std::map<int, long>> extra, missed;
    for (size_t i = 0; i < n; ++i) {
      if (ul[i] && ul[i] != tl[i]) ++extra[ul[i]][tl[i] ? 100 + tl[i] : tp[i]];
      if (tl[i] && ul[i] != tl[i]) ++missed[tl[i]][ul[i]];
    }
    for (const auto& [level, m] : extra) {
      std::printf("level %d extra:", level);
      for (const auto& [k, num] : m) std::printf(" %s%d=%ld", k >= 100 ? "L" : "part", k >= 100 ? k - 100 : k, num);
      std::printf("  missed:");
      for (const auto& [k, num] : missed[level]) std::printf(" as%d=%ld", k, num);
      std::printf("\n");
    }
  }
  for (const auto& truth : o.phantom.landmarks()) {
    const double d = dice.at(truth.label);
    std::printf("%s Dice %.3f\n", truth.name.c_str(), d);
    EXPECT_GE(d, 0.95) << truth.name << " at " << c.spacingMm << " mm";
    if (!truth.hasPedicles) continue;
    const auto* v = o.anatomy.find(truth.label);
    if (v) {
      std::printf("  %s heights a/m/p %.1f %.1f %.1f (truth %.1f %.1f %.1f)\n", truth.name.c_str(), v->anteriorHeightMm,
                  v->middleHeightMm, v->posteriorHeightMm, truth.anteriorHeightMm, truth.middleHeightMm,
                  truth.posteriorHeightMm);
      EXPECT_NEAR(v->anteriorHeightMm, truth.anteriorHeightMm, 2.0) << truth.name;
      EXPECT_NEAR(v->middleHeightMm, truth.middleHeightMm, 2.0) << truth.name;
      EXPECT_NEAR(v->posteriorHeightMm, truth.posteriorHeightMm, 2.0) << truth.name;
      EXPECT_EQ(v->genantGrade, 0) << truth.name;
    }
    ASSERT_NE(v, nullptr) << truth.name << " not found";
    {
      const core::Vec3 dc = truth.frame.toLocal(v->canalCentreMm) - truth.frame.toLocal(truth.canalCentreMm);
      std::printf("  canal centre offset lr %.1f ap %.1f si %.1f\n", dc.x, dc.y, dc.z);
    }
    for (const auto& [found, expected, side] :
         {std::tuple{v->leftPedicle, truth.leftPedicle, "left"}, std::tuple{v->rightPedicle, truth.rightPedicle, "right"}}) {
      ASSERT_TRUE(found.found) << truth.name << " " << side;
      const double err = core::distance(found.isthmusCentreMm, expected.isthmusCentreMm);
      const core::Vec3 delta = truth.frame.toLocal(found.isthmusCentreMm) - truth.frame.toLocal(expected.isthmusCentreMm);
      std::printf("  %s %s isthmus error %.2f mm (lr %.1f ap %.1f si %.1f), width %.1f/%.1f height %.1f/%.1f\n",
                  truth.name.c_str(), side, err, delta.x, delta.y, delta.z, found.isthmusWidthMm, expected.isthmusWidthMm,
                  found.isthmusHeightMm, expected.isthmusHeightMm);
      EXPECT_LE(err, isthmusToleranceMm) << truth.name << " " << side << " isthmus centre";
    }
  }
}

}  // namespace

// Levels exact, Dice >= 0.95, heights within 2 mm and pedicle isthmus centres within 1.5 mm (the
// issue's bar) at every level, at 0.7 and 1.5 mm and on a grid rolled by 25 deg.
TEST(Phantom, LevelsAndPediclesAt15mm) { checkPhantom({1.5, 0}, 1.5); }
TEST(Phantom, LevelsAndPediclesAt15mmRolled) { checkPhantom({1.5, 25}, 1.5); }
TEST(Phantom, LevelsAndPediclesAt07mm) { checkPhantom({0.7, 0}, 1.5); }
TEST(Phantom, LevelsAndPediclesAt07mmRolled) { checkPhantom({0.7, 25}, 1.5); }

TEST(Phantom, GradesAWedgeFractureAndFlagsALyticLesion) {
  phantom::PhantomSpec spec;
  spec.fractures.push_back({22, 0.35});         // L3, Genant grade 2
  spec.lesions.push_back({21, {0, 0, 0}, 8});   // L2, a central lytic lesion
  const Outcome o = run(spec, {1.5, 0});
  const auto* l3 = o.anatomy.find(22);
  const auto* l2 = o.anatomy.find(21);
  ASSERT_NE(l3, nullptr);
  ASSERT_NE(l2, nullptr);
  const auto* truth = o.phantom.landmarksOf(22);
  std::printf("L3 heights %.1f %.1f %.1f (truth %.1f %.1f %.1f) grade %d (truth %d); L2 low-density regions %zu\n",
              l3->anteriorHeightMm, l3->middleHeightMm, l3->posteriorHeightMm, truth->anteriorHeightMm,
              truth->middleHeightMm, truth->posteriorHeightMm, l3->genantGrade, truth->genantGrade,
              l2->lowDensityRegions.size());
  EXPECT_GE(l3->genantGrade, 2);
  EXPECT_FALSE(l2->lowDensityRegions.empty());
  const auto* l4 = o.anatomy.find(23);
  ASSERT_NE(l4, nullptr);
  EXPECT_TRUE(l4->lowDensityRegions.empty());
}

// Degenerate input must give a clear report, not a crash or a confident wrong answer.
TEST(PhantomDegenerate, NoSpineInTheFieldIsAnErrorThatSaysSo) {
  const phantom::SpinePhantom ph{phantom::PhantomSpec{}};
  // A field well in front of the spine: abdomen only.
  const core::Vec3 centre = (ph.spineMinMm() + ph.spineMaxMm()) * 0.5 + core::Vec3{0, -120, 0};
  const auto grid = phantom::Grid::axial({120, 80, 60}, {1.5, 1.5, 1.5}, centre);
  const auto images = phantom::rasterize(ph, grid);
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find("no spine"), std::string::npos) << result.error().message();
}

TEST(PhantomDegenerate, VertebraeCutByTheFieldAreMarkedPartial) {
  const phantom::SpinePhantom ph{phantom::PhantomSpec{}};
  // Top of the field through the middle of L1's body.
  const auto* l1 = ph.landmarksOf(20);
  ASSERT_NE(l1, nullptr);
  const double topZ = l1->bodyCentroidMm.z, bottomZ = ph.spineMinMm().z - 10;
  const core::Vec3 centre{0.5 * (ph.spineMinMm().x + ph.spineMaxMm().x), 0.5 * (ph.spineMinMm().y + ph.spineMaxMm().y),
                          0.5 * (topZ + bottomZ)};
  const int slices = int((topZ - bottomZ) / 1.5);
  const auto grid = phantom::Grid::axial({200, 160, slices}, {1.5, 1.5, 1.5}, centre);
  const auto images = phantom::rasterize(ph, grid);
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const auto* top = &result->vertebrae.front();
  std::printf("top vertebra %s partial %d; confidence %.2f: %s\n", top->name.c_str(), top->partial,
              result->levelConfidence, result->levelReasoning.c_str());
  EXPECT_EQ(top->label, 20);
  EXPECT_TRUE(top->partial);
  for (size_t i = 1; i < result->vertebrae.size(); ++i) EXPECT_FALSE(result->vertebrae[i].partial);
  EXPECT_FALSE(result->warnings.empty());
}

// A rib cut by the bottom of the field counts (it shows as bone reaching further out slice by slice
// towards the edge), but a lumbar vertebra cut through its transverse processes must not pass for
// a rib-bearing one: the numbering would move by three levels.
TEST(PhantomDegenerate, TransverseProcessesCutByTheFieldAreNotRibs) {
  const phantom::SpinePhantom ph{phantom::PhantomSpec{}};
  const auto* l3 = ph.landmarksOf(22);
  ASSERT_NE(l3, nullptr);
  for (const double belowIsthmusMm : {0.0, 4.0}) {
    const double bottomZ = l3->leftPedicle.isthmusCentreMm.z - belowIsthmusMm, topZ = ph.spineMaxMm().z + 10;
    const core::Vec3 centre{0.5 * (ph.spineMinMm().x + ph.spineMaxMm().x),
                            0.5 * (ph.spineMinMm().y + ph.spineMaxMm().y), 0.5 * (topZ + bottomZ)};
    const auto grid = phantom::Grid::axial({200, 160, int((topZ - bottomZ) / 1.5)}, {1.5, 1.5, 1.5}, centre);
    const auto images = phantom::rasterize(ph, grid);
    auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
    ASSERT_TRUE(result.ok()) << result.error().message();
    std::printf("cut %.0f mm below L3's isthmus; confidence %.2f: %s\n", belowIsthmusMm, result->levelConfidence,
                result->levelReasoning.c_str());
    const auto* cut = result->find(22);
    ASSERT_NE(cut, nullptr) << belowIsthmusMm;
    EXPECT_TRUE(cut->partial);
    EXPECT_FALSE(cut->hasRibs);
    const auto* t12 = result->find(19);
    ASSERT_NE(t12, nullptr);
    EXPECT_TRUE(t12->hasRibs);
    const auto dice = segment::test::dicePerLevel(*result->levels, *images.levels, identityLevels(ph));
    for (int level = 19; level <= 21; ++level) EXPECT_GE(dice.at(level), 0.95) << segment::levelName(level);
  }
}

TEST(PhantomDegenerate, PedicleScrewsAreReportedAsMetal) {
  phantom::PhantomSpec spec;
  spec.screws.push_back({23, true});
  spec.screws.push_back({23, false});
  const phantom::SpinePhantom ph(spec);
  const auto images = phantom::rasterize(ph, phantom::gridAroundSpine(ph, {1.5, 1.5, 1.5}));
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const auto* l4 = result->find(23);
  ASSERT_NE(l4, nullptr);
  EXPECT_TRUE(l4->metal);
  const auto* l2 = result->find(21);
  ASSERT_NE(l2, nullptr);
  EXPECT_FALSE(l2->metal);
  bool warned = false;
  for (const auto& w : result->warnings) warned |= w.find("L4") == 0 && w.find("metal") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(PhantomDegenerate, VeryLowBoneDensityIsReported) {
  phantom::PhantomSpec spec;
  spec.hu.cancellous = 60;  // severe osteoporosis
  const phantom::SpinePhantom ph(spec);
  // With marrow this thin the 1 mm cortex alone holds the body together: sample it with partial
  // volume, as a scanner does, or point sampling at 1.5 mm leaves holes in it.
  phantom::RasterOptions options;
  options.boundarySubsamples = 2;
  const auto images = phantom::rasterize(ph, phantom::gridAroundSpine(ph, {1.5, 1.5, 1.5}), options);
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  ASSERT_TRUE(result.ok()) << result.error().message();
  std::printf("confidence %.2f: %s\n", result->levelConfidence, result->levelReasoning.c_str());
  const auto dice = segment::test::dicePerLevel(*result->levels, *images.levels, identityLevels(ph));
  int lowDensity = 0;
  for (const auto& v : result->vertebrae) {
    if (v.label == segment::verse::kSacrum) continue;
    std::printf("%s core %.0f HU Dice %.3f\n", v.name.c_str(), v.cancellousMeanHu, dice.count(v.label) ? dice.at(v.label) : 0.0);
    EXPECT_LT(v.cancellousMeanHu, 100) << v.name;
    for (const auto& w : v.warnings) lowDensity += w.find("low bone density") != std::string::npos;
  }
  EXPECT_GE(lowDensity, 5);
  // Still segmented and named, held to the real-case bar (0.85) rather than the phantom's 0.95:
  // the marrow is as thin as soft tissue and only the cortex outlines the body.
  for (int level = 20; level <= 24; ++level) EXPECT_GE(dice.at(level), 0.85) << segment::levelName(level);
}

TEST(PhantomDegenerate, ACollapsedVertebraIsGradedSevereAndWarned) {
  phantom::PhantomSpec spec;
  spec.fractures.push_back({20, 0.55});  // L1 lost more than half its anterior height
  const phantom::SpinePhantom ph(spec);
  const auto images = phantom::rasterize(ph, phantom::gridAroundSpine(ph, {1.5, 1.5, 1.5}));
  auto result = segment::segmentSpine(phantom::toCtVolume(images, ph));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const auto* l1 = result->find(20);
  ASSERT_NE(l1, nullptr);
  std::printf("L1 heights %.1f %.1f %.1f loss %.2f grade %d\n", l1->anteriorHeightMm, l1->middleHeightMm,
              l1->posteriorHeightMm, l1->heightLossFraction, l1->genantGrade);
  EXPECT_EQ(l1->genantGrade, 3);
  bool warned = false;
  for (const auto& w : l1->warnings) warned |= w.find("collapsed") != std::string::npos;
  EXPECT_TRUE(warned);
  // The neighbours keep their numbers and stay normal.
  for (int level : {19, 21}) {
    const auto* v = result->find(level);
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->genantGrade, 0) << v->name;
  }
}
