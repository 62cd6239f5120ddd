#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "trocar/core/Plan.h"
#include "trocar/core/Result.h"

namespace trocar::core {

// The plan file: JSON, schema version 2.
//
//   { "format": "trocar-plan", "schemaVersion": 2,
//     "case": { "studyInstanceUid", "seriesInstanceUid", "volumeChecksum",
//               "geometry": { "sizeVoxels": [i,j,k], "originMm": [x,y,z], "spacingMm": [x,y,z],
//                             "directionColumns": [9 numbers] } },
//     "author", "createdUtc", "modifiedUtc", "notes",
//     "approval": { "approvedBy", "approvedUtc" }   (optional: written only once approved),
//     "levels": [ { "name": "L2", "strategy": "bipedicular" | "unipedicular",
//                   "cement": { "volumeMl", "viscosity": "low"|"medium"|"high",
//                               "injectionRateMlPerMin",
//                               "stopCriterion": "planned-volume"|"posterior-wall"|"leakage"|
//                                                "endplate"|"pressure-limit",
//                               "startMinAfterMixing" (min), "pressureLimitKpa" (kPa) } } ],
//     "needles": [ { "id", "level", "approach": "transpedicular"|"parapedicular",
//                    "side": "left"|"right", "gauge": 10|11|13|15, "lengthMm",
//                    "skinEntryMm", "boneEntryMm", "targetMm": [x,y,z] (LPS mm),
//                    "views": { "trueAp"|"trueLateral"|"downTheBarrel"|"enFacePedicle":
//                               { "laoDeg", "cranialDeg" } },
//                    "assessment": { "verdict": "safe"|"caution"|"unsafe", "reasons": [..],
//                                    "metrics": { every NeedleMetrics field by name } } } ] }
//
// Migration: each older version has one function that lifts it to the next (v0 -> v1, ...),
// applied in order on load; saving always writes the current version. Version 0 (the draft
// format of early prototypes) had "version" instead of "schemaVersion", no per-level "cement"
// (the defaults apply), no needle "views" (zero angles until the plan module recomputes them)
// and no "assessment" (verdict "caution", reason "not yet assessed"). "approval" came later
// within version 1 as an optional object, so plans saved before it load as not approved and
// plans without an approval are written exactly as before. Version 1 had no cement
// "startMinAfterMixing" and "pressureLimitKpa": a version 1 level gets its class's usual start
// (the dough time it was simulated from) and the default pressure limit.
//
// Loading checks every field (presence, type, range, enum value, cross-references, and that
// every point lies in the referenced volume) and names the first bad one by its JSON pointer.

nlohmann::json planToJson(const Plan& plan);
Result<Plan> planFromJson(const nlohmann::json& json);

// Writes atomically: a temporary file in the same folder, flushed to disk, then renamed over the
// final name, so a crash leaves either the old plan or the new one, never half of one.
Result<std::filesystem::path> savePlan(const Plan& plan, const std::filesystem::path& path);
Result<Plan> loadPlan(const std::filesystem::path& path);

}  // namespace trocar::core
