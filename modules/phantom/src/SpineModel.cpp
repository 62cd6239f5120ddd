#include "SpineModel.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "LevelTable.h"
#include "trocar/phantom/Labels.h"

namespace trocar::phantom {
namespace {

using core::Vec3;
constexpr double kDeg = std::numbers::pi / 180.0;
// The sacral plateau leans forward well beyond L5: a sacral slope of about 40 degrees.
constexpr double kSacrumExtraTiltDeg = 20.0;

// Tilt of a level's body axis about the left-right axis, degrees; positive leans the superior
// end posteriorly. Lumbar lordosis is spread evenly with L3 upright, so L1 leans back and L5
// forward; thoracic levels continue L1's lean (the thoracolumbar junction is nearly straight).
double tiltDeg(int label, double lordosisDeg) {
  const double half = lordosisDeg / 2;
  if (level::isLumbar(label)) return half - lordosisDeg * (label - level::kL1) / 4.0;
  if (label == level::kSacrum) return -half - kSacrumExtraTiltDeg;
  return half;
}

LocalFrame frameAt(const Vec3& origin, double tilt) {
  const double a = tilt * kDeg;
  LocalFrame f;
  f.originMm = origin;
  f.lr = {1, 0, 0};
  f.si = {0, std::sin(a), std::cos(a)};
  f.ap = {0, std::cos(a), -std::sin(a)};
  return f;
}

// How far round the chest each rib reaches, from the back: true ribs nearly meet the sternum,
// T11 and T12 carry short floating ribs.
double ribArcDeg(int label) {
  if (label >= level::kL1) return 50;  // a lumbar rib is a short stub
  if (label == level::kT12) return 70;
  if (label == level::kT11) return 100;
  if (label >= level::kT1 + 7) return 150;
  return 160;
}

WorldBox boxOfLocal(const LocalFrame& f, const Vec3& lo, const Vec3& hi) {
  WorldBox b{{1e9, 1e9, 1e9}, {-1e9, -1e9, -1e9}};
  for (int c = 0; c < 8; ++c) {
    const Vec3 corner{(c & 1) ? hi.x : lo.x, (c & 2) ? hi.y : lo.y, (c & 4) ? hi.z : lo.z};
    const Vec3 w = f.toWorld(corner);
    for (int a = 0; a < 3; ++a) {
      b.min[a] = std::min(b.min[a], w[a]);
      b.max[a] = std::max(b.max[a], w[a]);
    }
  }
  return b;
}

}  // namespace

SpineModel::SpineModel(const PhantomSpec& spec) : spec_(spec), hu_(makeHuTable(spec.hu)) {
  if (spec.firstLevel < level::kT1 || spec.lastLevel > level::kL5 ||
      spec.firstLevel > spec.lastLevel)
    throw std::invalid_argument("phantom: levels must run from T1..L5 top to bottom");
  std::vector<int> labels;
  for (int l = spec.firstLevel; l <= spec.lastLevel; ++l) labels.push_back(l);
  // A sacrum only makes sense under L5.
  if (spec.sacrum && spec.lastLevel == level::kL5) labels.push_back(level::kSacrum);

  // Stack the bodies: each centre sits half a body, a disc and half a body below the previous,
  // the disc following the mean of the two body axes.
  std::vector<LocalFrame> frames;
  Vec3 centre{};
  for (size_t i = 0; i < labels.size(); ++i) {
    const double tilt = tiltDeg(labels[i], spec.lordosisDeg);
    if (i > 0) {
      const LevelDims up = dimsForLevel(labels[i - 1]), down = dimsForLevel(labels[i]);
      const LocalFrame probe = frameAt({}, tilt);
      const Vec3 discAxis = core::normalized(frames.back().si + probe.si);
      centre = frames.back().originMm - frames.back().si * (up.bodyHeightMm / 2) -
               discAxis * up.discBelowMm - probe.si * (down.bodyHeightMm / 2);
    }
    frames.push_back(frameAt(centre, tilt));
  }
  const size_t lastVertebra =
      labels.back() == level::kSacrum ? labels.size() - 2 : labels.size() - 1;
  const Vec3 shift =
      spec.centreMm - (frames.front().originMm + frames[lastVertebra].originMm) * 0.5;
  for (LocalFrame& f : frames) f.originMm += shift;

  levels_.reserve(labels.size());  // no reallocation after linking: levels point at neighbours
  for (size_t i = 0; i < labels.size(); ++i) {
    const double discAbove = i > 0 ? dimsForLevel(labels[i - 1]).discBelowMm : 0;
    levels_.emplace_back(labels[i], dimsForLevel(labels[i]), frames[i], spec, discAbove);
  }
  for (size_t i = 0; i + 1 < levels_.size(); ++i) levels_[i].linkBelow(levels_[i + 1]);
  for (size_t i = 0; i < levels_.size(); ++i) {
    levelBoxes_.push_back(
        boxOfLocal(levels_[i].frame(), levels_[i].localMin(), levels_[i].localMax()));
    allLevels_.push_back(static_cast<int>(i));
  }

  // Ribs on every level down to the last rib-bearing one. The chest cavity the lungs fill is
  // taken from the thoracic levels' rib geometry whether or not ribs are drawn.
  std::vector<Rib> cage;
  for (const VertebraGeometry& v : levels_) {
    if (v.isSacrum()) continue;
    for (int side = 0; side < 2; ++side) {
      Rib rib(v, side, ribArcDeg(v.label()));
      if (level::isThoracic(v.label())) cage.push_back(rib);
      if (spec.ribs && v.label() <= spec.lastRibLevel) {
        ribBoxes_.push_back({rib.worldMin(), rib.worldMax()});
        allRibs_.push_back(static_cast<int>(ribs_.size()));
        ribs_.push_back(rib);
      }
    }
  }

  torso_.centreX = spec.centreMm.x;
  torso_.centreY = spec.centreMm.y - 15;
  if (spec.lungs && !cage.empty()) {
    const VertebraGeometry* lowest = nullptr;
    for (const VertebraGeometry& v : levels_)
      if (level::isThoracic(v.label())) lowest = &v;
    double cavityY = 0;
    for (const Rib& r : cage) cavityY += r.cageCentreMm().y;
    cavityY /= double(cage.size());
    torso_.lungs = true;
    torso_.cavityCentreY = cavityY;
    torso_.cavityHalfWidthMm = cage.front().cageHalfWidthMm() - 12;
    torso_.cavityHalfDepthMm = cage.front().cageHalfDepthMm() - 12;
    torso_.spineFrontY = lowest->frame().originMm.y - lowest->body().halfDepthMm;
    torso_.paraspinalHalfWidthMm = lowest->body().halfWidthMm + 12;
    torso_.domeCentreX = 70;
    torso_.domeCentreY = cavityY - 10;
    // The posterior costophrenic recess reaches down to about the middle of T12.
    const double perLevelMm = lowest->dims().bodyHeightMm + lowest->dims().discBelowMm;
    torso_.diaphragmBaseZ =
        lowest->frame().originMm.z - (level::kT12 - lowest->label()) * perLevelMm;
  }
}

Hit SpineModel::evaluate(const Vec3& p) const { return evaluate(p, allLevels_, allRibs_); }

Hit SpineModel::evaluate(const Vec3& p, std::span<const int> levels,
                         std::span<const int> ribs) const {
  const Hit base = torso_.classify(p);
  if (base.tissue == Tissue::kAir) return base;

  constexpr size_t kMaxCandidates = 32;
  Vec3 local[kMaxCandidates];
  int index[kMaxCandidates];
  size_t n = 0;
  for (int i : levels) {
    if (n == kMaxCandidates) break;
    if (!levelBoxes_[i].contains(p)) continue;
    const Vec3 q = levels_[i].frame().toLocal(p);
    if (!levels_[i].inLocalBox(q)) continue;
    local[n] = q;
    index[n++] = i;
  }
  for (size_t c = 0; c < n; ++c) {
    const VertebraGeometry& v = levels_[index[c]];
    if (v.hasScrew() && v.inScrew(local[c])) {
      const bool inBone = v.bone(local[c]).has_value();
      return Hit{Tissue::kMetal, Part::kScrew, static_cast<uint8_t>(inBone ? v.label() : 0)};
    }
  }
  for (size_t c = 0; c < n; ++c)
    if (auto h = levels_[index[c]].bone(local[c])) return *h;
  for (int r : ribs)
    if (ribBoxes_[r].contains(p) && ribs_[r].contains(p)) return Hit{Tissue::kRib, Part::kRib, 0};
  for (size_t c = 0; c < n; ++c)
    if (auto h = levels_[index[c]].soft(local[c])) return *h;
  return base;
}

bool SpineModel::isBoneOfLevel(size_t index, const Vec3& p) const {
  return levels_[index].bone(levels_[index].frame().toLocal(p)).has_value();
}

WorldBox SpineModel::spineBox() const {
  WorldBox b{{1e9, 1e9, 1e9}, {-1e9, -1e9, -1e9}};
  for (const WorldBox& l : levelBoxes_)
    for (int a = 0; a < 3; ++a) {
      b.min[a] = std::min(b.min[a], l.min[a]);
      b.max[a] = std::max(b.max[a], l.max[a]);
    }
  return b;
}

}  // namespace trocar::phantom
