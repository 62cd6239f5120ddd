#include "VtkFramebuffer.h"

#include <vtk_glew.h>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLState.h>

namespace trocar::ui::detail {

void renderInto(vtkGenericOpenGLRenderWindow* window, unsigned int targetFramebuffer,
                int widthPixels, int heightPixels) {
  vtkOpenGLState* state = window->GetState();
  // Qt changed the GL state behind VTK's back since the last frame: re-read it, and give it back
  // to Qt unchanged afterwards.
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS; VTK's shaders assume LEQUAL
  window->Render();
  state->Pop();

  state->PushDrawFramebufferBinding();
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, targetFramebuffer);
  window->BlitDisplayFramebuffer(0, 0, 0, widthPixels, heightPixels, 0, 0, widthPixels,
                                 heightPixels, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  state->PopDrawFramebufferBinding();
}

}  // namespace trocar::ui::detail
