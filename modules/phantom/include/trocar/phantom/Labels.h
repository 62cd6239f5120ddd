#pragma once

#include <cstdint>
#include <string>

namespace trocar::phantom {

// Level labels follow the VerSe challenge numbering so that phantom ground truth and public
// VerSe masks can be compared by the same code: 1-7 C1-C7, 8-19 T1-T12, 20-24 L1-L5,
// 25 L6 (transitional, unused here), 26 sacrum. 0 is background (not a vertebra).
namespace level {
inline constexpr uint8_t kBackground = 0;
inline constexpr uint8_t kT1 = 8;
inline constexpr uint8_t kT10 = 17;
inline constexpr uint8_t kT11 = 18;
inline constexpr uint8_t kT12 = 19;
inline constexpr uint8_t kL1 = 20;
inline constexpr uint8_t kL2 = 21;
inline constexpr uint8_t kL3 = 22;
inline constexpr uint8_t kL4 = 23;
inline constexpr uint8_t kL5 = 24;
inline constexpr uint8_t kSacrum = 26;

constexpr bool isThoracic(int label) { return label >= kT1 && label <= kT12; }
constexpr bool isLumbar(int label) { return label >= kL1 && label <= kL5; }
}  // namespace level

// "T10", "L3", "S" (sacrum); "?" for labels the phantom does not make.
std::string levelName(int levelLabel);
// The inverse of levelName; 0 when the name is not a T1-T12, L1-L5 or S level.
int levelFromName(const std::string& name);

// Parts map: what a voxel is, independent of which vertebra it belongs to. The level map says
// which vertebra; the parts map says which piece. Together they are the segmentation truth.
// The level map marks vertebral bone only (body, pedicles, posterior elements, a lesion inside
// the body, the part of a screw inside bone); discs, canal, cord, ribs and lungs carry level 0.
// Where two levels' bone would touch, the upper level wins (a fixed rule, so labels are exact).
enum class Part : uint8_t {
  kBackground = 0,         // air outside the body
  kBody = 1,               // vertebral body: cortical shell, endplates and cancellous core
  kLeftPedicle = 2,        // patient left (+x in LPS)
  kRightPedicle = 3,       // patient right (-x in LPS)
  kPosteriorElements = 4,  // laminae, spinous and transverse processes, articular processes;
                           // the sacrum apart from the S1 body
  kCanal = 5,              // spinal canal CSF (thecal sac and epidural space)
  kDisc = 6,               // intervertebral disc
  kRib = 7,
  kLung = 8,
  kCord = 9,         // spinal cord, down to the conus at L1
  kLesion = 10,      // lytic lesion inside a vertebral body (level map keeps the level)
  kScrew = 11,       // pedicle screw (level map keeps the level only inside bone)
  kSoftTissue = 12,  // muscle, fat, organs inside the skin
};

constexpr uint8_t value(Part p) { return static_cast<uint8_t>(p); }
std::string partName(Part part);

}  // namespace trocar::phantom
