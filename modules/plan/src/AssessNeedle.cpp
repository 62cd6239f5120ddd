#include "trocar/plan/AssessNeedle.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "VolumeSampler.h"
#include "trocar/core/NeedleGauges.h"
#include "trocar/segment/Levels.h"

namespace trocar::plan {

namespace {

using core::Vec3;
constexpr double kDeg = 180.0 / std::numbers::pi;
// Partial volume blurs the skin over a voxel or two: air is counted only this far inside it.
constexpr double kSkinBlurMm = 3.0;
// How far behind the bone entry the fields are consulted (the needle's last soft-tissue stretch).
constexpr double kBeforeBoneMm = 10.0;
// A surface whose normal is within acos(0.7) = 46 degrees of the needle is the one it enters or
// leaves by; a wall faces across the needle.
constexpr double kWallFacingCos = 0.7;
// Just after the bone entry every surface is near: walls count from here on.
constexpr double kEntryStretchMm = 2.0;
// Bone before the entry: above this HU on the axis, counted up to this far short of the entry
// (whose own cortex blurs backwards over a voxel).
constexpr double kBoneHu = 300;
constexpr double kEntryBlurMm = 4.0;
// A body surface is an endplate where its normal is within 45 degrees of the superior axis.
constexpr double kEndplateFacingCos = 0.7;
// Edited points further off the needle's line than this are flagged.
constexpr double kCollinearToleranceMm = 1.0;

std::string fmt(const char* pattern, double a, double b = 0) {
  char buf[200];
  std::snprintf(buf, sizeof buf, pattern, a, b);
  return buf;
}

enum class Wall { kMedial, kLateral, kSuperior, kInferior };

// Which pedicle wall an outward direction points at, seen in the plane across the needle.
Wall wallOf(const Vec3& outward, const Vec3& medial, const Vec3& superior) {
  const double m = core::dot(outward, medial), s = core::dot(outward, superior);
  if (std::abs(m) >= std::abs(s)) return m > 0 ? Wall::kMedial : Wall::kLateral;
  return s > 0 ? Wall::kSuperior : Wall::kInferior;
}

// The component of v across the unit axis d, normalised.
Vec3 across(const Vec3& v, const Vec3& d) { return core::normalized(v - d * core::dot(v, d)); }

struct Findings {
  std::vector<std::string> unsafe, caution;
};

}  // namespace

NeedleAngles needleAngles(const Vec3& direction, const Vec3& left, const Vec3& anterior,
                          const Vec3& superior, bool leftSide) {
  const double l = core::dot(direction, left), a = core::dot(direction, anterior),
               s = core::dot(direction, superior);
  const double sign = leftSide ? 1.0 : -1.0;
  return {std::atan2(-sign * l, a) * kDeg, std::atan2(-s, a) * kDeg};
}

std::optional<Vec3> findSkinEntry(const PlanningCase& planningCase, const Vec3& boneEntryMm,
                                  const Vec3& direction) {
  const detail::VolumeSampler<uint8_t> body(planningCase.bodyMask());
  constexpr double kStep = 0.5;
  for (double t = 0; t < 400; t += kStep) {
    const Vec3 p = boneEntryMm - direction * t;
    if (!body.inside(p)) return std::nullopt;
    if (body.nearest(p, 0) == 0) {
      // Refine between the last inside sample and this one on the interpolated mask.
      double lo = t - kStep, hi = t;
      for (int i = 0; i < 8; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (body.interpolate(
                boneEntryMm - direction * mid, [](uint8_t v) { return double(v); }, 0) >= 0.5)
          lo = mid;
        else
          hi = mid;
      }
      return boneEntryMm - direction * lo;
    }
  }
  return std::nullopt;
}

core::NeedleAssessment assessNeedle(const PlanningCase& planningCase, const VertebraFields& f,
                                    const core::Needle& needle, const SafetyThresholds& th) {
  core::NeedleAssessment out;
  core::NeedleMetrics& m = out.metrics;
  Findings find;
  const double radius = core::outerDiameterMm(needle.gauge).value_or(3.048) / 2;
  const bool leftSide = needle.side == core::BodySide::kLeft;
  const bool transpedicular = needle.approach == core::NeedleApproach::kTranspedicular;
  const Vec3 d = core::normalized(needle.targetMm - needle.boneEntryMm);
  const segment::VertebraFrame& fr = f.frame;

  // Angles and lengths.
  const NeedleAngles va = needleAngles(d, fr.left, fr.anterior, fr.superior, leftSide);
  const NeedleAngles pa = needleAngles(d, {1, 0, 0}, {0, -1, 0}, {0, 0, 1}, leftSide);
  m.transverseAngleDeg = va.transverseDeg;
  m.sagittalAngleDeg = va.sagittalDeg;
  m.transversePatientDeg = pa.transverseDeg;
  m.sagittalPatientDeg = pa.sagittalDeg;
  m.skinToTargetMm = core::distance(needle.skinEntryMm, needle.targetMm);
  m.boneToTargetMm = core::distance(needle.boneEntryMm, needle.targetMm);
  m.spareLengthMm = needle.lengthMm - m.skinToTargetMm;

  // Walls seen across the needle: medial is towards the midline.
  const Vec3 medialDir = across(fr.left * (leftSide ? -1.0 : 1.0), d);
  const Vec3 superiorDir = across(fr.superior, d);
  const PedicleZone& zone = f.pedicleOf(leftSide);

  const double big = kNotApplicableMm;
  m.canalMarginMm = m.foramenMarginMm = big;
  m.pedicleWallMarginMm = m.medialWallMarginMm = m.lateralWallMarginMm = big;
  m.superiorWallMarginMm = m.inferiorWallMarginMm = big;
  m.superiorEndplateMarginMm = m.inferiorEndplateMarginMm = big;
  bool pedicleSampled = false, lateralBodyBreach = false;
  Wall worstWall = Wall::kMedial;
  double worstWallMargin = big;

  const double length = m.boneToTargetMm;
  const double step = th.sampleStepMm;
  for (double t = -kBeforeBoneMm; t <= length + 1e-9; t += step) {
    const Vec3 p = needle.boneEntryMm + d * std::min(t, length);
    m.canalMarginMm = std::min(m.canalMarginMm, f.canal.sample(p) - radius);
    m.foramenMarginMm = std::min(m.foramenMarginMm, f.foramen.sample(p) - radius);
    if (t < 0) continue;
    const Vec3 local = fr.toLocal(p);
    const bool inZone = zone.found && local.y >= zone.apMinMm && local.y <= zone.apMaxMm;
    if (transpedicular && inZone) {
      pedicleSampled = true;
      const double b = f.bone.sample(p);
      const double margin = -b - radius;
      const Vec3 normal = f.bone.normal(p);
      // The surface the needle has just come through (or will leave by) is no wall: near the
      // entry the nearest surface faces along the needle.
      const bool wallFacing =
          std::abs(core::dot(normal, d)) < kWallFacingCos && t > radius + kEntryStretchMm;
      if (wallFacing || b >= 0) {
        if (margin < worstWallMargin) {
          worstWallMargin = margin;
          worstWall = wallOf(normal, medialDir, superiorDir);
        }
        m.pedicleWallMarginMm = std::min(m.pedicleWallMarginMm, margin);
      }
      if (b < 0) {
        m.medialWallMarginMm =
            std::min(m.medialWallMarginMm, f.bone.distanceToSurface(p, medialDir, 40) - radius);
        m.lateralWallMarginMm =
            std::min(m.lateralWallMarginMm, f.bone.distanceToSurface(p, -medialDir, 40) - radius);
        m.superiorWallMarginMm =
            std::min(m.superiorWallMarginMm, f.bone.distanceToSurface(p, superiorDir, 40) - radius);
        m.inferiorWallMarginMm = std::min(m.inferiorWallMarginMm,
                                          f.bone.distanceToSurface(p, -superiorDir, 40) - radius);
      } else {
        double* wallMargin[] = {&m.medialWallMarginMm, &m.lateralWallMarginMm,
                                &m.superiorWallMarginMm, &m.inferiorWallMarginMm};
        double& w = *wallMargin[int(wallOf(f.bone.normal(p), medialDir, superiorDir))];
        w = std::min(w, margin);
      }
      continue;
    }
    // In the body (past the pedicle): distance to each endplate, and where the path leaves it.
    if (zone.found && local.y < zone.apMinMm && transpedicular)
      continue;  // still behind the pedicle
    const double b = f.body.sample(p);
    if (b < 0) {
      // Straight up and down to the body's surface; it is an endplate only where that surface
      // faces up or down (near the side walls the waist's concavity comes first).
      for (const double sense : {1.0, -1.0}) {
        const Vec3 dir = fr.superior * sense;
        const double reach = f.body.distanceToSurface(p, dir, 60);
        if (std::abs(core::dot(f.body.normal(p + dir * reach), fr.superior)) < kEndplateFacingCos)
          continue;
        double& e = sense > 0 ? m.superiorEndplateMarginMm : m.inferiorEndplateMarginMm;
        e = std::min(e, reach - radius);
      }
    } else if (f.bone.sample(p) > 0) {
      const Vec3 n = f.body.normal(p);
      const double up = core::dot(n, fr.superior), ant = core::dot(n, fr.anterior),
                   lat = core::dot(n, fr.left);
      if (std::abs(up) >= std::max(std::abs(ant), std::abs(lat))) {
        double& e = up > 0 ? m.superiorEndplateMarginMm : m.inferiorEndplateMarginMm;
        e = std::min(e, -b - radius);
      } else if (std::abs(lat) > std::abs(ant)) {
        lateralBodyBreach = true;
      }
    }
  }

  if (pedicleSampled) {
    const double directional = std::min({m.medialWallMarginMm, m.lateralWallMarginMm,
                                         m.superiorWallMarginMm, m.inferiorWallMarginMm});
    if (directional < m.pedicleWallMarginMm) {
      m.pedicleWallMarginMm = directional;
      if (directional < worstWallMargin) {
        worstWallMargin = directional;
        worstWall = directional == m.medialWallMarginMm     ? Wall::kMedial
                    : directional == m.lateralWallMarginMm  ? Wall::kLateral
                    : directional == m.superiorWallMarginMm ? Wall::kSuperior
                                                            : Wall::kInferior;
      }
    }
  }

  // The tip against the anterior cortex, along the needle.
  const double tipBody = f.body.sample(needle.targetMm);
  const Vec3 tipLocal = fr.toLocal(needle.targetMm);
  bool targetInBody = tipBody < 0;
  bool tipOutThroughEndplate = false;
  if (targetInBody) {
    m.anteriorCortexMarginMm = f.body.distanceToSurface(needle.targetMm, d, 80);
  } else {
    // Outside the body: past the anterior cortex only if that is the surface it faces.
    const Vec3 n = f.body.normal(needle.targetMm);
    const double ant = core::dot(n, fr.anterior), up = std::abs(core::dot(n, fr.superior));
    tipOutThroughEndplate = up > std::abs(ant);
    m.anteriorCortexMarginMm = tipLocal.y > 0 && ant > up ? -tipBody : big;
  }

  // Soft-tissue path: air inside the skin is lung (or bowel) on the needle's way.
  {
    const detail::VolumeSampler<int16_t> ct(planningCase.volume().hu.GetPointer());
    const detail::VolumeSampler<uint8_t> body(planningCase.bodyMask());
    const Vec3 e1 = across(fr.left, d), e2 = core::cross(d, e1);
    const Vec3 offsets[5] = {{}, e1 * radius, e1 * -radius, e2 * radius, e2 * -radius};
    const double pathMm = core::distance(needle.skinEntryMm, needle.boneEntryMm);
    const Vec3 dSkin = core::normalized(needle.boneEntryMm - needle.skinEntryMm);
    double air = 0;
    for (double t = kSkinBlurMm; t < pathMm; t += step) {
      bool inAir = false;
      for (const Vec3& o : offsets) {
        const Vec3 p = needle.skinEntryMm + dSkin * t + o;
        if (body.nearest(p, 0) && ct.linear(p, -1000) < kAirHu) inAir = true;
      }
      if (inAir) air += step;
    }
    m.lungPathMm = air;
    // Bone on the axis before the entry: another vertebra's lamina or process, a rib, the ilium.
    double bone = 0;
    for (double t = kSkinBlurMm; t < pathMm - kEntryBlurMm; t += step)
      if (ct.linear(needle.skinEntryMm + dSkin * t, -1000) > kBoneHu) bone += step;
    m.boneBeforeEntryMm = bone;
  }

  // Verdict: unsafe findings first, then cautions; every one with its number.
  if (m.canalMarginMm < 0)
    find.unsafe.push_back(
        transpedicular
            ? fmt("medial pedicle wall breach into the canal (%.1f mm deep)", -m.canalMarginMm)
            : fmt("needle enters the spinal canal (%.1f mm deep)", -m.canalMarginMm));
  // A breach shallower than the scan resolves is reported, but as a caution.
  const double resolution = f.resolutionMm;
  const bool resolvedWallBreach = m.pedicleWallMarginMm < -resolution;
  if (transpedicular && pedicleSampled && m.pedicleWallMarginMm < 0 && !resolvedWallBreach) {
    const char* names[] = {"medial", "lateral", "superior", "inferior"};
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "possible %s pedicle wall breach (%.1f mm, within the scan's %.1f mm resolution)",
                  names[int(worstWall)], -m.pedicleWallMarginMm, resolution);
    find.caution.push_back(buf);
  }
  if (transpedicular && pedicleSampled && resolvedWallBreach) {
    // The axis itself may have left the bone: then every wall measured beyond the scan's
    // resolution is named, the nearest-surface one first.
    const std::pair<Wall, double> walls[] = {{Wall::kMedial, m.medialWallMarginMm},
                                             {Wall::kInferior, m.inferiorWallMarginMm},
                                             {Wall::kLateral, m.lateralWallMarginMm},
                                             {Wall::kSuperior, m.superiorWallMarginMm}};
    for (const auto& [wall, margin] : walls) {
      if (wall == worstWall || margin >= -resolution) continue;
      if (wall == Wall::kMedial && m.canalMarginMm >= 0)
        find.unsafe.push_back(fmt("medial pedicle wall breach (%.1f mm), %.1f mm from the canal",
                                  -margin, m.canalMarginMm));
      if (wall == Wall::kInferior)
        find.unsafe.push_back(fmt("inferior pedicle wall breach (%.1f mm)", -margin));
    }
    const double depth = -m.pedicleWallMarginMm;
    switch (worstWall) {
      case Wall::kMedial:
        if (m.canalMarginMm >= 0)
          find.unsafe.push_back(fmt("medial pedicle wall breach (%.1f mm), %.1f mm from the canal",
                                    depth, m.canalMarginMm));
        break;
      case Wall::kInferior:
        find.unsafe.push_back(
            m.foramenMarginMm < 0
                ? fmt("inferior pedicle wall breach into the neural foramen (%.1f mm)", depth)
                : fmt("inferior pedicle wall breach (%.1f mm)", depth));
        break;
      case Wall::kLateral:
        find.caution.push_back(fmt("lateral pedicle wall breach (%.1f mm)", depth));
        break;
      case Wall::kSuperior:
        find.caution.push_back(fmt("superior pedicle wall breach (%.1f mm)", depth));
        break;
    }
  }
  auto breach = [&](double margin, const char* what) {
    if (margin >= 0) return;
    if (margin < -resolution)
      find.unsafe.push_back(fmt(what, -margin));
    else
      find.caution.push_back(fmt(
          (std::string("possibly: ") + what + ", within the scan's resolution").c_str(), -margin));
  };
  if (!(transpedicular && resolvedWallBreach && worstWall == Wall::kInferior))
    breach(m.foramenMarginMm, "needle enters the neural foramen (%.1f mm deep)");
  breach(m.superiorEndplateMarginMm, "path crosses the superior endplate into the disc (%.1f mm)");
  breach(m.inferiorEndplateMarginMm, "path crosses the inferior endplate into the disc (%.1f mm)");
  if (lateralBodyBreach)
    find.unsafe.push_back("path leaves the vertebral body through its lateral wall");
  if (m.anteriorCortexMarginMm < 0)
    find.unsafe.push_back(fmt("tip %.1f mm beyond the anterior cortex", -m.anteriorCortexMarginMm));
  else if (!targetInBody && !tipOutThroughEndplate)
    find.unsafe.push_back("target is not inside the vertebral body");
  if (m.lungPathMm > 0)
    find.unsafe.push_back(
        fmt("path crosses lung (air) for %.1f mm: pneumothorax risk", m.lungPathMm));
  if (m.boneBeforeEntryMm >= 2.0)
    find.unsafe.push_back(
        fmt("path crosses %.1f mm of bone before its entry point (another vertebra, a rib or the "
            "pelvis)",
            m.boneBeforeEntryMm));
  if (m.spareLengthMm < 0)
    find.unsafe.push_back(fmt("needle too short: skin to target is %.1f mm, the needle %.0f mm",
                              m.skinToTargetMm, needle.lengthMm));

  auto near = [&](double margin, double limit, const char* what) {
    if (margin >= 0 && margin < limit && margin < big) find.caution.push_back(fmt(what, margin));
  };
  if (transpedicular && pedicleSampled) {
    near(m.medialWallMarginMm, th.pedicleWallCautionMm,
         "needle %.1f mm from the medial pedicle wall");
    near(m.inferiorWallMarginMm, th.pedicleWallCautionMm,
         "needle %.1f mm from the inferior pedicle wall");
    near(m.lateralWallMarginMm, th.pedicleWallCautionMm,
         "needle %.1f mm from the lateral pedicle wall");
    near(m.superiorWallMarginMm, th.pedicleWallCautionMm,
         "needle %.1f mm from the superior pedicle wall");
    if (m.pedicleWallMarginMm >= 0 && m.pedicleWallMarginMm < th.pedicleWallCautionMm &&
        std::min({m.medialWallMarginMm, m.inferiorWallMarginMm, m.lateralWallMarginMm,
                  m.superiorWallMarginMm}) >= th.pedicleWallCautionMm)
      find.caution.push_back(fmt("needle %.1f mm from a pedicle wall", m.pedicleWallMarginMm));
  }
  if (transpedicular && !pedicleSampled)
    find.caution.push_back("path does not pass through the pedicle");
  if (!transpedicular)
    find.caution.push_back(
        "parapedicular path: outside the pedicle, check the rib head and pleura");
  near(m.canalMarginMm, th.canalCautionMm, "needle %.1f mm from the spinal canal");
  near(m.foramenMarginMm, th.foramenCautionMm, "needle %.1f mm from the neural foramen");
  near(m.superiorEndplateMarginMm, th.endplateCautionMm,
       "needle %.1f mm from the superior endplate");
  near(m.inferiorEndplateMarginMm, th.endplateCautionMm,
       "needle %.1f mm from the inferior endplate");
  near(m.anteriorCortexMarginMm, th.anteriorCortexCautionMm,
       "tip %.1f mm from the anterior cortex");
  near(m.spareLengthMm, th.spareLengthCautionMm, "only %.1f mm of needle left outside the skin");
  if (targetInBody) {
    // The anterior third: the tip's depth from the anterior wall against the body's depth there.
    const double front = f.body.distanceToSurface(needle.targetMm, fr.anterior, 80);
    const double back = f.body.distanceToSurface(needle.targetMm, -fr.anterior, 80);
    if (front + back > 0 && front / (front + back) > 1.0 / 3.0 + 1e-9)
      find.caution.push_back(
          fmt("target not in the anterior third of the body (%.0f %% of its depth from the front)",
              100 * front / (front + back)));
  }
  if (!planningCase.reference().geometry.contains(needle.skinEntryMm, 1.0)) {
    find.caution.push_back("skin entry outside the scanned volume");
  } else {
    // An edited skin point should still be on the skin: just outside it is outside the body.
    const detail::VolumeSampler<uint8_t> body(planningCase.bodyMask());
    const Vec3 dSkin = core::normalized(needle.targetMm - needle.skinEntryMm);
    const Vec3 outside = needle.skinEntryMm - dSkin * kSkinBlurMm;
    if (!body.inside(outside))
      find.caution.push_back(
          "the scan ends before the skin on this path: skin entry and depth are only a lower "
          "bound");
    else if (body.nearest(outside, 0))
      find.caution.push_back("skin entry lies inside the body contour, not on the skin");
  }
  // A straight needle: the bone entry on the line from the skin entry to the target.
  {
    const Vec3 s = needle.skinEntryMm, t = needle.targetMm;
    const Vec3 line = core::normalized(t - s);
    const Vec3 off = needle.boneEntryMm - s - line * core::dot(needle.boneEntryMm - s, line);
    if (core::norm(off) > kCollinearToleranceMm)
      find.caution.push_back(
          fmt("skin entry, bone entry and target are not on one line (bone entry %.1f mm off)",
              core::norm(off)));
  }

  out.verdict = !find.unsafe.empty()
                    ? core::Verdict::kUnsafe
                    : (!find.caution.empty() ? core::Verdict::kCaution : core::Verdict::kSafe);
  out.reasons = find.unsafe;
  out.reasons.insert(out.reasons.end(), find.caution.begin(), find.caution.end());
  return out;
}

core::Result<core::NeedleAssessment> assessNeedle(const PlanningCase& planningCase,
                                                  const core::Needle& needle,
                                                  const SafetyThresholds& thresholds) {
  const int level = segment::levelFromName(needle.level);
  if (!level) return core::Error{needle.id, "unknown level \"" + needle.level + "\""};
  auto fields = planningCase.fields(level);
  if (!fields) return fields.error();
  return assessNeedle(planningCase, *fields.value(), needle, thresholds);
}

}  // namespace trocar::plan
