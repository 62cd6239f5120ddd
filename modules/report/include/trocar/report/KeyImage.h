#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trocar::report {

// A picture for the report as a plain buffer: made by whichever module can draw it (fluoro's DRRs,
// the needle slices here, render's offscreen 3D capture), laid out by the PDF writer.
struct KeyImage {
  std::string title;    // "AP", "L3-left axial slice along the needle"
  std::string caption;  // what is shown and at what scale, with units
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;  // row-major, top row first, 3 bytes per pixel

  bool empty() const {
    return width <= 0 || height <= 0 || rgb.size() != size_t(width) * height * 3;
  }
};

// A picture the report would hold but could not make here, and why: printed in its place so a
// reader knows it is missing rather than forgotten.
struct OmittedImage {
  std::string title, reason;
};

}  // namespace trocar::report
