#include "LoadCase.h"

#include "trocar/dicom/SeriesLoader.h"
#include "trocar/image/VolumeIO.h"

namespace trocar::app {

core::Result<image::CtVolume> loadCase(const std::string& path) {
  return image::isVolumeFile(path) ? image::readVolume(path) : dicom::loadDicom(path);
}

}  // namespace trocar::app
