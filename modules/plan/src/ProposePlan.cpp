#include "trocar/plan/ProposePlan.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "VolumeSampler.h"
#include "trocar/core/NeedleGauges.h"
#include "trocar/plan/CArmViews.h"
#include "trocar/segment/Levels.h"

namespace trocar::plan {

namespace {

using core::Vec3;

// The isthmus point is sought this far around the segmentation's isthmus centre.
constexpr double kIsthmusSearchMm = 3.0;
// Bone separated from the rest of the path by a gap shorter than this is still "on the way in".
constexpr double kEntryGapMm = 8.0;
// Margins beyond this do not make one path better than another; closeness to the textbook
// path (pedicle axis direction, slightly caudal) then decides.
constexpr double kEnoughMarginMm = 1.5;
// What a millimetre off the textbook path costs against a millimetre of margin on a label map of
// 1 mm voxels. Coarser maps place their surfaces, and so every margin, less surely (to half a
// voxel): the cost grows with the voxel, so that on a 3 mm scan a fraction of a millimetre of
// margin no longer turns the needle off the pedicle's direction (L3 right of the 3 mm lumbar
// case: 3 degrees off for 0.7 mm of margin at the 1 mm weight).
constexpr double kNominalWeightPerMm = 0.08;
// A bipedicular target is sought this far either side of the pedicle axis' own reach.
constexpr double kAxisSearchMm = 6.0;
// An unsafe path loses to every path that is not.
constexpr double kUnsafePenalty = 5.0;
// Too little needle left outside the skin to hold: a caution, worth a millimetre of margin.
constexpr double kShortSparePenalty = 1.0;
// Steeper than this in the vertebra's sagittal plane and the needle skids on the lamina.
constexpr double kMaxSagittalRad = 25.0 * std::numbers::pi / 180;

// Medial (transverse) pedicle angles by level, degrees: Zindrick et al., Spine 1987 (thoracic
// and lumbar pedicle morphometry), rounded; T1-T4 interpolated towards the upper thoracic 20s.
double publishedMedialAngleDeg(int verse) {
  static constexpr double kThoracic[12] = {27, 20, 16, 12, 10, 9, 8, 7, 6, 5, 3, 2};  // T1..T12
  static constexpr double kLumbar[6] = {11, 12, 14, 18, 29, 29};                      // L1..L6
  if (verse >= segment::verse::kT1 && verse <= segment::verse::kT12)
    return kThoracic[verse - segment::verse::kT1];
  if (verse == segment::verse::kT13) return 2;
  if (verse >= segment::verse::kL1 && verse <= segment::verse::kL6)
    return kLumbar[verse - segment::verse::kL1];
  return 10;
}
constexpr double kLungPenalty = 10.0;

Vec3 across(const Vec3& v, const Vec3& d) { return core::normalized(v - d * core::dot(v, d)); }

// The outermost bone surface the needle meets, walking back from `inside` against d.
std::optional<Vec3> boneEntryBehind(const VertebraFields& f, const Vec3& inside, const Vec3& d) {
  constexpr double kStep = 0.25;
  std::optional<double> lastBone;
  for (double t = 0; t < 80; t += kStep) {
    if (f.bone.sample(inside - d * t) < 0)
      lastBone = t;
    else if (lastBone && t - *lastBone > kEntryGapMm)
      break;
  }
  if (!lastBone) return std::nullopt;
  double lo = *lastBone, hi = *lastBone + kStep;
  for (int i = 0; i < 10; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f.bone.sample(inside - d * mid) < 0 ? lo : hi) = mid;
  }
  return inside - d * hi;
}

// The point of a pedicle cross-section (across `axis`, within kIsthmusSearchMm of `centre`)
// deepest inside the bone: farthest from every wall.
Vec3 deepestSectionPoint(const VertebraFields& f, const Vec3& centre, Vec3 axis) {
  if (core::dot(axis, f.frame.anterior) < 0) axis = -axis;
  const Vec3 e1 = across(f.frame.left, axis), e2 = core::cross(axis, e1);
  Vec3 best = centre;
  double bestScore = -f.bone.sample(best);
  for (double a = -kIsthmusSearchMm; a <= kIsthmusSearchMm + 1e-9; a += 0.25)
    for (double b = -kIsthmusSearchMm; b <= kIsthmusSearchMm + 1e-9; b += 0.25) {
      const Vec3 q = centre + e1 * a + e2 * b;
      const double score = -f.bone.sample(q) - 0.05 * std::hypot(a, b);
      if (score > bestScore) {
        bestScore = score;
        best = q;
      }
    }
  return best;
}

struct BodyBox {
  double zTop = 0, zBottom = 0, halfWidth = 0;
};

BodyBox bodyBox(const VertebraFields& f) {
  const Vec3 o = f.frame.originMm;
  BodyBox b;
  b.zTop = f.body.distanceToSurface(o, f.frame.superior, 60);
  b.zBottom = -f.body.distanceToSurface(o, -f.frame.superior, 60);
  b.halfWidth = 0.5 * (f.body.distanceToSurface(o, f.frame.left, 80) +
                       f.body.distanceToSurface(o, -f.frame.left, 80));
  return b;
}

// The safety score the search maximises: the smallest margin, each structure with its own
// allowance, capped so that paths safe enough compete on closeness to the nominal path.
double safetyScore(const core::NeedleMetrics& m, const SafetyThresholds& th, bool transpedicular) {
  double s =
      std::min({m.canalMarginMm - th.canalCautionMm + th.pedicleWallCautionMm, m.foramenMarginMm,
                m.superiorEndplateMarginMm - th.endplateCautionMm + th.pedicleWallCautionMm,
                m.inferiorEndplateMarginMm - th.endplateCautionMm + th.pedicleWallCautionMm,
                m.anteriorCortexMarginMm - th.anteriorCortexCautionMm + th.pedicleWallCautionMm});
  if (transpedicular) s = std::min(s, m.pedicleWallMarginMm);
  return std::min(s, kEnoughMarginMm);
}

int verdictRank(core::Verdict v) {
  return v == core::Verdict::kSafe ? 0 : (v == core::Verdict::kCaution ? 1 : 2);
}

double chooseLength(double skinToTargetMm, const ProposalRequest& request) {
  if (request.lengthMm > 0) return request.lengthMm;
  for (double l : core::kNeedleLengthsMm)
    if (l - skinToTargetMm >= request.thresholds.spareLengthCautionMm) return l;
  return core::kNeedleLengthsMm.back();
}

}  // namespace

core::Result<core::Needle> proposeNeedle(const PlanningCase& planningCase, int level,
                                         core::BodySide side, core::LevelStrategy strategy,
                                         const ProposalRequest& request) {
  const std::string name = segment::levelName(level);
  const auto od = core::outerDiameterMm(request.gauge);
  if (!od)
    return core::Error{
        "gauge", std::to_string(request.gauge) + " G is not a catalogued needle (10, 11, 13, 15)"};
  auto fieldsResult = planningCase.fields(level);
  if (!fieldsResult) return fieldsResult.error();
  const VertebraFields& f = *fieldsResult.value();
  const bool left = side == core::BodySide::kLeft;
  const PedicleZone& zone = f.pedicleOf(left);
  if (!zone.found)
    return core::Error{name, std::string("no ") + (left ? "left" : "right") + " pedicle was found"};
  const double sign = left ? 1.0 : -1.0;
  const segment::VertebraFrame& fr = f.frame;

  core::Needle needle;
  needle.id = name + "-" + core::toString(side);
  needle.level = name;
  needle.side = side;
  needle.gauge = request.gauge;
  // Too narrow a thoracic pedicle: go beside it. What fits is the widest circle inside the
  // isthmus, twice the depth of its deepest point.
  Vec3 isthmusPoint = deepestSectionPoint(f, zone.isthmusCentreMm, zone.axis);
  const double fitsMm = -2 * f.bone.sample(isthmusPoint);
  const bool narrow = fitsMm < *od + 2 * request.pedicleMarginMm;
  needle.approach = f.thoracic && narrow ? core::NeedleApproach::kParapedicular
                                         : core::NeedleApproach::kTranspedicular;
  const bool transpedicular = needle.approach == core::NeedleApproach::kTranspedicular;

  if (!transpedicular) {
    // Along the pedicle's lateral wall, the needle's surface a millimetre clear of it.
    const Vec3 out = across(fr.left * sign, zone.axis);
    double wall = f.bone.distanceToSurface(isthmusPoint, out, 20);
    isthmusPoint = isthmusPoint + out * (wall + *od / 2 + request.pedicleMarginMm);
  }
  const BodyBox box = bodyBox(f);
  const double height = box.zTop - box.zBottom, zMid = 0.5 * (box.zTop + box.zBottom);
  if (height <= 0 || box.halfWidth <= 0)
    return core::Error{name, "the vertebral body is empty in the segmentation"};
  const double longest = request.lengthMm > 0 ? request.lengthMm : core::kNeedleLengthsMm.back();
  const double nominalWeightPerMm = kNominalWeightPerMm * std::max(1.0, 2 * f.resolutionMm);
  struct Best {
    double score = -1e30;
    Vec3 target, entry;
  };
  // The search for one isthmus point: targets over the anterior third, each path judged.
  auto searchThrough = [&](const Vec3& through) -> Best {
    Best best;
    const Vec3 throughLocal = fr.toLocal(through);
    // The nominal transverse angle: the measured pedicle axis, leaning on the published angle of
    // the level as the scan gets coarser (at 3 mm voxels a pedicle is three voxels wide).
    Vec3 axisLocal = fr.toLocal(fr.originMm + zone.axis);
    if (axisLocal.y < 0) axisLocal = -axisLocal;
    const double measuredDeg =
        std::atan2(-sign * axisLocal.x, axisLocal.y) * 180 / std::numbers::pi;
    const double spacingMm = planningCase.anatomy().levels->GetSpacing()[0];
    const double priorWeight = std::clamp((spacingMm - 0.5) / 2.0, 0.0, 0.8);
    const double nominalDeg =
        (1 - priorWeight) * measuredDeg + priorWeight * publishedMedialAngleDeg(level);
    const double medialSlope =
        -sign * std::tan(nominalDeg * std::numbers::pi / 180);  // dx/dy in the frame

    const double zNominal = zMid - 0.1 * height;
    double xLo, xHi;
    if (strategy == core::LevelStrategy::kUnipedicular || !transpedicular) {
      xLo = -1.5;
      xHi = 1.5;
    } else {
      // Around where the pedicle's own axis reaches the anterior third, within the same half.
      const double yFront =
          fr.toLocal(fr.originMm +
                     fr.anterior * f.body.distanceToSurface(fr.originMm, fr.anterior, 80))
              .y;
      const double along = sign * (throughLocal.x + (yFront - 6 - throughLocal.y) * medialSlope);
      xLo = std::clamp(along - kAxisSearchMm, 2.0, 0.55 * box.halfWidth);
      xHi = std::clamp(along + kAxisSearchMm, xLo + 1.0, std::max(xLo + 1.0, 0.55 * box.halfWidth));
    }

    for (double xa = xLo; xa <= xHi + 1e-9; xa += 0.75) {
      const double x = sign * xa;
      for (double z = zMid - 0.3 * height; z <= zMid + 0.3 * height + 1e-9; z += 1.0) {
        const Vec3 start = fr.toWorld({x, 0, z});
        if (f.body.sample(start) >= 0) continue;
        const double front = f.body.distanceToSurface(start, fr.anterior, 80);
        const double back = f.body.distanceToSurface(start, -fr.anterior, 80);
        const double depth = front + back;
        const double fromFront =
            std::clamp(depth / 5, std::min(5.0, depth / 4), std::max(depth / 3 - 1, depth / 5));
        const Vec3 targetLocal{x, front - fromFront, z};
        const Vec3 target = fr.toWorld(targetLocal);
        const Vec3 d = core::normalized(target - through);
        if (core::dot(d, fr.anterior) < 0.5) continue;
        if (std::abs(std::atan2(-core::dot(d, fr.superior), core::dot(d, fr.anterior))) >
            kMaxSagittalRad)
          continue;
        std::optional<Vec3> entry;
        if (transpedicular) {
          entry = boneEntryBehind(f, through, d);
        } else {
          // Beside the pedicle the needle meets bone at the body's posterolateral wall.
          for (double t = 0; t < 80 && !entry; t += 0.25)
            if (f.bone.sample(target - d * t) >= 0) entry = target - d * t;
        }
        if (!entry) continue;
        core::Needle trial = needle;
        trial.boneEntryMm = *entry;
        // The soft-tissue stretch counts too: a path through lung loses to any other.
        trial.skinEntryMm = findSkinEntry(planningCase, *entry, d).value_or(*entry - d);
        trial.targetMm = target;
        trial.lengthMm = 1e4;
        const core::NeedleAssessment a = assessNeedle(planningCase, f, trial, request.thresholds);
        double xNominal = 0;
        if (strategy == core::LevelStrategy::kBipedicular && transpedicular)
          xNominal = std::clamp(throughLocal.x + (targetLocal.y - throughLocal.y) * medialSlope,
                                std::min(sign * xLo, sign * xHi), std::max(sign * xLo, sign * xHi));
        const double score =
            safetyScore(a.metrics, request.thresholds, transpedicular) -
            kLungPenalty * (a.metrics.lungPathMm > 0) -
            kUnsafePenalty * (a.verdict == core::Verdict::kUnsafe) -
            kUnsafePenalty * (a.metrics.skinToTargetMm > longest) -
            kShortSparePenalty *
                (a.metrics.skinToTargetMm > longest - request.thresholds.spareLengthCautionMm) -
            nominalWeightPerMm * (std::abs(x - xNominal) + std::abs(z - zNominal));
        if (score > best.score) best = Best{score, target, *entry};
      }
    }
    return best;
  };
  // Hypotheses for the isthmus point: the deepest point of the narrowest section, of sections
  // a little before and behind it (a coarse scan may put the narrowest one on a process), and
  // of the segmentation's own isthmus. The best path over all of them wins.
  std::vector<Vec3> throughs{isthmusPoint};
  if (transpedicular) {
    Vec3 axis = zone.axis;
    if (core::dot(axis, fr.anterior) < 0) axis = -axis;
    for (double s : {-4.0, -2.0, 2.0, 4.0})
      throughs.push_back(deepestSectionPoint(f, isthmusPoint + axis * s, axis));
    const segment::VertebraAnatomy* va = planningCase.anatomy().find(level);
    const segment::PedicleAnatomy* pa =
        va ? (left ? &va->leftPedicle : &va->rightPedicle) : nullptr;
    if (pa && pa->found && core::distance(pa->isthmusCentreMm, isthmusPoint) > 1.0)
      throughs.push_back(deepestSectionPoint(f, pa->isthmusCentreMm, axis));
  }
  Best best;
  for (const Vec3& t : throughs) {
    const Best b = searchThrough(t);
    if (b.score > best.score) best = b;
  }
  if (best.score <= -1e29)
    return core::Error{name,
                       "no path from the " + core::toString(side) + " pedicle reaches the body"};

  const Vec3 d = core::normalized(best.target - best.entry);
  needle.targetMm = best.target;
  needle.boneEntryMm = best.entry;
  if (const auto skin = findSkinEntry(planningCase, best.entry, d)) {
    needle.skinEntryMm = *skin;
  } else {
    // The scan ends before the skin: the last point inside it (the assessment says so).
    const detail::VolumeSampler<int16_t> ct(planningCase.volume().hu.GetPointer());
    double t = 0;
    while (t < 400 && ct.inside(best.entry - d * (t + 0.5))) t += 0.5;
    needle.skinEntryMm = best.entry - d * t;
  }
  needle.lengthMm = chooseLength(core::distance(needle.skinEntryMm, needle.targetMm), request);
  needle.views = computeViews(fr, zone.axis, d);
  needle.assessment = assessNeedle(planningCase, f, needle, request.thresholds);
  return needle;
}

core::Result<core::Needle> reassessNeedle(const PlanningCase& planningCase, core::Needle needle,
                                          const SafetyThresholds& thresholds) {
  const int level = segment::levelFromName(needle.level);
  if (!level) return core::Error{needle.id, "unknown level \"" + needle.level + "\""};
  auto fields = planningCase.fields(level);
  if (!fields) return fields.error();
  const VertebraFields& f = *fields.value();
  const PedicleZone& zone = f.pedicleOf(needle.side == core::BodySide::kLeft);
  const Vec3 d = core::normalized(needle.targetMm - needle.boneEntryMm);
  needle.views = computeViews(f.frame, zone.found ? zone.axis : f.frame.anterior, d);
  needle.assessment = assessNeedle(planningCase, f, needle, thresholds);
  return needle;
}

core::Result<core::Plan> proposePlan(const PlanningCase& planningCase,
                                     const ProposalRequest& request,
                                     const core::Progress& progress) {
  if (request.levels.empty()) return core::Error{"levels", "no level requested"};
  core::Plan plan;
  plan.caseReference = planningCase.reference();
  plan.author = request.author;
  plan.notes = request.notes;
  plan.createdUtc = plan.modifiedUtc = core::nowUtcIso8601();
  for (size_t i = 0; i < request.levels.size(); ++i) {
    if (progress.cancelled()) return core::Error{"", "cancelled"};
    const int level = request.levels[i];
    const std::string name = segment::levelName(level);
    progress.report(double(i) / request.levels.size(), "planning " + name);
    core::PlannedLevel planned;
    planned.name = name;
    planned.strategy = request.strategy;
    const bool thoracic = level < segment::verse::kL1 || level == segment::verse::kT13;
    planned.cement.volumeMl = thoracic ? 3.0 : 4.0;
    plan.levels.push_back(planned);
    if (request.strategy == core::LevelStrategy::kBipedicular) {
      for (core::BodySide side : {core::BodySide::kLeft, core::BodySide::kRight}) {
        auto n = proposeNeedle(planningCase, level, side, request.strategy, request);
        if (!n) return n.error();
        plan.needles.push_back(std::move(n).value());
      }
    } else {
      std::vector<core::BodySide> sides{request.side};
      if (request.autoSide) sides = {core::BodySide::kLeft, core::BodySide::kRight};
      std::optional<core::Needle> chosen;
      core::Error lastError;
      for (core::BodySide side : sides) {
        auto n = proposeNeedle(planningCase, level, side, request.strategy, request);
        if (!n) {
          lastError = n.error();
          continue;
        }
        const auto& a = n->assessment;
        const auto margin = [](const core::Needle& x) {
          const auto& m = x.assessment.metrics;
          return std::min({m.pedicleWallMarginMm, m.canalMarginMm, m.foramenMarginMm});
        };
        if (!chosen || verdictRank(a.verdict) < verdictRank(chosen->assessment.verdict) ||
            (a.verdict == chosen->assessment.verdict && margin(n.value()) > margin(*chosen)))
          chosen = std::move(n).value();
      }
      if (!chosen) return lastError;
      plan.needles.push_back(*chosen);
    }
  }
  progress.report(1.0, "planned");
  return plan;
}

}  // namespace trocar::plan
