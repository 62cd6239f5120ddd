#pragma once

#include <string>

#include "trocar/core/Vec3.h"
#include "trocar/render/VtkImage.h"

namespace trocar::render {

enum class SliceOrientation { kAxial, kSagittal, kCoronal };
std::string toString(SliceOrientation orientation);

// How a slice lies on screen, in LPS directions, as radiology viewers show it: axial seen from the
// feet (patient left on screen right, anterior up), sagittal seen from the patient's left
// (anterior on screen left, superior up), coronal seen from the front (patient left on screen
// right, superior up). normal = right x up points towards the viewer.
struct SliceAxes {
  core::Vec3 right, up, normal;
};
SliceAxes sliceAxes(SliceOrientation orientation);

// The slices of one orientation through a volume: spacing along the normal, how many, and where
// a point falls among them. Slice positions are measured along the normal from the volume centre.
struct SliceStack {
  SliceAxes axes;
  core::Vec3 centreMm;       // the volume centre; plane coordinates (u, v) are relative to it
  double spacingMm = 1;      // between slices along the normal
  double firstOffsetMm = 0;  // offset of the first and last slice from the centre
  double lastOffsetMm = 0;
  // In-plane extent of the volume, in plane coordinates (mm from the centre).
  double uMinMm = 0, uMaxMm = 0, vMinMm = 0, vMaxMm = 0;

  int count() const;
  double offsetOf(const core::Vec3& pointMm) const {
    return core::dot(pointMm - centreMm, axes.normal);
  }
  int indexOf(const core::Vec3& pointMm) const;  // nearest slice, clamped to [0, count)
  // The point moved along the normal by `steps` slices, snapped to a slice and kept in the stack.
  core::Vec3 stepped(const core::Vec3& pointMm, int steps) const;
  // Plane coordinates of a point (its projection on the slice) and back, on the slice through
  // `onSliceOf`.
  double u(const core::Vec3& pointMm) const { return core::dot(pointMm - centreMm, axes.right); }
  double v(const core::Vec3& pointMm) const { return core::dot(pointMm - centreMm, axes.up); }
  core::Vec3 pointAt(double uMm, double vMm, double offsetMm) const;
};

SliceStack sliceStack(const ImageFrame& frame, SliceOrientation orientation);

}  // namespace trocar::render
