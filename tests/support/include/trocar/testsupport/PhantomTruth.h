#pragma once

#include "trocar/phantom/Rasterize.h"
#include "trocar/phantom/SpinePhantom.h"
#include "trocar/segment/SpineAnatomy.h"

namespace trocar::testsupport {

// A rasterised phantom's exact truth as the later stages see a segmentation: the parts map is
// rewritten in place to segment's parts (lesion is body, cord is canal, discs, ribs and soft tissue
// are not vertebra), and every level's landmarks become a VertebraAnatomy (frame, endplates, canal,
// pedicles where the level has them). Not a segmentation: the truth, for planning and cement tests.
segment::SpineAnatomy phantomTruthAnatomy(const phantom::SpinePhantom& phantom,
                                          phantom::PhantomImages& images);

}  // namespace trocar::testsupport
