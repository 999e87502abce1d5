/* dong_son_drum: the built-in demo artefact, generated (no file needed). */
#ifndef VT_DONG_SON_DRUM_H
#define VT_DONG_SON_DRUM_H

#include "scene/model.h"

/* About 120k triangles with vertex colours; free with scene_model_free. */
bool scene_make_dong_son_drum(scene_model *m);

#endif
