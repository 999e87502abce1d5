/* Loading an exhibition package: text, nested scans, world, GPU. */
#include "museum_scene.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

vt_result museum_scene_load(museum_scene *s, const vt_package *pkg, exhibition_diags *diags, vt_error_msg *err)
{
    memset(s, 0, sizeof *s);
    s->pkg = pkg;
    if (!pkg_is_exhibition(pkg)) {
        vt_error_set(err, "%s: not an exhibition package", pkg->path);
        return VT_ERR_MALFORMED;
    }
    pkg_blob text = pkg_exhibition_json(pkg);
    exhibition_diags local = { 0 };
    vt_result r = exhibition_load_ex(&(exhibition_load_desc){ .json = (const char *)text.data,
                                                               .json_len = (size_t)text.size },
                                     &s->ex, diags ? diags : &local);
    if (r != VT_OK) {
        const exhibition_diags *d = diags ? diags : &local;
        vt_error_set(err, "%s: the exhibition it carries is not valid (%s)%s%s", pkg->path, vt_result_str(r),
                     d->count ? ": " : "", d->count ? d->items[0].message : "");
        exhibition_diags_free(&local);
        return r == VT_ERR_OUT_OF_MEMORY ? r : VT_ERR_MALFORMED;
    }
    exhibition_diags_free(&local);
    if (s->ex.artefact_count != pkg_artefact_count(pkg) || s->ex.room_count != pkg_room_count(pkg)) {
        vt_error_set(err, "%s: the exhibition has %zu artefacts and %zu rooms, the package maps %u and %u",
                     pkg->path, s->ex.artefact_count, s->ex.room_count, pkg_artefact_count(pkg),
                     pkg_room_count(pkg));
        museum_scene_close(s);
        return VT_ERR_MALFORMED;
    }

    s->scan_count = pkg_scan_count(pkg);
    s->scans = calloc(s->scan_count ? s->scan_count : 1, sizeof *s->scans);
    s->scan_ok = calloc(s->scan_count ? s->scan_count : 1, sizeof *s->scan_ok);
    world_artefact_input *inputs = calloc(s->ex.artefact_count ? s->ex.artefact_count : 1, sizeof *inputs);
    if (!s->scans || !s->scan_ok || !inputs) {
        free(inputs);
        museum_scene_close(s);
        vt_error_set(err, "%s: out of memory", pkg->path);
        return VT_ERR_OUT_OF_MEMORY;
    }
    for (uint32_t i = 0; i < s->scan_count; i++) {
        vt_error_msg e = { { 0 } };
        s->scan_ok[i] = pkg_open_scan(pkg, i, &s->scans[i], &e) == VT_OK;
        if (!s->scan_ok[i]) {
            vt_warn("%s (shown as a placeholder)", e.text);
            s->warnings++;
        } else if (i >= RENDER_MAX_SCANS || s->scans[i].meta->texture_count > RENDER_MAX_TEXTURES) {
            /* Decided here, before the world is built, so the visitor sees
             * a placeholder rather than nothing. */
            vt_warn("%s: more than the renderer holds (%d scans, %d textures each); shown as a placeholder",
                    s->scans[i].path, RENDER_MAX_SCANS, RENDER_MAX_TEXTURES);
            pkg_close(&s->scans[i]);
            s->scan_ok[i] = false;
            s->warnings++;
        }
    }
    for (size_t a = 0; a < s->ex.artefact_count; a++) {
        uint32_t scan = pkg_artefact_scan(pkg, (uint32_t)a);
        if (scan >= s->scan_count || !s->scan_ok[scan]) {
            inputs[a].missing = true;
            if (scan == VT_PKG_NONE) {
                vt_warn("%s: artefact \"%s\" has no scan (shown as a placeholder)", pkg->path,
                        s->ex.artefacts[a].id);
                s->warnings++;
            }
            continue;
        }
        const vt_pkg_meta *m = s->scans[scan].meta;
        inputs[a].bounds = (vt_aabb){ { m->bounds_min[0], m->bounds_min[1], m->bounds_min[2] },
                                      { m->bounds_max[0], m->bounds_max[1], m->bounds_max[2] } };
    }
    r = world_build(&s->ex, inputs, &s->world, err);
    free(inputs);
    if (r != VT_OK) {
        museum_scene_close(s);
        return r;
    }
    return VT_OK;
}

vt_result museum_scene_upload(museum_scene *s, bool all_now, vt_error_msg *err)
{
    s->gpu_scans = calloc(s->scan_count ? s->scan_count : 1, sizeof *s->gpu_scans);
    s->statics = calloc(s->world.mesh_count ? s->world.mesh_count : 1, sizeof *s->statics);
    uint32_t room_models = 0;
    for (size_t r = 0; r < s->ex.room_count; r++)
        room_models += pkg_room_scan(s->pkg, (uint32_t)r) < s->scan_count;
    uint32_t n = (uint32_t)s->ex.artefact_count + room_models;
    s->instances = calloc(n ? n : 1, sizeof *s->instances);
    s->instance_scan = calloc(n ? n : 1, sizeof *s->instance_scan);
    if (!s->gpu_scans || !s->statics || !s->instances || !s->instance_scan) {
        vt_error_set(err, "%s: out of memory", s->pkg->path);
        return VT_ERR_OUT_OF_MEMORY;
    }
    for (size_t i = 0; i < s->world.mesh_count; i++) {
        const world_mesh *m = &s->world.meshes[i];
        render_static_desc d = { .vertices = m->vertices, .vertex_count = m->vertex_count, .indices = m->indices,
                                 .index_count = m->index_count, .transparent = m->transparent };
        memcpy(d.pos_offset, m->pos_offset, sizeof d.pos_offset);
        memcpy(d.pos_scale, m->pos_scale, sizeof d.pos_scale);
        memcpy(d.bounds_min, m->bounds_min, sizeof d.bounds_min);
        memcpy(d.bounds_max, m->bounds_max, sizeof d.bounds_max);
        s->statics[s->static_count++] = render_make_static(&d);
    }
    /* Coarse levels of every scan first (a whole room appears at once),
     * then, for a screenshot, everything. */
    for (uint32_t i = 0; i < s->scan_count; i++) {
        if (!s->scan_ok[i])
            continue;
        vt_error_msg e = { { 0 } };
        s->gpu_scans[i] = render_open_scan(&(render_scan_desc){ .pkg = &s->scans[i], .all_now = all_now,
                                                                .first_frame_bytes = 256u << 10 },
                                           &e);
        if (!s->gpu_scans[i].id) {
            vt_warn("%s", e.text);
            s->warnings++;
        }
    }
    for (size_t a = 0; a < s->ex.artefact_count; a++) {
        render_instance *in = &s->instances[s->instance_count];
        uint32_t scan = pkg_artefact_scan(s->pkg, (uint32_t)a);
        s->instance_scan[s->instance_count++] = scan;
        in->hidden = s->world.artefact_placeholder[a] || scan >= s->scan_count || !s->gpu_scans[scan].id;
        if (in->hidden)
            continue;
        in->scan = s->gpu_scans[scan];
        glm_mat4_copy(s->world.artefact_model[a], in->model);
        in->mode = render_default_mode(&s->scans[scan]);
    }
    for (size_t r = 0; r < s->ex.room_count; r++) {
        uint32_t scan = pkg_room_scan(s->pkg, (uint32_t)r);
        if (scan >= s->scan_count)
            continue;
        render_instance *in = &s->instances[s->instance_count];
        s->instance_scan[s->instance_count++] = scan;
        in->hidden = !s->gpu_scans[scan].id;
        in->scan = s->gpu_scans[scan];
        glm_mat4_identity(in->model);
        in->mode = render_default_mode(&s->scans[scan]);
    }
    return VT_OK;
}

bool museum_scene_stream(museum_scene *s, const float eye[3], uint64_t budget)
{
    if (!s->gpu_scans)
        return false;
    /* Nearest first: what the visitor is looking at sharpens before the far
     * end of the hall. A handful of scans: a selection each call is enough. */
    bool changed = false;
    uint64_t left = budget;
    for (int round = 0; round < 3 && left > 0; round++) {
        int best = -1;
        float best_d = FLT_MAX;
        for (uint32_t i = 0; i < s->instance_count; i++) {
            uint32_t scan = s->instance_scan[i];
            if (s->instances[i].hidden || render_scan_complete(s->gpu_scans[scan]))
                continue;
            float d = 0;
            if (i < s->ex.artefact_count) {
                const vt_aabb *b = &s->world.artefact_bounds[i];
                for (int k = 0; k < 3; k++) {
                    float c = 0.5f * (b->min[k] + b->max[k]) - eye[k];
                    d += c * c;
                }
            }
            if (d < best_d) {
                best_d = d;
                best = (int)i;
            }
        }
        if (best < 0)
            break;
        changed |= render_stream(s->gpu_scans[s->instance_scan[best]], left / 2 + 1);
        left /= 2;
    }
    /* Every scan keeps its worker busy; uploads are what the budget meters. */
    for (uint32_t i = 0; i < s->scan_count; i++)
        if (s->gpu_scans[i].id && !render_scan_complete(s->gpu_scans[i]))
            changed |= render_stream(s->gpu_scans[i], 0);
    return changed;
}

bool museum_scene_complete(const museum_scene *s)
{
    for (uint32_t i = 0; s->gpu_scans && i < s->scan_count; i++)
        if (s->gpu_scans[i].id && !render_scan_complete(s->gpu_scans[i]))
            return false;
    return true;
}

void museum_scene_close(museum_scene *s)
{
    if (s->gpu_scans)
        for (uint32_t i = 0; i < s->scan_count; i++)
            render_free_scan(s->gpu_scans[i]);
    for (size_t i = 0; i < s->static_count; i++)
        render_free_static(s->statics[i]);
    for (uint32_t i = 0; s->scans && i < s->scan_count; i++)
        if (s->scan_ok[i])
            pkg_close(&s->scans[i]);
    free(s->gpu_scans);
    free(s->statics);
    free(s->instances);
    free(s->instance_scan);
    free(s->scans);
    free(s->scan_ok);
    world_free(&s->world);
    exhibition_free(&s->ex);
    memset(s, 0, sizeof *s);
}

void museum_scene_start_pose(const museum_scene *s, float eye[3], float look_at[3])
{
    if (s->ex.viewpoint_count > 0) {
        memcpy(eye, s->ex.viewpoints[0].position, 3 * sizeof *eye);
        memcpy(look_at, s->ex.viewpoints[0].look_at, 3 * sizeof *look_at);
        return;
    }
    /* No viewpoint: stand near the first room's first corner, a metre in
     * toward its middle, looking at the first artefact (or the middle). */
    float c[3] = { 0, 1.2f, 0 };
    if (s->world.artefact_count > 0) {
        const vt_aabb *b = &s->world.artefact_bounds[0];
        for (int k = 0; k < 3; k++)
            c[k] = 0.5f * (b->min[k] + b->max[k]);
    }
    const world_room *room = s->world.room_count ? &s->world.rooms[0] : NULL;
    float mid[2] = { c[0], c[2] };
    eye[0] = c[0];
    eye[2] = c[2] + 3.0f;
    if (room && room->outline_count > 0) {
        mid[0] = mid[1] = 0;
        for (size_t i = 0; i < room->outline_count; i++) {
            mid[0] += room->outline[i][0] / (float)room->outline_count;
            mid[1] += room->outline[i][1] / (float)room->outline_count;
        }
        float dx = mid[0] - room->outline[0][0], dz = mid[1] - room->outline[0][1];
        float len = sqrtf(dx * dx + dz * dz);
        eye[0] = room->outline[0][0] + (len > 1e-3f ? dx / len : 0.0f) * fminf(1.5f, len);
        eye[2] = room->outline[0][1] + (len > 1e-3f ? dz / len : 0.0f) * fminf(1.5f, len);
    }
    eye[1] = 1.6f;
    memcpy(look_at, c, sizeof c);
}
