#include "trocar/dicom/ImagePlane.h"

namespace trocar::dicom {

core::Vec3 ImagePlane::normal() const {
  return core::normalized(core::cross(rowDirection, columnDirection));
}

}  // namespace trocar::dicom
