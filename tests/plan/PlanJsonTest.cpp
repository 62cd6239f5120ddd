#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "trocar/core/PlanJson.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using nlohmann::json;

namespace {

// A plan with every field set to something other than its default.
core::Plan samplePlan() {
  core::Plan p;
  p.caseReference.studyInstanceUid = "1.2.3.4";
  p.caseReference.seriesInstanceUid = "1.2.3.4.5";
  p.caseReference.volumeChecksum = "fnv1a64:0123456789abcdef";
  p.caseReference.geometry.sizeVoxels = {100, 80, 60};
  p.caseReference.geometry.originMm = {-150, -120, -90};
  p.caseReference.geometry.spacingMm = {3, 3, 3};
  p.author = "Dr. Tester";
  p.createdUtc = "2026-11-24T10:00:00Z";
  p.modifiedUtc = "2026-11-24T10:05:00Z";
  p.notes = "osteoporotic fracture, \"quoted\" note";
  core::PlannedLevel l2{
      "L2",
      core::LevelStrategy::kBipedicular,
      {5.5, core::CementViscosity::kMedium, 1.5, core::StopCriterion::kPressureLimit, 6.5, 220}};
  core::PlannedLevel l4{"L4", core::LevelStrategy::kUnipedicular, {}};
  p.levels = {l2, l4};
  core::Needle n;
  n.id = "L2-left";
  n.level = "L2";
  n.approach = core::NeedleApproach::kTranspedicular;
  n.side = core::BodySide::kLeft;
  n.gauge = 13;
  n.lengthMm = 125;
  n.skinEntryMm = {40.25, 60.5, -10.125};
  n.boneEntryMm = {25.1, 20.2, -12.3};
  n.targetMm = {8.0 / 3.0, -20.1, -15.7};
  n.views = {{0.1, 7.3}, {90, -1.2}, {-12.345678901234, -5.5}, {-14, 6}};
  n.assessment.verdict = core::Verdict::kCaution;
  n.assessment.reasons = {"needle 0.8 mm from the medial pedicle wall"};
  n.assessment.metrics.transverseAngleDeg = 12.3;
  n.assessment.metrics.canalMarginMm = 3.14159;
  n.assessment.metrics.lungPathMm = 0.5;
  p.needles.push_back(n);
  n.id = "L4";
  n.level = "L4";
  n.side = core::BodySide::kRight;
  n.approach = core::NeedleApproach::kParapedicular;
  n.gauge = 10;
  p.needles.push_back(n);
  return p;
}

core::Result<core::Plan> loadText(const std::string& text) {
  const auto dir = testsupport::scratchDir("plan-json-text");
  std::ofstream(dir / "plan.json") << text;
  return core::loadPlan(dir / "plan.json");
}

// Every leaf and object of a JSON document, by JSON pointer.
void walk(const json& j, const std::string& pointer,
          const std::function<void(const std::string&, const json&)>& visit) {
  if (!pointer.empty()) visit(pointer, j);
  if (j.is_object())
    for (const auto& [key, value] : j.items()) walk(value, pointer + "/" + key, visit);
  if (j.is_array())
    for (size_t i = 0; i < j.size(); ++i) walk(j[i], pointer + "/" + std::to_string(i), visit);
}

}  // namespace

TEST(PlanJson, SaveAndLoadGiveTheSamePlanExactly) {
  const core::Plan p = samplePlan();
  const auto dir = testsupport::scratchDir("plan-json");
  ASSERT_TRUE(core::savePlan(p, dir / "plan.json").ok());
  auto back = core::loadPlan(dir / "plan.json");
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back.value(), p);  // doubles round-trip bit for bit
  // Saving the reloaded plan writes the same bytes.
  ASSERT_TRUE(core::savePlan(back.value(), dir / "again.json").ok());
  std::ifstream a(dir / "plan.json"), b(dir / "again.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}),
            std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST(PlanJson, SaveReplacesAtomicallyAndLeavesNoTemporaryFile) {
  const auto dir = testsupport::scratchDir("plan-json-atomic");
  core::Plan p = samplePlan();
  ASSERT_TRUE(core::savePlan(p, dir / "plan.json").ok());
  p.notes = "second version";
  ASSERT_TRUE(core::savePlan(p, dir / "plan.json").ok());
  EXPECT_EQ(core::loadPlan(dir / "plan.json")->notes, "second version");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(e.path().filename(), "plan.json");
  }
  EXPECT_EQ(files, 1);
  // A folder that does not exist: an error naming it, nothing written.
  auto bad = core::savePlan(p, dir / "missing" / "plan.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("missing"), std::string::npos) << bad.error().message();
}

TEST(PlanJson, AVersion0PlanLoadsWithDefaults) {
  // The draft format: "version": 0, no cement settings, no views, no assessment.
  const char* v0 = R"({
    "format": "trocar-plan", "version": 0,
    "case": {"studyInstanceUid": "1.2", "seriesInstanceUid": "1.2.3", "volumeChecksum": "fnv1a64:00000000000000ff",
             "geometry": {"sizeVoxels": [10, 10, 10], "originMm": [0, 0, 0], "spacingMm": [10, 10, 10],
                          "directionColumns": [1, 0, 0, 0, 1, 0, 0, 0, 1]}},
    "author": "a", "createdUtc": "2025-01-01T00:00:00Z", "modifiedUtc": "2025-01-01T00:00:00Z", "notes": "",
    "levels": [{"name": "L3", "strategy": "unipedicular"}],
    "needles": [{"id": "L3", "level": "L3", "approach": "transpedicular", "side": "right", "gauge": 11,
                 "lengthMm": 125, "skinEntryMm": [20, 90, 50], "boneEntryMm": [25, 60, 50], "targetMm": [50, 30, 48]}]
  })";
  auto p = loadText(v0);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->levels[0].cement, core::CementSettings{});
  EXPECT_EQ(p->levels[0].strategy, core::LevelStrategy::kUnipedicular);
  ASSERT_EQ(p->needles.size(), 1u);
  EXPECT_EQ(p->needles[0].side, core::BodySide::kRight);
  EXPECT_EQ(p->needles[0].assessment.verdict, core::Verdict::kCaution);
  EXPECT_EQ(p->needles[0].assessment.reasons, std::vector<std::string>{"not yet assessed"});
  // Saved again it is a file of the current version.
  EXPECT_EQ(core::planToJson(p.value())["schemaVersion"], core::Plan::kSchemaVersion);
}

TEST(PlanJson, TheCementRunRoundTripsWithStartPressureLimitAndEveryStopRule) {
  core::Plan p = samplePlan();
  const auto dir = testsupport::scratchDir("plan-json-cement");
  for (const auto stop : {core::StopCriterion::kPlannedVolume, core::StopCriterion::kPosteriorWall,
                          core::StopCriterion::kLeakage, core::StopCriterion::kEndplate,
                          core::StopCriterion::kPressureLimit}) {
    p.levels[1].cement.stopCriterion = stop;
    p.levels[1].cement.startMinAfterMixing = 7.25;
    p.levels[1].cement.pressureLimitKpa = 95.5;
    ASSERT_TRUE(core::savePlan(p, dir / "plan.json").ok());
    auto back = core::loadPlan(dir / "plan.json");
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(back.value(), p) << core::toString(stop);
    EXPECT_EQ(back->levels[1].cement.stopCriterion, stop);
    EXPECT_DOUBLE_EQ(back->levels[1].cement.startMinAfterMixing, 7.25);
    EXPECT_DOUBLE_EQ(back->levels[1].cement.pressureLimitKpa, 95.5);
  }
  // The stored settings are part of ==: a plan whose start differs is another plan.
  core::Plan other = p;
  other.levels[0].cement.startMinAfterMixing += 0.5;
  EXPECT_NE(other, p);
  other = p;
  other.levels[0].cement.pressureLimitKpa += 1;
  EXPECT_NE(other, p);
}

TEST(PlanJson, AVersion1PlanWithoutStartOrPressureLimitLoadsWithTheDefaults) {
  // Written before the cement run kept its start and pressure limit: a low and a medium level.
  const char* v1 = R"({
    "format": "trocar-plan", "schemaVersion": 1,
    "case": {"studyInstanceUid": "1.2", "seriesInstanceUid": "1.2.3", "volumeChecksum": "fnv1a64:00000000000000ff",
             "geometry": {"sizeVoxels": [10, 10, 10], "originMm": [0, 0, 0], "spacingMm": [10, 10, 10],
                          "directionColumns": [1, 0, 0, 0, 1, 0, 0, 0, 1]}},
    "author": "a", "createdUtc": "2025-01-01T00:00:00Z", "modifiedUtc": "2025-01-01T00:00:00Z", "notes": "",
    "levels": [{"name": "L3", "strategy": "unipedicular",
                "cement": {"volumeMl": 3.5, "viscosity": "low", "injectionRateMlPerMin": 2,
                           "stopCriterion": "leakage"}},
               {"name": "L4", "strategy": "bipedicular",
                "cement": {"volumeMl": 4, "viscosity": "medium", "injectionRateMlPerMin": 1,
                           "stopCriterion": "planned-volume"}}],
    "needles": []
  })";
  auto p = loadText(v1);
  ASSERT_TRUE(p.ok()) << p.error().message();
  ASSERT_EQ(p->levels.size(), 2u);
  const core::CementSettings& l3 = p->levels[0].cement;
  EXPECT_DOUBLE_EQ(l3.volumeMl, 3.5);
  EXPECT_EQ(l3.viscosity, core::CementViscosity::kLow);
  EXPECT_EQ(l3.stopCriterion, core::StopCriterion::kLeakage);
  // Each level starts at its class's dough time, as it was simulated before; the default limit.
  EXPECT_DOUBLE_EQ(l3.startMinAfterMixing, 5.0);
  EXPECT_DOUBLE_EQ(p->levels[1].cement.startMinAfterMixing, 4.0);
  EXPECT_DOUBLE_EQ(l3.pressureLimitKpa, core::CementSettings{}.pressureLimitKpa);
  EXPECT_DOUBLE_EQ(p->levels[1].cement.pressureLimitKpa, 150.0);
  // Saved again, the file is of the current version and holds both fields.
  const json again = core::planToJson(p.value());
  EXPECT_EQ(again["schemaVersion"], core::Plan::kSchemaVersion);
  EXPECT_EQ(again["levels"][0]["cement"]["startMinAfterMixing"], 5.0);
  EXPECT_EQ(again["levels"][0]["cement"]["pressureLimitKpa"], 150.0);
  // A current-version file must carry them: a missing one is named.
  json bad = again;
  bad["levels"][1]["cement"].erase("pressureLimitKpa");
  auto r = core::planFromJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/levels/1/cement/pressureLimitKpa") << r.error().message();
}

TEST(PlanJson, EveryMissingFieldIsNamedInTheError) {
  const json good = core::planToJson(samplePlan());
  int checked = 0;
  walk(good, "", [&](const std::string& pointer, const json&) {
    const size_t slash = pointer.rfind('/');
    const std::string parent = pointer.substr(0, slash), key = pointer.substr(slash + 1);
    const json::json_pointer parentPointer(parent.empty() ? "" : parent);
    if (!good.at(parentPointer).is_object()) return;  // array elements are not fields
    if (pointer == "/schemaVersion") return;          // tested with the versions
    json bad = good;
    bad.at(parentPointer).erase(key);
    auto r = core::planFromJson(bad);
    ASSERT_FALSE(r.ok()) << "loaded without " << pointer;
    EXPECT_EQ(r.error().where, pointer) << r.error().message();
    EXPECT_NE(r.error().reason.find("missing"), std::string::npos) << r.error().message();
    ++checked;
  });
  EXPECT_GT(checked, 60);
}

TEST(PlanJson, EveryWrongTypeIsNamedInTheError) {
  const json good = core::planToJson(samplePlan());
  int checked = 0;
  walk(good, "", [&](const std::string& pointer, const json& value) {
    // Swap the kind of value: strings become numbers, everything else a string.
    json bad = good;
    bad.at(json::json_pointer(pointer)) = value.is_string() ? json(42) : json("oops");
    if (pointer == "/notes" || pointer.find("/reasons/") != std::string::npos) {
      bad.at(json::json_pointer(pointer)) = json::array();
    }
    auto r = core::planFromJson(bad);
    ASSERT_FALSE(r.ok()) << "loaded with a wrong type at " << pointer;
    EXPECT_EQ(r.error().where.rfind(pointer, 0), 0u) << pointer << " -> " << r.error().message();
    ++checked;
  });
  EXPECT_GT(checked, 100);
}

TEST(PlanJson, BadValuesGiveClearErrors) {
  const json good = core::planToJson(samplePlan());
  struct Case {
    std::string pointer;
    json value;
    std::string expectWhere, expectReason;
  } cases[] = {
      {"/schemaVersion", 7, "/schemaVersion", "unknown schema version 7"},
      {"/schemaVersion", -1, "/schemaVersion", "unknown schema version -1"},
      {"/format", "something-else", "/format", "not a Trocar plan file"},
      {"/needles/0/gauge", 12, "/needles/0/gauge", "not one of 10, 11, 13, 15"},
      {"/needles/0/gauge", 11.5, "/needles/0/gauge", "expected an integer"},
      {"/needles/0/side", "middle", "/needles/0/side", "unknown value \"middle\""},
      {"/needles/0/level", "L5", "/needles/0/level", "not in /levels"},
      {"/needles/1/id", "L2-left", "/needles/1/id", "used twice"},
      {"/needles/0/targetMm", json::array({1000, 0, 0}), "/needles/0/targetMm",
       "outside the referenced volume"},
      {"/needles/0/skinEntryMm", json::array({0, 0, -500}), "/needles/0/skinEntryMm",
       "outside the referenced volume"},
      {"/needles/0/boneEntryMm", json::array({1, 2}), "/needles/0/boneEntryMm",
       "expected 3 numbers"},
      {"/needles/0/lengthMm", -5, "/needles/0/lengthMm", "outside 20..300"},
      {"/levels/1/name", "L2", "/levels/1/name", "listed twice"},
      {"/levels/0/cement/viscosity", "runny", "/levels/0/cement/viscosity", "unknown value"},
      {"/levels/0/cement/stopCriterion", "never", "/levels/0/cement/stopCriterion",
       "unknown value"},
      {"/levels/0/cement/pressureLimitKpa", 0, "/levels/0/cement/pressureLimitKpa",
       "outside 1..10000 kPa"},
      {"/levels/0/cement/startMinAfterMixing", -2, "/levels/0/cement/startMinAfterMixing",
       "outside 0..60 min"},
      {"/case/volumeChecksum", "md5:1234", "/case/volumeChecksum", "fnv1a64"},
      {"/case/geometry/spacingMm", json::array({0, 1, 1}), "/case/geometry/spacingMm", "positive"},
      {"/case/geometry/directionColumns", json::array({2, 0, 0, 0, 1, 0, 0, 0, 1}),
       "/case/geometry/directionColumns/0", "outside -1..1"},
      {"/needles/0/views/trueAp/cranialDeg", 95, "/needles/0/views/trueAp/cranialDeg",
       "outside -90..90"},
  };
  for (const Case& c : cases) {
    json bad = good;
    bad.at(json::json_pointer(c.pointer)) = c.value;
    auto r = core::planFromJson(bad);
    ASSERT_FALSE(r.ok()) << c.pointer;
    EXPECT_EQ(r.error().where, c.expectWhere) << r.error().message();
    EXPECT_NE(r.error().reason.find(c.expectReason), std::string::npos) << r.error().message();
  }
}

TEST(PlanJson, BrokenFilesGiveAnErrorNotACrash) {
  for (const std::string text :
       {"", "{", "[]", "42", "null", "{\"format\": \"trocar-plan\"}",
        "{\"format\": \"trocar-plan\", \"schemaVersion\": \"1\"}",
        "{\"format\": \"trocar-plan\", \"schemaVersion\": 1, \"case\": []}"}) {
    auto r = loadText(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_FALSE(r.error().reason.empty());
    std::printf("%-60s -> %s\n", text.c_str(), r.error().message().c_str());
  }
  EXPECT_FALSE(core::loadPlan("/nonexistent/plan.json").ok());
}

TEST(VolumeGeometry, ContainsFollowsAnObliqueGrid) {
  core::VolumeGeometry g;
  g.sizeVoxels = {10, 20, 30};
  g.spacingMm = {1, 2, 3};
  // Axes turned 90 degrees about z: i runs along +y, j along -x.
  g.directionColumns = {0, 1, 0, -1, 0, 0, 0, 0, 1};
  EXPECT_TRUE(g.contains({-19, 9, 87}));    // i = 9, j = 9.5, k = 29
  EXPECT_FALSE(g.contains({-19, 12, 87}));  // i = 12: beyond 9.5
  EXPECT_FALSE(g.contains({5, 5, 5}));      // j < -0.5
  EXPECT_TRUE(g.contains({-19, 10.5, 87}, 1.1));
}
