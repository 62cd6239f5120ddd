#pragma once

#include <optional>
#include <string>

#include "trocar/core/Plan.h"
#include "trocar/report/KeyImage.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::report_images {

// The report's 3D view: the segmented vertebrae in their level colours and the planned needles at
// their real diameters, seen from the front, rendered off screen by modules/render. Empty (with
// the reason in whyNot) when this process can get no OpenGL context, e.g. with no X display.
std::optional<report::KeyImage> spineSnapshot(const segment::SpineAnatomy& anatomy,
                                              const core::Plan& plan, std::string* whyNot);

}  // namespace trocar::report_images
