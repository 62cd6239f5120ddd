#include "trocar/report_images/SpineSnapshot.h"

#include <utility>
#include <vector>

#include <vtkNew.h>
#include <vtkRenderWindow.h>

#include "trocar/render/LevelSurfaces.h"
#include "trocar/render/NeedleShape.h"
#include "trocar/render/SpineScene.h"
#include "trocar/render/WindowCapture.h"

namespace trocar::report_images {

std::optional<report::KeyImage> spineSnapshot(const segment::SpineAnatomy& anatomy,
                                              const core::Plan& plan, std::string* whyNot) {
  if (!render::openGlAvailable()) {
    if (whyNot)
      *whyNot =
          "no OpenGL context here (no X display); run under xvfb-run or on a desktop to include it";
    return std::nullopt;
  }
  if (!anatomy.levels) {
    if (whyNot) *whyNot = "the case has no segmentation";
    return std::nullopt;
  }
  std::vector<std::pair<int, std::string>> names;
  for (const auto& v : anatomy.vertebrae) names.emplace_back(v.label, v.name);
  render::SpineScene scene;
  scene.setLevelSurfaces(render::buildLevelSurfaces(*anatomy.levels, names));
  scene.setNeedles(render::needleShapes(plan));
  scene.setLevelNamesVisible(true);
  scene.resetCamera();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(960, 720);
  window->AddRenderer(scene.renderer());
  const render::RgbImage picture = render::captureWindow(window);

  report::KeyImage image;
  image.title = "3D view";
  image.caption =
      "Segmented vertebrae in their level colours and the planned needles at their outer "
      "diameters, seen "
      "from the front (patient left on the right, head up).";
  image.width = picture.width;
  image.height = picture.height;
  image.rgb = picture.rgb;
  return image;
}

}  // namespace trocar::report_images
