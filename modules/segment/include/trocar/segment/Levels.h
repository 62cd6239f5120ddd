#pragma once

#include <string>
#include <string_view>

namespace trocar::segment {

// Vertebra levels in VerSe numbering, the convention of the public VerSe and TotalSegmentator
// data: 1-7 C1-C7, 8-19 T1-T12, 20-24 L1-L5, 25 L6, 26 sacrum, 28 T13 (27 is unused: it was
// cocygeal in VerSe). 0 is "not a vertebra".
namespace verse {
inline constexpr int kC1 = 1;
inline constexpr int kC7 = 7;
inline constexpr int kT1 = 8;
inline constexpr int kT11 = 18;
inline constexpr int kT12 = 19;
inline constexpr int kL1 = 20;
inline constexpr int kL5 = 24;
inline constexpr int kL6 = 25;
inline constexpr int kSacrum = 26;
inline constexpr int kT13 = 28;
}  // namespace verse

// "C3", "T12", "T13", "L6", "S"; "?" for numbers outside VerSe.
std::string levelName(int verseLabel);
// The inverse of levelName (case-insensitive, "S1" and "sacrum" accepted); 0 when unknown.
int levelFromName(std::string_view name);

// The level `steps` vertebrae further down the column (negative: up), through the transitional
// levels when present: T12 -> T13 only if `hasT13`, L5 -> L6 only if `hasL6`, last lumbar -> sacrum.
// Returns 0 when the walk leaves C1..sacrum.
int levelBelow(int verseLabel, int steps, bool hasT13 = false, bool hasL6 = false);

}  // namespace trocar::segment
