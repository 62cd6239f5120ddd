#include "trocar/phantom/Labels.h"

namespace trocar::phantom {

std::string levelName(int label) {
  // Appending (rather than "T" + to_string) sidesteps a GCC 12 -Wrestrict false positive.
  std::string name;
  if (level::isThoracic(label))
    return name.append(1, 'T').append(std::to_string(label - level::kT1 + 1));
  if (level::isLumbar(label))
    return name.append(1, 'L').append(std::to_string(label - level::kL1 + 1));
  if (label == level::kSacrum) return "S";
  return "?";
}

int levelFromName(const std::string& name) {
  if (name == "S" || name == "S1") return level::kSacrum;
  if (name.size() < 2) return 0;
  int number = 0;
  for (size_t i = 1; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    number = number * 10 + (name[i] - '0');
  }
  if ((name[0] == 'T' || name[0] == 't') && number >= 1 && number <= 12)
    return level::kT1 + number - 1;
  if ((name[0] == 'L' || name[0] == 'l') && number >= 1 && number <= 5)
    return level::kL1 + number - 1;
  return 0;
}

std::string partName(Part part) {
  switch (part) {
    case Part::kBackground:
      return "background";
    case Part::kBody:
      return "vertebral body";
    case Part::kLeftPedicle:
      return "left pedicle";
    case Part::kRightPedicle:
      return "right pedicle";
    case Part::kPosteriorElements:
      return "posterior elements";
    case Part::kCanal:
      return "spinal canal";
    case Part::kDisc:
      return "intervertebral disc";
    case Part::kRib:
      return "rib";
    case Part::kLung:
      return "lung";
    case Part::kCord:
      return "spinal cord";
    case Part::kLesion:
      return "lytic lesion";
    case Part::kScrew:
      return "pedicle screw";
    case Part::kSoftTissue:
      return "soft tissue";
  }
  return "?";
}

}  // namespace trocar::phantom
