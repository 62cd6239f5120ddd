#pragma once

#include <array>
#include <cstdint>

#include "trocar/phantom/Labels.h"
#include "trocar/phantom/PhantomSpec.h"

namespace trocar::phantom {

// What a point is made of; decides its HU. Kept apart from Part because one part holds several
// tissues (a body is cortex and cancellous bone) and one tissue serves several parts.
enum class Tissue : uint8_t {
  kAir,
  kLung,
  kFat,
  kMuscle,
  kCsf,
  kCord,
  kDisc,
  kCancellous,
  kCortical,
  kPosteriorBone,
  kRib,
  kSacrum,
  kLesion,
  kMetal,
  kCount
};

// The answer for one point: tissue, anatomical part and vertebra level (0 when not bone).
struct Hit {
  Tissue tissue = Tissue::kAir;
  Part part = Part::kBackground;
  uint8_t level = 0;
};

using HuTable = std::array<double, static_cast<size_t>(Tissue::kCount)>;

inline HuTable makeHuTable(const TissueHu& hu) {
  HuTable t{};
  auto set = [&t](Tissue k, double v) { t[static_cast<size_t>(k)] = v; };
  set(Tissue::kAir, hu.air);
  set(Tissue::kLung, hu.lung);
  set(Tissue::kFat, hu.fat);
  set(Tissue::kMuscle, hu.muscle);
  set(Tissue::kCsf, hu.csf);
  set(Tissue::kCord, hu.cord);
  set(Tissue::kDisc, hu.disc);
  set(Tissue::kCancellous, hu.cancellous);
  set(Tissue::kCortical, hu.cortical);
  set(Tissue::kPosteriorBone, hu.posteriorBone);
  set(Tissue::kRib, hu.rib);
  set(Tissue::kSacrum, hu.sacrum);
  set(Tissue::kLesion, hu.lesion);
  set(Tissue::kMetal, hu.metal);
  return t;
}

}  // namespace trocar::phantom
