#include "LevelNaming.h"

#include "trocar/segment/Levels.h"

namespace trocar::segment::detail {

namespace {
// Labels every present segment by walking the column from one anchor segment.
void walkFrom(const std::vector<int>& present, size_t anchorPos, int anchorLabel, bool hasT13, bool hasL6,
              LevelNaming& out) {
  for (size_t p = 0; p < present.size(); ++p) {
    // present[] runs inferior to superior: higher positions are higher up the column.
    const int steps = int(anchorPos) - int(p);
    out.verseOfSegment[present[p]] = levelBelow(anchorLabel, steps, hasT13, hasL6);
  }
}
}  // namespace

LevelNaming nameLevels(const std::vector<SegmentFeatures>& segments, const NamingOverride& user) {
  LevelNaming out;
  out.verseOfSegment.assign(segments.size(), 0);
  std::vector<int> present;  // segment numbers, inferior to superior
  for (size_t s = 1; s < segments.size(); ++s)
    if (segments[s].volumeMl >= 1.0) present.push_back(int(s));
  if (present.empty()) return out;

  if (user.namedSegment) {
    const auto [seg, label] = *user.namedSegment;
    for (size_t p = 0; p < present.size(); ++p)
      if (present[p] == seg) walkFrom(present, p, label, label == verse::kT13, label == verse::kL6, out);
    out.confidence = 1.0;
    out.reasoning = "level named by the user";
    return out;
  }

  std::optional<size_t> sacrum, lastRib;
  if (segments[present.front()].sacrumLike) sacrum = 0;
  for (size_t p = 0; p < present.size(); ++p)
    if (segments[present[p]].ribs && (!sacrum || p != *sacrum)) {
      lastRib = p;
      break;  // the lowest rib-bearing vertebra
    }

  if (sacrum && lastRib) {
    const int lumbar = int(*lastRib) - int(*sacrum) - 1;
    if (lumbar == 5) {
      walkFrom(present, *sacrum, verse::kSacrum, false, false, out);
      out.confidence = 0.95;
      out.reasoning = "sacrum and last rib-bearing vertebra (T12) both seen, five lumbar vertebrae between them";
    } else if (lumbar == 6) {
      walkFrom(present, *sacrum, verse::kSacrum, false, true, out);
      out.confidence = 0.8;
      out.reasoning = "six rib-free vertebrae above the sacrum: numbered with a transitional L6";
    } else if (lumbar == 4) {
      walkFrom(present, *lastRib, verse::kT13, true, false, out);
      out.confidence = 0.6;
      out.reasoning = "four rib-free vertebrae above the sacrum: the lowest rib-bearing one numbered T13 "
                      "(a sacralised L5 is the other reading)";
    } else {
      walkFrom(present, *sacrum, verse::kSacrum, false, false, out);
      out.confidence = 0.4;
      out.reasoning = std::to_string(lumbar) + " rib-free vertebrae between the sacrum and the last rib: "
                      "numbered up from the sacrum, check the levels";
    }
  } else if (sacrum) {
    walkFrom(present, *sacrum, verse::kSacrum, false, false, out);
    const bool ribsInView = present.size() > 6;
    out.confidence = ribsInView ? 0.6 : 0.75;
    out.reasoning = ribsInView ? "numbered up from the sacrum; no rib-bearing vertebra was recognised to confirm it"
                               : "numbered up from the sacrum; the thoracolumbar junction is outside or at the edge "
                                 "of the field of view";
  } else if (lastRib) {
    walkFrom(present, *lastRib, verse::kT12, false, false, out);
    // Below the last rib seen there must be a whole rib-free vertebra for it to be the last one:
    // a vertebra cut by the bottom of the field may carry its rib out of view.
    const bool confirmed = *lastRib > 0 && !segments[present[*lastRib - 1]].touchesBottom;
    out.confidence = confirmed ? 0.6 : 0.3;
    if (confirmed)
      out.reasoning = "numbered from the last rib-bearing vertebra (taken as T12); the sacrum is not in view";
    else if (segments[present[*lastRib]].ribCutByField)
      // Its rib is seen only where it leaves the field: a 12th rib, unless an unseen vertebra below
      // carries one too.
      out.reasoning = "numbered from the lowest rib-bearing vertebra seen (taken as T12), whose rib is cut by the "
                      "field and seen only as it leaves it; a vertebra below the field may carry a rib too (then "
                      "every level is one higher): name a level to confirm";
    else
      out.reasoning = "numbered from the lowest rib-bearing vertebra seen (taken as T12), but the vertebra below it "
                      "is cut by the field and may carry a rib out of view (then every level is one higher): name "
                      "a level to confirm";
  } else {
    // No anchor: the lowest vertebra seen is assumed to be L5, the commonest field of a lumbar CT.
    walkFrom(present, 0, verse::kL5, false, false, out);
    out.confidence = 0.2;
    out.reasoning = "no sacrum and no rib seen: the lowest vertebra was assumed to be L5; name a level to fix it";
  }
  if (user.shift != 0) {
    for (int s : present) out.verseOfSegment[s] = levelBelow(out.verseOfSegment[s], user.shift);
    out.reasoning += "; shifted by " + std::to_string(user.shift) + " level(s) by the user";
    out.confidence = 1.0;
  }
  return out;
}

}  // namespace trocar::segment::detail
