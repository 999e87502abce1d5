/* import_image: texture decoding for the importer (stb_image), private to
 * src/import/. Images become RGBA8, capped at max_size by halving. */
#ifndef VT_IMPORT_IMAGE_H
#define VT_IMPORT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "import.h"

/* On failure *why says what the decoder disliked. */
bool import_image_decode(const unsigned char *data, size_t size, int max_size, bool srgb, scene_image *img,
                         vt_arena *arena, const char **why);

#endif
