#include <iostream>
#include <optional>
#include <string>

#include "Commands.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/image/VolumeIO.h"

namespace trocar::app {

void addConvertCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "convert", "Convert a DICOM series (or a volume file) to NRRD, NIfTI or MetaImage");
  static std::string input, output, series;
  cmd->add_option("PATH", input, "DICOM folder or file, or a volume file")->required();
  cmd->add_option("OUT", output, "Output volume: .nrrd, .nii.gz, .nii or .mha")->required();
  cmd->add_option("--series", series,
                  "Series Instance UID or stack id from `trocar info` (default: the largest)");
  cmd->callback([] {
    auto volume =
        image::isVolumeFile(input)
            ? image::readVolume(input)
            : dicom::loadDicom(input,
                               series.empty() ? std::nullopt : std::optional<std::string>(series));
    if (!volume) {
      std::cerr << "error: " << volume.error().message() << "\n";
      exitCode() = 1;
      return;
    }
    for (const auto& w : volume->warnings) std::cerr << "warning: " << w << "\n";
    auto written = image::writeVolume(volume->hu.GetPointer(), output);
    if (!written) {
      std::cerr << "error: " << written.error().message() << "\n";
      exitCode() = 1;
      return;
    }
    const auto size = volume->hu->GetLargestPossibleRegion().GetSize();
    std::cout << "wrote " << written.value().string() << " (" << size[0] << " x " << size[1]
              << " x " << size[2] << " voxels, int16 HU)\n";
  });
}

}  // namespace trocar::app
