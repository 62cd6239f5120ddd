#pragma once

class vtkGenericOpenGLRenderWindow;

namespace trocar::ui::detail {

// The OpenGL half of hosting VTK in a QOpenGLWidget, kept in its own file because VTK's GLEW
// header and Qt's OpenGL headers cannot meet in one translation unit. With the widget's context
// current: renders the VTK window into VTK's own framebuffer (frame blit mode NoBlit), then
// copies that picture into `targetFramebuffer` (the widget's), restoring Qt's OpenGL state.
void renderInto(vtkGenericOpenGLRenderWindow* window, unsigned int targetFramebuffer,
                int widthPixels, int heightPixels);

}  // namespace trocar::ui::detail
