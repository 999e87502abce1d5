/* world_build: the entry point, and where each artefact stands (the
 * placement rule in world.h): its model matrix, world bounds, footprint,
 * support and what it puts in a visitor's way. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world/world_internal.h"

/* R = Ry · Rx · Rz: roll about z first, then tilt about x, then yaw. */
static void _world_rotation(const float deg[3], mat4 r)
{
    glm_mat4_identity(r);
    glm_rotate_y(r, glm_rad(deg[1]), r);
    glm_rotate_x(r, glm_rad(deg[0]), r);
    glm_rotate_z(r, glm_rad(deg[2]), r);
}

static bool _world_box_usable(const vt_aabb *b)
{
    for (int k = 0; k < 3; k++)
        if (!isfinite(b->min[k]) || !isfinite(b->max[k]) || b->min[k] > b->max[k])
            return false;
    return true;
}

static float _world_scale(const exhibition_artefact *a, const vt_aabb *local)
{
    vec3 size;
    vt_aabb_size(local, size);
    if (a->height_m > 0) {
        /* A flat scan (no height) is sized by its largest side instead. */
        float h = size[1] > 1e-6f ? size[1] : glm_vec3_max(size);
        return h > 1e-6f ? a->height_m / h : 1.0f;
    }
    return a->scale > 0 ? a->scale : 1.0f;
}

bool _world_place(_world_build *b, const world_artefact_input *inputs)
{
    world *w = b->w;
    const exhibition *ex = b->ex;
    for (size_t i = 0; i < ex->artefact_count; i++) {
        const exhibition_artefact *a = &ex->artefacts[i];
        assert(a->room_index < ex->room_count);
        const world_artefact_input *in = inputs ? &inputs[i] : NULL;
        bool missing = !in || in->missing || !_world_box_usable(&in->bounds);
        float half_ph = 0.5f * WORLD_PLACEHOLDER;
        vt_aabb local = missing ? (vt_aabb){ { -half_ph, 0, -half_ph }, { half_ph, WORLD_PLACEHOLDER, half_ph } }
                                : in->bounds;
        float s = missing ? 1.0f : _world_scale(a, &local);
        mat4 r;
        /* A placeholder only turns about the vertical: a tilted box says
         * nothing more about what is missing. */
        _world_rotation(missing ? (float[3]){ 0, a->rotation[1], 0 } : a->rotation, r);
        vec3 c, e;
        vt_aabb_center(&local, c);
        vt_aabb_size(&local, e);
        float lift = 0; /* half the turned, scaled box's height */
        for (int k = 0; k < 3; k++)
            lift += fabsf(r[k][1]) * 0.5f * s * e[k];
        bool support = a->support != EXHIBITION_SUPPORT_NONE && a->support_height >= WORLD_MIN_SUPPORT;
        float top = a->position[1] + (support ? a->support_height : 0.0f);

        mat4 m;
        glm_translate_make(m, (vec3){ a->position[0], top + lift, a->position[2] });
        glm_mat4_mul(m, r, m);
        glm_scale_uni(m, s);
        glm_translate(m, (vec3){ -c[0], -c[1], -c[2] });
        glm_mat4_copy(m, w->artefact_model[i]);
        glm_mat4_inv(m, w->_artefact_inverse[i]);
        w->_artefact_local[i] = local;
        w->artefact_placeholder[i] = missing;

        /* World bounds and the footprint in the yaw's frame, from the 8
         * turned corners. */
        float yaw = glm_rad(a->rotation[1]);
        world_box fp = { .axis = { cosf(yaw), -sinf(yaw) } };
        float u[2], v[2];
        world_box_axes(&fp, u, v);
        vt_aabb wb = vt_aabb_empty();
        float lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
        for (int k = 0; k < 8; k++) {
            vec3 p = { (k & 1) ? local.max[0] : local.min[0], (k & 2) ? local.max[1] : local.min[1],
                       (k & 4) ? local.max[2] : local.min[2] };
            vec3 q;
            glm_mat4_mulv3(m, p, 1.0f, q);
            vt_aabb_add_point(&wb, q);
            float dx = q[0] - a->position[0], dz = q[2] - a->position[2];
            float pu = dx * u[0] + dz * u[1], pv = dx * v[0] + dz * v[1];
            lo[0] = fminf(lo[0], pu);
            hi[0] = fmaxf(hi[0], pu);
            lo[1] = fminf(lo[1], pv);
            hi[1] = fmaxf(hi[1], pv);
        }
        float mu = 0.5f * (lo[0] + hi[0]), mv = 0.5f * (lo[1] + hi[1]);
        fp.center[0] = a->position[0] + mu * u[0] + mv * v[0];
        fp.center[1] = a->position[2] + mu * u[1] + mv * v[1];
        fp.half[0] = 0.5f * (hi[0] - lo[0]);
        fp.half[1] = 0.5f * (hi[1] - lo[1]);
        fp.y0 = wb.min[1];
        fp.y1 = wb.max[1];
        w->artefact_bounds[i] = wb;
        w->artefact_footprint[i] = fp;
        vt_aabb_merge(&w->bounds, &wb);

        b->has_support[i] = support;
        b->vitrine[i] = support && a->support == EXHIBITION_SUPPORT_VITRINE;
        if (support) {
            world_box sb = fp;
            for (int k = 0; k < 2; k++)
                sb.half[k] = fmaxf(fp.half[k] + WORLD_PLINTH_MARGIN, WORLD_PLINTH_MIN_HALF);
            sb.y0 = a->position[1];
            sb.y1 = top;
            b->support[i] = sb;
            b->glass_top[i] = wb.max[1] + WORLD_GLASS_ABOVE;
            world_box ob = sb;
            if (b->vitrine[i])
                ob.y1 = b->glass_top[i];
            b->obstacle_round[w->obstacle_count] = false;
            w->obstacles[w->obstacle_count++] = ob;
        } else if (wb.min[1] < WORLD_STANDING_BELOW && wb.max[1] > 0.05f) {
            b->obstacle_round[w->obstacle_count] = !missing;
            w->obstacles[w->obstacle_count++] = fp;
        }
    }
    return true;
}

void world_free(world *w)
{
    if (!w)
        return;
    vt_arena_free(&w->arena);
    memset(w, 0, sizeof *w);
}

vt_result world_build(const exhibition *ex, const world_artefact_input *inputs, world *out, vt_error_msg *err)
{
    assert(ex && out);
    memset(out, 0, sizeof *out);
    world *w = out;
    w->bounds = vt_aabb_empty();
    size_t na = ex->artefact_count, nr = ex->room_count;
    _world_build b = { .w = w, .ex = ex, .mesh_cap = nr * 5 };
    w->artefact_count = na;
    w->room_count = nr;
    w->artefact_model = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->artefact_model);
    w->_artefact_inverse = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->_artefact_inverse);
    w->_artefact_local = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->_artefact_local);
    w->artefact_bounds = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->artefact_bounds);
    w->artefact_footprint = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->artefact_footprint);
    w->artefact_placeholder = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->artefact_placeholder);
    w->obstacles = vt_arena_alloc_array(&w->arena, na ? na : 1, sizeof *w->obstacles);
    w->rooms = vt_arena_alloc_array(&w->arena, nr ? nr : 1, sizeof *w->rooms);
    w->meshes = vt_arena_alloc_array(&w->arena, b.mesh_cap ? b.mesh_cap : 1, sizeof *w->meshes);
    b.obstacle_round = calloc(na ? na : 1, sizeof *b.obstacle_round);
    b.support = calloc(na ? na : 1, sizeof *b.support);
    b.has_support = calloc(na ? na : 1, sizeof *b.has_support);
    b.vitrine = calloc(na ? na : 1, sizeof *b.vitrine);
    b.glass_top = calloc(na ? na : 1, sizeof *b.glass_top);
    bool ok = w->artefact_model && w->_artefact_inverse && w->_artefact_local && w->artefact_bounds &&
              w->artefact_footprint && w->artefact_placeholder && w->obstacles && w->rooms && w->meshes &&
              b.obstacle_round && b.support && b.has_support && b.vitrine && b.glass_top;
    ok = ok && _world_place(&b, inputs) && _world_walls(&b);
    for (uint32_t r = 0; ok && r < nr; r++) {
        size_t light_count = 0;
        _world_light *lights = _world_room_lights(ex, r, &light_count);
        if (!lights) {
            ok = false;
            break;
        }
        if (ex->rooms[r].floor_plan)
            ok = _world_room_meshes(&b, r, lights, light_count);
        ok = ok && _world_support_meshes(&b, r, lights, light_count);
        free(lights);
    }
    free(b.obstacle_round);
    free(b.support);
    free(b.has_support);
    free(b.vitrine);
    free(b.glass_top);
    if (!ok) {
        world_free(w);
        if (err)
            vt_error_set(err, "exhibition: out of memory while building its rooms");
        return VT_ERR_OUT_OF_MEMORY;
    }
    return VT_OK;
}
