#include "model.h"

#include <float.h>
#include <string.h>

void scene_model_free(scene_model *m)
{
    vt_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

bool scene_model_raycast(const scene_model *m, const float origin[3], const float dir[3], float *t_out)
{
    float best = FLT_MAX;
    for (int i = 0; i < m->mesh_count; i++) {
        const scene_mesh *mesh = &m->meshes[i];
        float t_box, t;
        /* Skip meshes whose box lies behind what we already hit. */
        if (!vt_ray_aabb(origin, dir, &mesh->bounds, &t_box, NULL) || t_box > best)
            continue;
        if (vt_ray_mesh(origin, dir, mesh->positions, mesh->indices, mesh->index_count, &t) && t < best)
            best = t;
    }
    if (best == FLT_MAX)
        return false;
    *t_out = best;
    return true;
}
