#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "trocar/core/Vec3.h"
#include "trocar/image/CtVolume.h"
#include "trocar/render/NeedleShape.h"
#include "trocar/render/SliceGeometry.h"
#include "trocar/render/WindowLevel.h"

class vtkRenderer;

namespace trocar::render {

// One MPR view: a CT slice through the focus point (the linked crosshair) with window/level, the
// level labels as a translucent overlay, the needles projected on the slice, the crosshair, and
// orientation letters and slice/window annotations. The scene lives in plane coordinates (mm from
// the volume centre along the slice's right and up axes), so panning and zoom survive scrolling.
// Draws into any vtkRenderWindow the renderer is added to.
class SliceScene {
 public:
  explicit SliceScene(SliceOrientation orientation);
  ~SliceScene();
  SliceScene(const SliceScene&) = delete;
  SliceScene& operator=(const SliceScene&) = delete;

  vtkRenderer* renderer() const;
  SliceOrientation orientation() const;

  // The scene keeps the image alive. Resets the focus to the volume centre and the camera.
  void setVolume(image::CtImage::Pointer ct);
  bool hasVolume() const;
  const SliceStack& stack() const;
  // Level labels on the CT's grid (VerSe numbers); null removes the overlay.
  void setLabels(image::LabelImage::Pointer labels);
  void setLabelOpacity(double opacity);
  void setLabelsVisible(bool visible);

  void setWindowLevel(const WindowLevel& window);
  WindowLevel windowLevel() const;

  // The linked crosshair: the slice shown is the one through this point.
  void setFocusPoint(const core::Vec3& pointMm);
  core::Vec3 focusPoint() const;
  // Moves the focus by whole slices along the normal (positive: towards the viewer).
  void scrollSlices(int steps);
  int sliceIndex() const;
  int sliceCount() const;

  void setNeedles(const std::vector<NeedleShape>& needles);
  void setCrosshairVisible(bool visible);

  // Cement as a fill-time map (seconds from the start of injection at which each voxel filled,
  // negative: never; any grid and direction). Drawn in the cement colour where it filled by
  // setCementTime's moment (the end of the injection until told otherwise); null removes it.
  // Changing the time only changes a colour table: playback costs no reslicing.
  void setCement(image::FloatImage::Pointer fillTimeS);
  void setCementTime(double seconds);
  bool hasCement() const;

  // Camera. Display coordinates are VTK's: pixels from the bottom-left of the viewport.
  void resetCamera();
  void zoom(double factor);  // > 1 magnifies
  void panPixels(double dxPixels, double dyPixels);
  double zoomFactor() const;                                        // 1 after resetCamera
  core::Vec3 worldAtDisplay(double xPixels, double yPixels) const;  // on the current slice
  std::array<double, 2> displayOf(const core::Vec3& pointMm) const;

  // Short text for the view's corner: orientation, slice number, position, window.
  std::string sliceDescription() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trocar::render
