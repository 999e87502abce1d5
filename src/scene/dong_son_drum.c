/* A Đông Sơn bronze drum, modelled by Vitrine itself: the artefact the
 * viewer shows when the demo scan has not been fetched, so `vitrine` with no
 * argument always opens something worth looking at, offline.
 *
 * Proportions follow the Ngọc Lũ drum (tympanum about 79 cm across, 63 cm
 * high): a bulging mantle under the tympanum, a straight waist, a flared
 * foot. The tympanum carries a 14-ray sun star and concentric decorative
 * bands, cast in low relief; the body has bands of circles and hatching. The
 * colour is bronze with a green patina, as vertex colours (sRGB). */
#include "dong_son_drum.h"

#include <math.h>
#include <string.h>

#include "scene/mesh_normals.h"

#define DRUM_SEGMENTS 256 /* around */
#define DRUM_RINGS 120    /* up the body */
#define DRUM_DISC_RINGS 120

static const float _drum_profile[][2] = {
    /* height, radius (metres), bottom to top */
    { 0.000f, 0.405f }, { 0.040f, 0.380f }, { 0.120f, 0.340f }, { 0.190f, 0.322f }, { 0.260f, 0.318f },
    { 0.360f, 0.322f }, { 0.420f, 0.345f }, { 0.480f, 0.385f }, { 0.560f, 0.410f }, { 0.610f, 0.402f },
    { 0.630f, 0.392f },
};
#define DRUM_TOP 0.630f
#define DRUM_TYMPANUM_R 0.392f

static float _drum_radius_at(float y)
{
    int n = (int)(sizeof _drum_profile / sizeof _drum_profile[0]);
    for (int i = 0; i + 1 < n; i++) {
        float y0 = _drum_profile[i][0], y1 = _drum_profile[i + 1][0];
        if (y <= y1 || i + 2 == n) {
            float t = glm_clamp((y - y0) / (y1 - y0), 0.0f, 1.0f);
            t = t * t * (3.0f - 2.0f * t); /* smooth between control points */
            return _drum_profile[i][1] + (_drum_profile[i + 1][1] - _drum_profile[i][1]) * t;
        }
    }
    return _drum_profile[n - 1][1];
}

static float _drum_smoothstep(float a, float b, float x)
{
    float t = glm_clamp((x - a) / (b - a), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

/* Raised lines of a band pattern, 0..1. */
static float _drum_line(float x, float width) { return 1.0f - _drum_smoothstep(0.0f, width, fabsf(x)); }

/* Bronze, darkened in the recesses, greened by patina where the surface
 * caught moisture (a slow, irregular field). Writes sRGB bytes. */
static void _drum_color(float relief, float theta, float y, uint8_t out[4])
{
    const float bronze[3] = { 170, 124, 68 }, shadow[3] = { 92, 66, 38 }, patina[3] = { 78, 124, 100 };
    /* Patina: a sum of incommensurate waves, thresholded, so green gathers
     * in irregular drifts rather than spots. */
    float n = 0.55f * sinf(theta * 2.0f + y * 9.0f + 0.7f) + 0.30f * sinf(theta * 5.0f - y * 17.0f + 1.3f) +
              0.20f * sinf(theta * 11.0f + y * 29.0f) + 0.12f * sinf(theta * 23.0f - y * 53.0f + 2.1f);
    float green = _drum_smoothstep(0.05f, 0.75f, n) * 0.8f;
    for (int k = 0; k < 3; k++) {
        float c = shadow[k] + (bronze[k] - shadow[k]) * relief;
        c = c + (patina[k] - c) * green * (1.0f - 0.5f * relief);
        out[k] = (uint8_t)glm_clamp(c, 0.0f, 255.0f);
    }
    out[3] = 255;
}

/* Relief of the tympanum at polar (rho 0..1, theta). */
static float _drum_tympanum_relief(float rho, float theta)
{
    if (rho < 0.17f) {
        /* The sun: a raised disc with 14 pointed rays. */
        float ray = powf(fabsf(cosf(7.0f * theta)), 8.0f);
        float edge = 0.05f + 0.12f * ray;
        return rho < edge ? 1.0f : 0.15f;
    }
    /* Concentric bands, each framed by raised double lines. */
    static const float bounds[] = { 0.17f, 0.26f, 0.33f, 0.50f, 0.58f, 0.68f, 0.80f, 0.88f, 0.97f };
    int nb = (int)(sizeof bounds / sizeof bounds[0]);
    float r = 0.0f;
    for (int i = 0; i < nb; i++)
        r = fmaxf(r, fmaxf(_drum_line(rho - bounds[i], 0.004f), _drum_line(rho - bounds[i] - 0.012f, 0.003f)));
    int band = 0;
    while (band + 1 < nb && rho > bounds[band + 1])
        band++;
    float a = (rho - bounds[band]) / (bounds[band + 1 < nb ? band + 1 : band] - bounds[band] + 1e-6f);
    float pattern = 0.0f;
    switch (band % 4) {
    case 0: /* circles with a dot: the drum's commonest motif */
    {
        float cells = roundf(2.0f * GLM_PIf * rho * 40.0f);
        float u = fmodf(theta / (2.0f * GLM_PIf) * cells + 100.0f, 1.0f) - 0.5f;
        float v = a - 0.5f;
        float d = sqrtf(u * u + v * v * 4.0f);
        pattern = fmaxf(_drum_line(d - 0.32f, 0.08f), _drum_line(d, 0.1f));
        break;
    }
    case 1: /* slanted hatching */
        pattern = _drum_line(fmodf(theta * 180.0f + a * 3.0f + 100.0f, 1.0f) - 0.5f, 0.12f);
        break;
    case 2: /* the wide band: flying egrets, as long slanted wings */
    {
        float birds = 18.0f;
        float u = fmodf(theta / (2.0f * GLM_PIf) * birds + 100.0f, 1.0f);
        float body = _drum_line(a - 0.5f - (u - 0.5f) * 0.5f, 0.08f) * _drum_line(u - 0.5f, 0.3f);
        float beak = _drum_line(a - 0.5f, 0.03f) * _drum_line(u - 0.85f, 0.12f);
        pattern = fmaxf(body, beak);
        break;
    }
    default: /* ladder of short bars */
        pattern = _drum_line(fmodf(theta * 120.0f + 100.0f, 1.0f) - 0.5f, 0.15f) * _drum_line(a - 0.5f, 0.35f);
        break;
    }
    return fmaxf(r, 0.85f * pattern);
}

static float _drum_body_relief(float y, float theta)
{
    float r = 0.0f;
    /* Bands of raised lines on the mantle and at the waist. */
    static const float lines[] = { 0.585f, 0.575f, 0.52f, 0.51f, 0.43f, 0.42f, 0.36f, 0.35f, 0.20f, 0.19f };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        r = fmaxf(r, _drum_line(y - lines[i], 0.0025f));
    if (y > 0.52f && y < 0.575f) { /* circles band on the mantle */
        float cells = 120.0f;
        float u = fmodf(theta / (2.0f * GLM_PIf) * cells + 100.0f, 1.0f) - 0.5f;
        float v = (y - 0.5475f) / 0.0275f * 0.5f;
        r = fmaxf(r, _drum_line(sqrtf(u * u + v * v) - 0.3f, 0.08f));
    }
    if (y > 0.20f && y < 0.35f) { /* vertical panels on the waist */
        float u = fmodf(theta / (2.0f * GLM_PIf) * 16.0f + 100.0f, 1.0f);
        r = fmaxf(r, fmaxf(_drum_line(u - 0.02f, 0.01f), _drum_line(u - 0.98f, 0.01f)));
        r = fmaxf(r, 0.7f * _drum_line(fmodf(u * 10.0f, 1.0f) - 0.5f, 0.06f) * _drum_line(y - 0.275f, 0.05f));
    }
    return r;
}

static bool _drum_alloc(scene_model *m, scene_mesh *mesh, uint32_t nv, uint32_t ni)
{
    mesh->vertex_count = nv;
    mesh->index_count = ni;
    mesh->positions = vt_arena_alloc_array(&m->arena, nv, 3 * sizeof(float));
    mesh->normals = vt_arena_alloc_array(&m->arena, nv, 3 * sizeof(float));
    mesh->colors = vt_arena_alloc_array(&m->arena, nv, 4);
    mesh->indices = vt_arena_alloc_array(&m->arena, ni, sizeof(uint32_t));
    return mesh->positions && mesh->normals && mesh->colors && mesh->indices;
}

/* A grid of (rows+1) x SEGMENTS vertices, wrapping around; counter-
 * clockwise seen from outside a lathe whose rows go up. */
static void _drum_grid_indices(uint32_t *idx, uint32_t rows, uint32_t first_vertex)
{
    uint32_t k = 0;
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t s = 0; s < DRUM_SEGMENTS; s++) {
            uint32_t s1 = (s + 1) % DRUM_SEGMENTS;
            uint32_t a = first_vertex + r * DRUM_SEGMENTS + s, b = first_vertex + r * DRUM_SEGMENTS + s1;
            uint32_t c = a + DRUM_SEGMENTS, d = b + DRUM_SEGMENTS;
            idx[k++] = a; idx[k++] = b; idx[k++] = c;
            idx[k++] = b; idx[k++] = d; idx[k++] = c;
        }
}

bool scene_make_dong_son_drum(scene_model *m)
{
    memset(m, 0, sizeof *m);
    m->meshes = vt_arena_alloc_array(&m->arena, 2, sizeof *m->meshes);
    m->materials = vt_arena_alloc_array(&m->arena, 1, sizeof *m->materials);
    if (!m->meshes || !m->materials)
        goto fail;
    m->material_count = 1;
    m->materials[0] = (scene_material){ .base_color = { 1, 1, 1, 1 }, .image = { -1, -1, -1 }, .double_sided = true };

    /* Body: a lathe of the profile, relief pushed outward. */
    scene_mesh *body = &m->meshes[0];
    uint32_t nv = (DRUM_RINGS + 1) * DRUM_SEGMENTS;
    if (!_drum_alloc(m, body, nv, DRUM_RINGS * DRUM_SEGMENTS * 6))
        goto fail;
    for (uint32_t r = 0; r <= DRUM_RINGS; r++) {
        float y = DRUM_TOP * (float)r / DRUM_RINGS;
        for (uint32_t s = 0; s < DRUM_SEGMENTS; s++) {
            float th = 2.0f * GLM_PIf * (float)s / DRUM_SEGMENTS;
            float relief = _drum_body_relief(y, th);
            float rad = _drum_radius_at(y) + 0.0015f * relief;
            uint32_t v = r * DRUM_SEGMENTS + s;
            body->positions[3 * v + 0] = rad * sinf(th);
            body->positions[3 * v + 1] = y;
            body->positions[3 * v + 2] = rad * cosf(th);
            _drum_color(0.55f + 0.45f * relief, th, y, body->colors + 4 * v);
        }
    }
    _drum_grid_indices(body->indices, DRUM_RINGS, 0);
    scene_mesh_compute_normals(body);

    /* Tympanum: a disc of rings around a centre vertex, relief raised. */
    scene_mesh *top = &m->meshes[1];
    nv = 1 + DRUM_DISC_RINGS * DRUM_SEGMENTS;
    if (!_drum_alloc(m, top, nv, DRUM_SEGMENTS * 3 + (DRUM_DISC_RINGS - 1) * DRUM_SEGMENTS * 6))
        goto fail;
    top->positions[1] = DRUM_TOP + 0.002f;
    _drum_color(1.0f, 0.0f, DRUM_TOP, top->colors);
    for (uint32_t r = 1; r <= DRUM_DISC_RINGS; r++) {
        float rho = (float)r / DRUM_DISC_RINGS;
        for (uint32_t s = 0; s < DRUM_SEGMENTS; s++) {
            float th = 2.0f * GLM_PIf * (float)s / DRUM_SEGMENTS;
            float relief = _drum_tympanum_relief(rho, th);
            uint32_t v = 1 + (r - 1) * DRUM_SEGMENTS + s;
            float rad = rho * DRUM_TYMPANUM_R;
            top->positions[3 * v + 0] = rad * sinf(th);
            top->positions[3 * v + 1] = DRUM_TOP + 0.002f * relief;
            top->positions[3 * v + 2] = rad * cosf(th);
            _drum_color(0.45f + 0.55f * relief, th, DRUM_TOP + rho, top->colors + 4 * v);
        }
    }
    uint32_t k = 0;
    for (uint32_t s = 0; s < DRUM_SEGMENTS; s++) {
        top->indices[k++] = 0;
        top->indices[k++] = 1 + s;
        top->indices[k++] = 1 + (s + 1) % DRUM_SEGMENTS;
    }
    _drum_grid_indices(top->indices + k, DRUM_DISC_RINGS - 1, 1);
    /* On the disc the rows go outward, not up: flip to face the sky. */
    for (uint32_t i = k; i < top->index_count; i += 3) {
        uint32_t t = top->indices[i + 1];
        top->indices[i + 1] = top->indices[i + 2];
        top->indices[i + 2] = t;
    }
    scene_mesh_compute_normals(top);

    m->mesh_count = 2;
    m->bounds = vt_aabb_empty();
    for (int i = 0; i < 2; i++) {
        vt_aabb_merge(&m->bounds, &m->meshes[i].bounds);
        m->triangle_count += m->meshes[i].index_count / 3;
    }
    m->has_color = true;
    m->unit_scale = 1.0f;
    strcpy(m->up_axis, "+Y");
    return true;
fail:
    scene_model_free(m);
    return false;
}
