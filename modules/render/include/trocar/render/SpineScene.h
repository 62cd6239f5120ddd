#pragma once

#include <memory>
#include <vector>

#include <vtkSmartPointer.h>

#include "trocar/render/LevelSurfaces.h"
#include "trocar/render/NeedleShape.h"

#include <vtkPolyData.h>
class vtkRenderer;

#include "trocar/image/CtVolume.h"

namespace trocar::render {

// The 3D view: each vertebra's surface in its level colour with its name beside it, the skin
// translucent, the needles as tubes of their real diameter. Draws into any vtkRenderWindow.
class SpineScene {
 public:
  SpineScene();
  ~SpineScene();
  SpineScene(const SpineScene&) = delete;
  SpineScene& operator=(const SpineScene&) = delete;

  vtkRenderer* renderer() const;

  void setLevelSurfaces(const std::vector<LevelSurface>& surfaces);
  int levelCount() const;
  void setSkin(vtkSmartPointer<vtkPolyData> skin, double opacity = 0.15);
  void setSkinVisible(bool visible);
  void setNeedles(const std::vector<NeedleShape>& needles);
  void setLevelNamesVisible(bool visible);

  // Cement as a fill-time map (s from the start of injection, negative: never; any grid): the
  // surface of what has filled by setCementTime's moment (the end until told otherwise), in the
  // cement colour. While cement is shown the vertebrae turn translucent so it can be seen inside
  // them. Null removes it.
  void setCement(image::FloatImage::Pointer fillTimeS);
  void setCementTime(double seconds);
  // Triangles of the cement surface shown (0: none).
  long cementTriangles() const;

  // Looks at everything from the patient's front (anterior), superior up, patient left on the
  // right of the screen, as an AP radiograph is read.
  void resetCamera();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trocar::render
