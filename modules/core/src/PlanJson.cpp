#include "trocar/core/PlanJson.h"

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "trocar/core/AtomicFile.h"
#include "trocar/core/NeedleGauges.h"

namespace trocar::core {

namespace {

using nlohmann::json;

constexpr const char* kFormat = "trocar-plan";
// A point may sit this far outside the voxels (a skin entry on the last voxel row).
constexpr double kOutsideToleranceMm = 2.0;

// ---- writing --------------------------------------------------------------------------------

json vec(const Vec3& v) { return json::array({v.x, v.y, v.z}); }
json angles(const CArmAngles& a) { return {{"laoDeg", a.laoDeg}, {"cranialDeg", a.cranialDeg}}; }

json metricsJson(const NeedleMetrics& m) {
  return {{"transverseAngleDeg", m.transverseAngleDeg},
          {"sagittalAngleDeg", m.sagittalAngleDeg},
          {"transversePatientDeg", m.transversePatientDeg},
          {"sagittalPatientDeg", m.sagittalPatientDeg},
          {"skinToTargetMm", m.skinToTargetMm},
          {"boneToTargetMm", m.boneToTargetMm},
          {"canalMarginMm", m.canalMarginMm},
          {"pedicleWallMarginMm", m.pedicleWallMarginMm},
          {"medialWallMarginMm", m.medialWallMarginMm},
          {"lateralWallMarginMm", m.lateralWallMarginMm},
          {"superiorWallMarginMm", m.superiorWallMarginMm},
          {"inferiorWallMarginMm", m.inferiorWallMarginMm},
          {"foramenMarginMm", m.foramenMarginMm},
          {"superiorEndplateMarginMm", m.superiorEndplateMarginMm},
          {"inferiorEndplateMarginMm", m.inferiorEndplateMarginMm},
          {"anteriorCortexMarginMm", m.anteriorCortexMarginMm},
          {"lungPathMm", m.lungPathMm},
          {"boneBeforeEntryMm", m.boneBeforeEntryMm},
          {"spareLengthMm", m.spareLengthMm}};
}

// ---- reading: every accessor names the field it failed on -----------------------------------

struct BadField {
  std::string pointer, reason;
};

std::string typeName(const json& j) { return j.is_number() ? "number" : j.type_name(); }

class Reader {
 public:
  Reader(const json& j, std::string pointer) : j_(j), pointer_(std::move(pointer)) {}

  const json& raw() const { return j_; }
  const std::string& pointer() const { return pointer_; }
  [[noreturn]] void fail(const std::string& reason) const {
    throw BadField{pointer_.empty() ? "/" : pointer_, reason};
  }

  bool has(const std::string& key) const { return j_.contains(key); }
  Reader field(const std::string& key) const {
    if (!j_.is_object()) fail("expected an object, got " + typeName(j_));
    if (!j_.contains(key)) throw BadField{pointer_ + "/" + key, "missing required field"};
    return {j_.at(key), pointer_ + "/" + key};
  }
  Reader at(size_t i) const { return {j_.at(i), pointer_ + "/" + std::to_string(i)}; }
  size_t size() const { return j_.size(); }

  void expectObject() const {
    if (!j_.is_object()) fail("expected an object, got " + typeName(j_));
  }
  const json& array() const {
    if (!j_.is_array()) fail("expected an array, got " + typeName(j_));
    return j_;
  }
  std::string string() const {
    if (!j_.is_string()) fail("expected a string, got " + typeName(j_));
    return j_.get<std::string>();
  }
  double number() const {
    if (!j_.is_number()) fail("expected a number, got " + typeName(j_));
    const double v = j_.get<double>();
    if (!std::isfinite(v)) fail("expected a finite number");
    return v;
  }
  double number(double lo, double hi, const std::string& unit) const {
    const double v = number();
    if (v < lo || v > hi) {
      std::ostringstream s;
      s << "value " << v << " is outside " << lo << ".." << hi << " " << unit;
      fail(s.str());
    }
    return v;
  }
  int integer() const {
    if (!j_.is_number_integer()) fail("expected an integer, got " + typeName(j_));
    return j_.get<int>();
  }
  Vec3 vec3() const {
    const json& a = array();
    if (a.size() != 3)
      fail("expected 3 numbers [x, y, z], got " + std::to_string(a.size()) + " elements");
    return {at(0).number(), at(1).number(), at(2).number()};
  }
  template <typename E>
  E choice(const std::map<std::string, E>& options) const {
    const std::string s = string();
    const auto it = options.find(s);
    if (it != options.end()) return it->second;
    std::string allowed;
    for (const auto& [name, value] : options) allowed += (allowed.empty() ? "" : ", ") + name;
    fail("unknown value \"" + s + "\" (expected one of: " + allowed + ")");
  }

 private:
  const json& j_;
  std::string pointer_;
};

template <typename E>
std::map<std::string, E> namesOf(std::initializer_list<E> values) {
  std::map<std::string, E> m;
  for (E v : values) m[toString(v)] = v;
  return m;
}

const auto kApproaches = namesOf({NeedleApproach::kTranspedicular, NeedleApproach::kParapedicular});
const auto kStrategies = namesOf({LevelStrategy::kUnipedicular, LevelStrategy::kBipedicular});
const auto kSides = namesOf({BodySide::kLeft, BodySide::kRight});
const auto kVerdicts = namesOf({Verdict::kSafe, Verdict::kCaution, Verdict::kUnsafe});
const auto kViscosities =
    namesOf({CementViscosity::kLow, CementViscosity::kMedium, CementViscosity::kHigh});
const auto kStops =
    namesOf({StopCriterion::kPlannedVolume, StopCriterion::kPosteriorWall, StopCriterion::kLeakage,
             StopCriterion::kEndplate, StopCriterion::kPressureLimit});

CArmAngles readAngles(const Reader& r) {
  r.expectObject();
  return {r.field("laoDeg").number(-180, 180, "degrees"),
          r.field("cranialDeg").number(-90, 90, "degrees")};
}

VolumeGeometry readGeometry(const Reader& r) {
  r.expectObject();
  VolumeGeometry g;
  const Reader size = r.field("sizeVoxels");
  if (size.array().size() != 3) size.fail("expected 3 integers");
  for (size_t a = 0; a < 3; ++a) {
    g.sizeVoxels[a] = size.at(a).integer();
    if (g.sizeVoxels[a] < 1) size.at(a).fail("a volume needs at least one voxel along each axis");
  }
  g.originMm = r.field("originMm").vec3();
  g.spacingMm = r.field("spacingMm").vec3();
  for (int a = 0; a < 3; ++a)
    if (g.spacingMm[a] <= 0) r.field("spacingMm").fail("spacing must be positive");
  const Reader dir = r.field("directionColumns");
  if (dir.array().size() != 9) dir.fail("expected 9 numbers (the i, j, k axis directions)");
  for (size_t i = 0; i < 9; ++i) g.directionColumns[i] = dir.at(i).number(-1.000001, 1.000001, "");
  for (int c = 0; c < 3; ++c) {
    const double n = std::hypot(g.directionColumns[3 * c], g.directionColumns[3 * c + 1],
                                g.directionColumns[3 * c + 2]);
    if (std::abs(n - 1) > 1e-3)
      dir.fail("direction column " + std::to_string(c) + " is not a unit vector");
  }
  return g;
}

CementSettings readCement(const Reader& r) {
  r.expectObject();
  CementSettings c;
  c.volumeMl = r.field("volumeMl").number(0, 30, "mL");
  c.viscosity = r.field("viscosity").choice(kViscosities);
  c.injectionRateMlPerMin = r.field("injectionRateMlPerMin").number(0, 60, "mL/min");
  c.stopCriterion = r.field("stopCriterion").choice(kStops);
  c.startMinAfterMixing = r.field("startMinAfterMixing").number(0, 60, "min");
  c.pressureLimitKpa = r.field("pressureLimitKpa").number(1, 10000, "kPa");
  return c;
}

NeedleMetrics readMetrics(const Reader& r) {
  r.expectObject();
  NeedleMetrics m;
  const std::pair<const char*, double*> fields[] = {
      {"transverseAngleDeg", &m.transverseAngleDeg},
      {"sagittalAngleDeg", &m.sagittalAngleDeg},
      {"transversePatientDeg", &m.transversePatientDeg},
      {"sagittalPatientDeg", &m.sagittalPatientDeg},
      {"skinToTargetMm", &m.skinToTargetMm},
      {"boneToTargetMm", &m.boneToTargetMm},
      {"canalMarginMm", &m.canalMarginMm},
      {"pedicleWallMarginMm", &m.pedicleWallMarginMm},
      {"medialWallMarginMm", &m.medialWallMarginMm},
      {"lateralWallMarginMm", &m.lateralWallMarginMm},
      {"superiorWallMarginMm", &m.superiorWallMarginMm},
      {"inferiorWallMarginMm", &m.inferiorWallMarginMm},
      {"foramenMarginMm", &m.foramenMarginMm},
      {"superiorEndplateMarginMm", &m.superiorEndplateMarginMm},
      {"inferiorEndplateMarginMm", &m.inferiorEndplateMarginMm},
      {"anteriorCortexMarginMm", &m.anteriorCortexMarginMm},
      {"lungPathMm", &m.lungPathMm},
      {"boneBeforeEntryMm", &m.boneBeforeEntryMm},
      {"spareLengthMm", &m.spareLengthMm}};
  for (const auto& [name, target] : fields) *target = r.field(name).number();
  return m;
}

NeedleAssessment readAssessment(const Reader& r) {
  r.expectObject();
  NeedleAssessment a;
  a.verdict = r.field("verdict").choice(kVerdicts);
  const Reader reasons = r.field("reasons");
  for (size_t i = 0; i < reasons.array().size(); ++i) a.reasons.push_back(reasons.at(i).string());
  a.metrics = readMetrics(r.field("metrics"));
  return a;
}

Needle readNeedle(const Reader& r, int version) {
  r.expectObject();
  Needle n;
  n.id = r.field("id").string();
  if (n.id.empty()) r.field("id").fail("a needle needs a non-empty id");
  n.level = r.field("level").string();
  n.approach = r.field("approach").choice(kApproaches);
  n.side = r.field("side").choice(kSides);
  n.gauge = r.field("gauge").integer();
  if (!outerDiameterMm(n.gauge))
    r.field("gauge").fail("gauge " + std::to_string(n.gauge) + " is not one of 10, 11, 13, 15");
  n.lengthMm = r.field("lengthMm").number(20, 300, "mm");
  n.skinEntryMm = r.field("skinEntryMm").vec3();
  n.boneEntryMm = r.field("boneEntryMm").vec3();
  n.targetMm = r.field("targetMm").vec3();
  if (version >= 1) {
    const Reader views = r.field("views");
    views.expectObject();
    n.views.trueAp = readAngles(views.field("trueAp"));
    n.views.trueLateral = readAngles(views.field("trueLateral"));
    n.views.downTheBarrel = readAngles(views.field("downTheBarrel"));
    n.views.enFacePedicle = readAngles(views.field("enFacePedicle"));
    n.assessment = readAssessment(r.field("assessment"));
  } else {
    n.assessment.verdict = Verdict::kCaution;
    n.assessment.reasons = {"not yet assessed"};
  }
  return n;
}

// Version 0 -> 1: the version key was renamed; cement, views and assessments did not exist
// (readNeedle and readLevel supply their defaults for version 0).
json migrateV0(const json& v0) {
  json v1 = v0;
  v1.erase("version");
  v1["schemaVersion"] = 1;
  return v1;
}

// Version 1 -> 2: a level's cement gained its start after mixing and its pressure limit. A
// version 1 plan was simulated from its class's dough time and had no limit: it gets exactly
// that (the usual start of the class it names, and the default limit, which its stop criterion
// does not use). An unknown class is left for readCement to report.
json migrateV1(const json& v1) {
  json v2 = v1;
  v2["schemaVersion"] = 2;
  if (!v2.contains("levels") || !v2["levels"].is_array()) return v2;
  for (json& level : v2["levels"]) {
    if (!level.is_object() || !level.contains("cement") || !level["cement"].is_object()) continue;
    json& cement = level["cement"];
    const json viscosity = cement.value("viscosity", json());
    if (!cement.contains("startMinAfterMixing") && viscosity.is_string()) {
      const auto it = kViscosities.find(viscosity.get<std::string>());
      if (it != kViscosities.end())
        cement["startMinAfterMixing"] = usualStartMinAfterMixing(it->second);
    }
    if (!cement.contains("pressureLimitKpa"))
      cement["pressureLimitKpa"] = CementSettings{}.pressureLimitKpa;
  }
  return v2;
}

Plan readPlan(const json& root) {
  const Reader top(root, "");
  top.expectObject();
  if (!root.contains("format"))
    throw BadField{"/format", "missing required field (not a Trocar plan file?)"};
  if (top.field("format").string() != kFormat)
    top.field("format").fail("not a Trocar plan file (expected \"" + std::string(kFormat) + "\")");

  int version = -1;
  if (root.contains("schemaVersion"))
    version = top.field("schemaVersion").integer();
  else if (root.contains("version"))
    version = top.field("version").integer();
  else
    throw BadField{"/schemaVersion", "missing required field"};
  if (version < 0 || version > Plan::kSchemaVersion)
    throw BadField{root.contains("schemaVersion") ? "/schemaVersion" : "/version",
                   "unknown schema version " + std::to_string(version) + " (this Trocar reads 0.." +
                       std::to_string(Plan::kSchemaVersion) + ")"};
  json current = version == 0 ? migrateV0(root) : root;
  if (version <= 1) current = migrateV1(current);
  const Reader r(current, "");

  Plan plan;
  const Reader c = r.field("case");
  c.expectObject();
  plan.caseReference.studyInstanceUid = c.field("studyInstanceUid").string();
  plan.caseReference.seriesInstanceUid = c.field("seriesInstanceUid").string();
  plan.caseReference.volumeChecksum = c.field("volumeChecksum").string();
  if (plan.caseReference.volumeChecksum.rfind("fnv1a64:", 0) != 0 ||
      plan.caseReference.volumeChecksum.size() != 24)
    c.field("volumeChecksum").fail("expected \"fnv1a64:\" and 16 hex digits");
  plan.caseReference.geometry = readGeometry(c.field("geometry"));

  plan.author = r.field("author").string();
  plan.createdUtc = r.field("createdUtc").string();
  plan.modifiedUtc = r.field("modifiedUtc").string();
  plan.notes = r.field("notes").string();
  if (r.has("approval")) {
    const Reader a = r.field("approval");
    a.expectObject();
    plan.approval.approvedBy = a.field("approvedBy").string();
    if (plan.approval.approvedBy.empty()) a.field("approvedBy").fail("an approval needs a name");
    plan.approval.approvedUtc = a.field("approvedUtc").string();
  }

  const Reader levels = r.field("levels");
  std::set<std::string> levelNames;
  for (size_t i = 0; i < levels.array().size(); ++i) {
    const Reader l = levels.at(i);
    l.expectObject();
    PlannedLevel level;
    level.name = l.field("name").string();
    if (level.name.empty()) l.field("name").fail("a level needs a name such as \"L2\"");
    if (!levelNames.insert(level.name).second)
      l.field("name").fail("level " + level.name + " is listed twice");
    level.strategy = l.field("strategy").choice(kStrategies);
    if (version >= 1) level.cement = readCement(l.field("cement"));
    plan.levels.push_back(level);
  }

  const Reader needles = r.field("needles");
  std::set<std::string> ids;
  for (size_t i = 0; i < needles.array().size(); ++i) {
    const Reader nr = needles.at(i);
    Needle n = readNeedle(nr, version);
    if (!ids.insert(n.id).second) nr.field("id").fail("needle id \"" + n.id + "\" is used twice");
    if (!levelNames.count(n.level))
      nr.field("level").fail("level \"" + n.level + "\" is not in /levels");
    const VolumeGeometry& g = plan.caseReference.geometry;
    for (const char* key : {"skinEntryMm", "boneEntryMm", "targetMm"}) {
      const Vec3 p = nr.field(key).vec3();
      if (!g.contains(p, kOutsideToleranceMm)) {
        std::ostringstream s;
        s << "point (" << p.x << ", " << p.y << ", " << p.z
          << ") mm lies outside the referenced volume";
        nr.field(key).fail(s.str());
      }
    }
    if (distance(n.boneEntryMm, n.targetMm) < 1e-6)
      nr.field("targetMm").fail("target and bone entry coincide");
    plan.needles.push_back(std::move(n));
  }
  return plan;
}

}  // namespace

nlohmann::json planToJson(const Plan& plan) {
  const auto& g = plan.caseReference.geometry;
  json j;
  j["format"] = kFormat;
  j["schemaVersion"] = Plan::kSchemaVersion;
  j["case"] = {{"studyInstanceUid", plan.caseReference.studyInstanceUid},
               {"seriesInstanceUid", plan.caseReference.seriesInstanceUid},
               {"volumeChecksum", plan.caseReference.volumeChecksum},
               {"geometry",
                {{"sizeVoxels", g.sizeVoxels},
                 {"originMm", vec(g.originMm)},
                 {"spacingMm", vec(g.spacingMm)},
                 {"directionColumns", g.directionColumns}}}};
  j["author"] = plan.author;
  j["createdUtc"] = plan.createdUtc;
  j["modifiedUtc"] = plan.modifiedUtc;
  j["notes"] = plan.notes;
  if (plan.approval.approved())
    j["approval"] = {{"approvedBy", plan.approval.approvedBy},
                     {"approvedUtc", plan.approval.approvedUtc}};
  j["levels"] = json::array();
  for (const auto& l : plan.levels)
    j["levels"].push_back({{"name", l.name},
                           {"strategy", toString(l.strategy)},
                           {"cement",
                            {{"volumeMl", l.cement.volumeMl},
                             {"viscosity", toString(l.cement.viscosity)},
                             {"injectionRateMlPerMin", l.cement.injectionRateMlPerMin},
                             {"stopCriterion", toString(l.cement.stopCriterion)},
                             {"startMinAfterMixing", l.cement.startMinAfterMixing},
                             {"pressureLimitKpa", l.cement.pressureLimitKpa}}}});
  j["needles"] = json::array();
  for (const auto& n : plan.needles)
    j["needles"].push_back({{"id", n.id},
                            {"level", n.level},
                            {"approach", toString(n.approach)},
                            {"side", toString(n.side)},
                            {"gauge", n.gauge},
                            {"lengthMm", n.lengthMm},
                            {"skinEntryMm", vec(n.skinEntryMm)},
                            {"boneEntryMm", vec(n.boneEntryMm)},
                            {"targetMm", vec(n.targetMm)},
                            {"views",
                             {{"trueAp", angles(n.views.trueAp)},
                              {"trueLateral", angles(n.views.trueLateral)},
                              {"downTheBarrel", angles(n.views.downTheBarrel)},
                              {"enFacePedicle", angles(n.views.enFacePedicle)}}},
                            {"assessment",
                             {{"verdict", toString(n.assessment.verdict)},
                              {"reasons", n.assessment.reasons},
                              {"metrics", metricsJson(n.assessment.metrics)}}}});
  return j;
}

Result<Plan> planFromJson(const nlohmann::json& json) {
  try {
    return readPlan(json);
  } catch (const BadField& e) {
    return Error{e.pointer, e.reason};
  } catch (const nlohmann::json::exception& e) {
    return Error{"", std::string("malformed plan: ") + e.what()};
  }
}

Result<std::filesystem::path> savePlan(const Plan& plan, const std::filesystem::path& path) {
  return writeFileAtomically(path, planToJson(plan).dump(2) + "\n");
}

Result<Plan> loadPlan(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string(), "cannot open the plan file"};
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    return Error{path.string(), std::string("not valid JSON: ") + e.what()};
  }
  auto plan = planFromJson(j);
  if (!plan) return Error{path.string() + "#" + plan.error().where, plan.error().reason};
  return plan;
}

}  // namespace trocar::core
