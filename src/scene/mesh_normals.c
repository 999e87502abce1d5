#include "mesh_normals.h"

#include <string.h>

void scene_mesh_compute_normals(scene_mesh *m)
{
    memset(m->normals, 0, (size_t)m->vertex_count * 3 * sizeof(float));
    m->bounds = vt_aabb_empty();
    for (uint32_t i = 0; i < m->vertex_count; i++)
        vt_aabb_add_point(&m->bounds, m->positions + 3 * i);
    for (uint32_t i = 0; i + 2 < m->index_count; i += 3) {
        uint32_t a = m->indices[i], b = m->indices[i + 1], c = m->indices[i + 2];
        vec3 e1, e2, n;
        glm_vec3_sub(m->positions + 3 * b, m->positions + 3 * a, e1);
        glm_vec3_sub(m->positions + 3 * c, m->positions + 3 * a, e2);
        glm_vec3_cross(e1, e2, n); /* length = twice the area: the weight */
        glm_vec3_add(m->normals + 3 * a, n, m->normals + 3 * a);
        glm_vec3_add(m->normals + 3 * b, n, m->normals + 3 * b);
        glm_vec3_add(m->normals + 3 * c, n, m->normals + 3 * c);
    }
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        float *n = m->normals + 3 * i;
        if (glm_vec3_norm2(n) > 1e-30f)
            glm_vec3_normalize(n);
        else
            glm_vec3_copy((vec3){ 0, 1, 0 }, n);
    }
}
