#include "trocar/render/WindowCapture.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkWindowToImageFilter.h>

namespace trocar::render {

RgbImage captureWindow(vtkRenderWindow* window) {
  window->Render();
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkImageData* image = grab->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  RgbImage out;
  out.width = dims[0];
  out.height = dims[1];
  out.rgb.resize(3 * static_cast<size_t>(out.width) * out.height);
  const auto* src = static_cast<const uint8_t*>(image->GetScalarPointer());
  const size_t row = 3 * static_cast<size_t>(out.width);
  // VTK's rows run bottom-up.
  for (int y = 0; y < out.height; ++y)
    std::memcpy(&out.rgb[y * row], src + (out.height - 1 - y) * row, row);
  return out;
}

bool writePpm(const RgbImage& image, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << "P6\n" << image.width << " " << image.height << "\n255\n";
  out.write(reinterpret_cast<const char*>(image.rgb.data()),
            static_cast<std::streamsize>(image.rgb.size()));
  return static_cast<bool>(out);
}

bool openGlAvailable() {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') return false;
  vtkNew<vtkRenderWindow> probe;
  probe->SetOffScreenRendering(1);
  probe->SetSize(8, 8);
  return probe->SupportsOpenGL() != 0;
}

}  // namespace trocar::render
