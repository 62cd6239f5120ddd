#pragma once

#include <memory>
#include <vector>

#include <vtkSmartPointer.h>

#include "trocar/render/LevelSurfaces.h"
#include "trocar/render/NeedleShape.h"

#include <vtkPolyData.h>
class vtkRenderer;

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

  // Looks at everything from the patient's front (anterior), superior up, patient left on the
  // right of the screen, as an AP radiograph is read.
  void resetCamera();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trocar::render
