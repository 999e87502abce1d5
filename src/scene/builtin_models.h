/* builtin_models: artefacts Vitrine models itself, named in exhibitions as
 * "builtin:NAME" (the demo gallery's drum and vase, stand-ins while a scan is
 * being made). Each is generated in code, deterministically: no file, no
 * download, so the demo opens offline. */
#ifndef VT_BUILTIN_MODELS_H
#define VT_BUILTIN_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scene/model.h"

#define SCENE_BUILTIN_PREFIX "builtin:"

size_t scene_builtin_count(void);
const char *scene_builtin_name(size_t i);
/* Index of NAME (without the prefix), or -1. */
int scene_builtin_find(const char *name);
/* The generator's revision: part of the conversion cache's key, so a
 * changed model is never served from an old cache entry. */
uint32_t scene_builtin_revision(size_t i);
/* Generates model I into M (free with scene_model_free). */
bool scene_builtin_make(size_t i, scene_model *m);

#endif
