#include "trocar/plan/PlanningCase.h"

#include "trocar/core/Checksum.h"

namespace trocar::plan {

core::CaseReference caseReferenceOf(const image::CtVolume& volume) {
  core::CaseReference r;
  r.studyInstanceUid = volume.metadata.studyInstanceUid;
  r.seriesInstanceUid = volume.metadata.seriesInstanceUid;
  const auto& img = *volume.hu;
  const auto size = img.GetLargestPossibleRegion().GetSize();
  for (int a = 0; a < 3; ++a) {
    r.geometry.sizeVoxels[a] = int(size[a]);
    r.geometry.originMm[a] = img.GetOrigin()[a];
    r.geometry.spacingMm[a] = img.GetSpacing()[a];
    for (int row = 0; row < 3; ++row)
      r.geometry.directionColumns[3 * a + row] = img.GetDirection()[row][a];
  }
  uint64_t h =
      core::fnv1a64(img.GetBufferPointer(), img.GetPixelContainer()->Size() * sizeof(int16_t));
  h = core::fnv1a64(r.geometry.sizeVoxels.data(), sizeof(r.geometry.sizeVoxels), h);
  for (int a = 0; a < 3; ++a) {
    const double o = r.geometry.originMm[a], s = r.geometry.spacingMm[a];
    h = core::fnv1a64(&o, sizeof o, h);
    h = core::fnv1a64(&s, sizeof s, h);
  }
  h = core::fnv1a64(r.geometry.directionColumns.data(), sizeof(r.geometry.directionColumns), h);
  r.volumeChecksum = core::formatChecksum(h);
  return r;
}

std::optional<core::Error> planMismatch(const core::Plan& plan, const PlanningCase& planningCase) {
  const core::CaseReference& mine = plan.caseReference;
  const core::CaseReference& scan = planningCase.reference();
  auto differ = [](const std::string& a, const std::string& b) {
    return !a.empty() && !b.empty() && a != b;
  };
  if (differ(mine.studyInstanceUid, scan.studyInstanceUid))
    return core::Error{"case", "the plan is for study " + mine.studyInstanceUid +
                                   ", this scan is " + scan.studyInstanceUid};
  if (differ(mine.seriesInstanceUid, scan.seriesInstanceUid))
    return core::Error{"case", "the plan is for series " + mine.seriesInstanceUid +
                                   ", this scan is " + scan.seriesInstanceUid};
  if (!(mine.geometry == scan.geometry))
    return core::Error{"case", "the plan was made on a different voxel grid"};
  if (mine.volumeChecksum != scan.volumeChecksum)
    return core::Error{"case", "the scan's voxels differ from the plan's (checksum " +
                                   scan.volumeChecksum + ", plan " + mine.volumeChecksum + ")"};
  return std::nullopt;
}

core::Result<PlanningCase> PlanningCase::create(const image::CtVolume& volume,
                                                segment::SpineAnatomy anatomy,
                                                const FieldOptions& options) {
  if (!volume.hu) return core::Error{"", "no CT volume"};
  const auto region = volume.hu->GetLargestPossibleRegion();
  if (region.GetNumberOfPixels() == 0) return core::Error{"", "the CT volume is empty"};
  for (const auto* map : {anatomy.levels.GetPointer(), anatomy.parts.GetPointer()}) {
    if (!map) return core::Error{"segmentation", "the level or part map is missing"};
    if (map->GetLargestPossibleRegion() != region ||
        (map->GetOrigin() - volume.hu->GetOrigin()).GetNorm() > 1e-3 ||
        (map->GetSpacing() - volume.hu->GetSpacing()).GetNorm() > 1e-6)
      return core::Error{"segmentation", "the label maps are not on the CT's grid"};
  }
  PlanningCase c;
  c.state_ = std::make_shared<State>();
  c.state_->volume = volume;
  c.state_->anatomy = std::move(anatomy);
  c.state_->reference = caseReferenceOf(volume);
  c.state_->body = bodyContourMask(*volume.hu);
  c.state_->options = options;
  return c;
}

core::Result<std::shared_ptr<const VertebraFields>> PlanningCase::fields(int level) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->cache.find(level);
  if (it != state_->cache.end()) return it->second;
  auto built = buildVertebraFields(state_->anatomy, level, state_->options);
  if (!built) return built.error();
  auto shared = std::make_shared<const VertebraFields>(std::move(built).value());
  state_->cache[level] = shared;
  return shared;
}

}  // namespace trocar::plan
