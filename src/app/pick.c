#include "pick.h"

#include <float.h>

#include "scene/bounds.h"

bool app_pick(const vt_package *pkg, uint64_t max_tris, const float origin[3], const float dir[3], float *t_out)
{
    float best = FLT_MAX;
    for (uint32_t m = 0; m < pkg->meta->mesh_count; m++) {
        const vt_pkg_mesh *mesh = &pkg->meshes[m];
        uint32_t l = mesh->lod_count - 1;
        for (uint32_t k = 0; k < mesh->lod_count; k++)
            if (mesh->lods[k].index_count / 3 <= max_tris) {
                l = k;
                break;
            }
        const vt_pkg_lod *lod = &mesh->lods[l];
        pkg_blob vb, ib;
        vt_error_msg err;
        if (pkg_vertices(pkg, m, l, false, &vb, &err) != VT_OK || pkg_indices(pkg, m, l, false, &ib, &err) != VT_OK)
            continue;
        for (uint32_t c = 0; c < lod->chunk_count; c++) {
            const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
            vt_aabb box = { { ch->bounds_min[0], ch->bounds_min[1], ch->bounds_min[2] },
                            { ch->bounds_max[0], ch->bounds_max[1], ch->bounds_max[2] } };
            float t_box;
            if (!vt_ray_aabb(origin, dir, &box, &t_box, NULL) || t_box > best)
                continue;
            for (uint32_t i = ch->first_index; i + 2 < ch->first_index + ch->index_count; i += 3) {
                float p[3][3];
                bool ok = true;
                for (int k = 0; k < 3; k++) {
                    uint32_t ix = lod->index_size == 2 ? ((const uint16_t *)ib.data)[i + (uint32_t)k]
                                                       : ((const uint32_t *)ib.data)[i + (uint32_t)k];
                    if (ix >= lod->vertex_count) {
                        ok = false; /* damaged data: skip, never read past */
                        break;
                    }
                    pkg_decode_position(mesh, vb.data + (size_t)ix * mesh->vertex_stride, p[k]);
                }
                float t;
                if (ok && vt_ray_triangle(origin, dir, p[0], p[1], p[2], &t) && t < best)
                    best = t;
            }
        }
    }
    if (best == FLT_MAX)
        return false;
    *t_out = best;
    return true;
}
