#pragma once

#include <string>

#include "trocar/core/Result.h"
#include "trocar/image/CtVolume.h"

namespace trocar::app {

// The CT a command works on: a volume file (NIfTI, NRRD, MetaImage) by its name, anything else
// as a DICOM folder or file (the largest non-localizer series in it). Every command that takes a
// case accepts both.
core::Result<image::CtVolume> loadCase(const std::string& path);

}  // namespace trocar::app
