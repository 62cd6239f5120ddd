#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "trocar/core/Plan.h"
#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"
#include "trocar/plan/VertebraFields.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::plan {

// The CT in HU below which a voxel inside the body is air or lung.
inline constexpr double kAirHu = -400;

// Everything planning needs about one scan: the CT, its segmentation, the body (skin) contour,
// and the distance fields of each level, built on first use and kept. Copying shares the cache.
class PlanningCase {
 public:
  // Computes the body contour (one pass over the CT) and the case reference (UIDs, checksum,
  // geometry). Fails when the volume is empty or the maps do not match its grid.
  static core::Result<PlanningCase> create(const image::CtVolume& volume,
                                           segment::SpineAnatomy anatomy,
                                           const FieldOptions& options = {});

  const image::CtVolume& volume() const { return state_->volume; }
  const segment::SpineAnatomy& anatomy() const { return state_->anatomy; }
  const core::CaseReference& reference() const { return state_->reference; }
  // Inside the skin: the largest body of tissue in each axial slice, its holes (lungs, bowel gas)
  // filled. 1 inside.
  const image::LabelImage* bodyMask() const { return state_->body.GetPointer(); }

  // The fields of a level (VerSe label), built once; thread-safe.
  core::Result<std::shared_ptr<const VertebraFields>> fields(int level) const;

 private:
  struct State {
    image::CtVolume volume;
    segment::SpineAnatomy anatomy;
    core::CaseReference reference;
    image::LabelImage::Pointer body;
    FieldOptions options;
    std::mutex mutex;
    std::map<int, std::shared_ptr<const VertebraFields>> cache;
  };
  std::shared_ptr<State> state_;
};

// The reference a plan keeps to its scan: UIDs, FNV-1a checksum of the voxels and geometry.
core::CaseReference caseReferenceOf(const image::CtVolume& volume);

// Whether a (loaded) plan was made on this scan: the same voxels and grid by checksum, and the
// same study and series when both name them (NIfTI files carry no UIDs). Nothing when it matches.
std::optional<core::Error> planMismatch(const core::Plan& plan, const PlanningCase& planningCase);

// Inside-the-skin mask of a CT (see PlanningCase::bodyMask).
image::LabelImage::Pointer bodyContourMask(const image::CtImage& ct);

}  // namespace trocar::plan
