/* model: Vitrine's own in-memory form of one scanned artefact.
 *
 * Import code (src/import/) turns Assimp's scene into this; the renderer and
 * the camera only ever see this, never Assimp types. Positions are in metres,
 * Y up, already scaled and rotated to the real world. Everything a model owns
 * lives in its arena and goes with scene_model_free. */
#ifndef VT_MODEL_H
#define VT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "scene/bounds.h"

typedef enum scene_tex_slot {
    SCENE_TEX_BASE_COLOR, /* sRGB albedo; usually photographic with baked light */
    SCENE_TEX_NORMAL,     /* tangent-space normal map (linear) */
    SCENE_TEX_OCCLUSION,  /* ambient occlusion in the red channel (linear) */
    SCENE_TEX_COUNT
} scene_tex_slot;

typedef struct scene_image {
    int width, height;
    uint8_t *rgba;    /* width*height*4 bytes */
    bool srgb;        /* colour data (decode to linear when sampling) */
    bool placeholder; /* the file was missing or broken: a checkerboard */
} scene_image;

typedef struct scene_material {
    float base_color[4]; /* linear RGBA factor */
    int image[SCENE_TEX_COUNT]; /* index into model->images, or -1 */
    bool double_sided;
} scene_material;

typedef struct scene_mesh {
    uint32_t vertex_count, index_count;
    float *positions;  /* 3 per vertex */
    float *normals;    /* 3 per vertex; always present (generated if missing) */
    float *uvs;        /* 2 per vertex or NULL; v = 0 is the image's top row */
    uint8_t *colors;   /* 4 per vertex, sRGB bytes, or NULL */
    uint32_t *indices; /* triangle list */
    int material;      /* index into model->materials */
    vt_aabb bounds;
} scene_mesh;

typedef struct scene_model {
    vt_arena arena;
    scene_mesh *meshes;
    int mesh_count;
    scene_material *materials;
    int material_count;
    scene_image *images;
    int image_count;
    vt_aabb bounds;
    uint64_t triangle_count;
    bool has_color;   /* a base-colour texture or vertex colours somewhere */
    bool has_detail;  /* normal or occlusion maps (lit and clay use them) */
    float unit_scale; /* file units -> metres, as applied */
    char up_axis[4];  /* the file's up axis as applied, e.g. "+Y", "+Z" */
} scene_model;

void scene_model_free(scene_model *m);

/* The mesh and triangle (index/3) hit first by a ray, in world units. */
bool scene_model_raycast(const scene_model *m, const float origin[3], const float dir[3], float *t_out);

#endif
