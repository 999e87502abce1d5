/* chu_dau_vase: a built-in demo artefact ("builtin:chu-dau-vase"), generated
 * in code: a blue-and-white stoneware baluster vase in the manner of the
 * 15th-century Chu Đậu kilns (Hải Dương). Modelled by Vitrine after the
 * ware, not a scan of any real piece. */
#ifndef VT_CHU_DAU_VASE_H
#define VT_CHU_DAU_VASE_H

#include "scene/model.h"

/* About 37 cm high, in metres, base centre at the origin, Y up; about 86k
 * triangles with UVs and one 2048 x 1024 sRGB base-colour image (the
 * painting). Deterministic: the same bytes on every call. Free with
 * scene_model_free. */
bool scene_make_chu_dau_vase(scene_model *m);

#endif
