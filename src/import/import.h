/* import: scan files (OBJ+MTL, PLY, glTF/GLB, FBX, and whatever else Assimp
 * reads) into a scene_model.
 *
 * The only module that includes Assimp. It fixes what scans get wrong so the
 * renderer need not care: triangulates, welds, generates missing normals,
 * brings the model to metres and Y up, decodes textures (JPEG/PNG, external
 * or embedded) with stb_image, and finds the detail maps that some scans ship
 * beside the mesh (<Name>_normal.png, <Name>_occlusion.png, also in
 * Textures/). A texture that cannot be loaded becomes a checkerboard and a
 * warning; a scan that cannot be loaded is a vt_result and a message naming
 * the file. The caller owns the model and frees it with scene_model_free. */
#ifndef VT_IMPORT_H
#define VT_IMPORT_H

#include "base/result.h"
#include "scene/model.h"

typedef enum import_up {
    IMPORT_UP_AUTO, /* the file's own metadata, else Y up (glTF, most scans) */
    IMPORT_UP_Y,
    IMPORT_UP_Z,    /* CAD and some range scanners */
    IMPORT_UP_NEG_Z,
    IMPORT_UP_X,
} import_up;

typedef struct import_desc {
    const char *path;
    float unit_scale;     /* file units -> metres; 0 = metadata or a guess */
    import_up up;         /* 0 = IMPORT_UP_AUTO */
    int max_texture_size; /* 0 = 4096; larger images are downscaled */
    bool for_packing;     /* the packer welds itself: skip Assimp's slow welding */
} import_desc;

vt_result import_scan(const import_desc *desc, scene_model *out, vt_error_msg *err);

/* Parses "y", "+y", "z", "-z", "x" (any case). */
bool import_parse_up(const char *s, import_up *out);
/* Parses "m", "cm", "mm", "in", "ft" or a positive number: metres per unit. */
bool import_parse_unit(const char *s, float *out);

/* Scans without units in the file (OBJ, PLY, and glTF exported from
 * millimetre tools) are guessed from their size: a museum object is not 20 m
 * long, so a largest extent over 20 units means millimetres. */
float import_guess_unit_scale(float largest_extent);

/* A placeholder image: magenta/grey checks, so a missing texture is obvious. */
void import_checkerboard(scene_image *img, vt_arena *arena);

#endif
