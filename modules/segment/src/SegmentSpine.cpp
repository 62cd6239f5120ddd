#include "trocar/segment/SegmentSpine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "BoneMask.h"
#include "DiscFinder.h"
#include "LevelNaming.h"
#include "MeasureAnatomy.h"
#include "NativeLabels.h"
#include "PartsLabeller.h"
#include "Resample.h"
#include "SegmentFeatures.h"
#include "SpineTrack.h"
#include "VertebraSplitter.h"
#include "trocar/segment/Levels.h"

namespace trocar::segment {

namespace {
core::Error cancelled() { return core::Error{"", "cancelled"}; }

// The segment containing (or nearest to) a point, for a user-named level.
int segmentNear(const detail::Volume<uint8_t>& segments, const core::Vec3& p) {
  const detail::Grid& g = segments.grid;
  const core::Vec3 c = g.continuousIndex(p);
  const int ci = int(std::lround(c.x)), cj = int(std::lround(c.y)), ck = int(std::lround(c.z));
  for (int r = 0; r <= int(30 / g.spacingMm); ++r)
    for (int k = ck - r; k <= ck + r; ++k)
      for (int j = cj - r; j <= cj + r; ++j)
        for (int i = ci - r; i <= ci + r; ++i)
          if (const uint8_t s = segments.at(i, j, k, 0)) return s;
  return 0;
}
// Set TROCAR_SEGMENT_DEBUG to see what the tracker and disc finder saw.
void debugPrint(const detail::Grid& g, const detail::SpineTrack& track, const std::vector<detail::CentrePoint>& line,
                const std::vector<detail::DiscPlane>& discs, const std::vector<detail::SegmentFeatures>& features) {
  std::fprintf(stderr, "grid %d %d %d origin %.1f %.1f %.1f, spine k %d..%d strength %.0f\n", g.nx, g.ny, g.nz,
               g.originMm.x, g.originMm.y, g.originMm.z, track.kFirst, track.kLast, track.canalStrength);
  for (int k = track.kFirst; k <= track.kLast; k += 2) {
    const auto& a = track.slices[k];
    std::fprintf(stderr, "k %3d z %6.1f canal %d %6.1f %6.1f r %4.1f wall %6.1f body %d %6.1f %6.1f\n", k, g.zMm(k),
                 int(a.canalSeen), a.canalXMm, a.canalYMm, a.canalRadiusMm, a.wallYMm, int(a.bodySeen), a.bodyXMm,
                 a.bodyYMm);
  }
  for (size_t i = 0; i < line.size(); i += 2)
    std::fprintf(stderr, "s %3zu z %6.1f frac %.2f hu %5.0f\n", i, line[i].pMm.z, line[i].tissueFraction, line[i].meanHu);
  for (const auto& d : discs)
    std::fprintf(stderr, "disc at %.1f %.1f %.1f n %.2f %.2f %.2f depth %.2f\n", d.pointMm.x, d.pointMm.y, d.pointMm.z,
                 d.normal.x, d.normal.y, d.normal.z, d.depth);
  for (const auto& f : features)
    std::fprintf(stderr, "segment %d %.1f mL edge %d ala %.1f sacrum %d ribs %d\n", f.segment, f.volumeMl,
                 int(f.touchesEdge), f.alaHalfWidthMm, int(f.sacrumLike), f.ribCount);
}
}  // namespace

core::Result<SpineAnatomy> segmentSpine(const image::CtVolume& volume, const SegmentOptions& options,
                                        const core::Progress& progress) {
  if (!volume.hu) return core::Error{"", "no CT volume to segment"};
  const auto size = volume.hu->GetLargestPossibleRegion().GetSize();
  if (size[0] < 8 || size[1] < 8 || size[2] < 3)
    return core::Error{"", "the volume is too small to hold a vertebra"};
  const double spacing = std::clamp(options.workingSpacingMm, 0.5, 3.0);

  const auto t0 = std::chrono::steady_clock::now();
  const bool debug = std::getenv("TROCAR_SEGMENT_DEBUG") != nullptr;
  auto lap = [&](const char* what) {
    if (debug)
      std::fprintf(stderr, "%-12s %.2f s\n", what,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  progress.report(0.0, "resampling");
  const detail::Volume<float> hu = detail::resampleToWorkGrid(*volume.hu, spacing);
  if (progress.cancelled()) return cancelled();
  lap("resample");
  progress.report(0.1, "bone");
  const detail::BoneThresholds thresholds;
  const detail::Volume<uint8_t> tissue = detail::boneTissue(hu, thresholds);
  if (progress.cancelled()) return cancelled();
  lap("bone");
  progress.report(0.2, "spinal canal");
  auto tracked = detail::trackSpine(hu, tissue);
  if (!tracked) return tracked.error();
  const detail::SpineTrack& track = tracked.value();
  if (progress.cancelled()) return cancelled();
  lap("canal");
  progress.report(0.35, "discs");
  const auto line = detail::sampleCentreline(hu, tissue, track);
  const auto discs = detail::findDiscs(hu, tissue, line);
  if (progress.cancelled()) return cancelled();
  lap("discs");
  progress.report(0.45, "vertebrae");
  const detail::SplitResult split = detail::splitVertebrae(hu, tissue, track, discs);
  const auto features = detail::describeSegments(hu, tissue, track, discs, split);
  if (debug) debugPrint(hu.grid, track, line, discs, features);
  if (progress.cancelled()) return cancelled();

  lap("split");
  progress.report(0.6, "levels");
  detail::NamingOverride user;
  user.shift = options.levelShift;
  if (options.namedLevel) {
    const int s = segmentNear(split.segments, options.namedLevel->pointMm);
    if (s == 0) return core::Error{"named level", "no vertebra near the point given for " +
                                                      levelName(options.namedLevel->verseLabel)};
    user.namedSegment = std::make_pair(s, options.namedLevel->verseLabel);
  }
  const detail::LevelNaming naming = detail::nameLevels(features, user);
  if (std::all_of(naming.verseOfSegment.begin(), naming.verseOfSegment.end(), [](int v) { return v == 0; }))
    return core::Error{"", "no spine in the field of view: no vertebra could be separated"};

  lap("naming");
  progress.report(0.7, "parts");
  const detail::Volume<uint8_t> parts = detail::labelParts(hu, tissue, track, discs, split);
  if (progress.cancelled()) return cancelled();
  lap("parts");
  progress.report(0.8, "anatomy");
  SpineAnatomy anatomy;
  anatomy.levelConfidence = naming.confidence;
  anatomy.levelReasoning = naming.reasoning;
  anatomy.vertebrae = detail::measureAnatomy(hu, tissue, track, discs, split, parts, features, naming.verseOfSegment,
                                             anatomy.warnings);
  lap("anatomy");
  progress.report(0.9, "label maps");
  const auto maps = detail::mapToInput(*volume.hu, split.segments, naming.verseOfSegment, parts, thresholds.edgeHu);
  anatomy.levels = maps.levels;
  anatomy.parts = maps.parts;
  lap("labels");
  progress.report(1.0, "done");
  return anatomy;
}

}  // namespace trocar::segment
