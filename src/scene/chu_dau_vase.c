/* A Chu Đậu blue-and-white vase, modelled by Vitrine itself: the demo
 * gallery's ceramic, so the exhibition has one piece of Vietnamese
 * stoneware that needs no download.
 *
 * Shape: one lathe (surface of revolution) of a single profile that runs
 * from the centre of the underside out across the foot ring, up the outside
 * (swelling body, shoulder, narrow neck, flared lip), over the rounded rim
 * and back down the inside to the inner floor. One consistent profile
 * direction gives one consistently wound surface, so the open mouth shows
 * the (dark) inside instead of a hole.
 *
 * Decoration: underglaze cobalt on a creamy glaze, painted into a base-
 * colour image in the bands a Chu Đậu painter used: upright lotus panels at
 * the foot, a peony scroll round the belly, pendant panels on the shoulder,
 * banana leaves up the neck, thin double ring lines between bands and a
 * blue lip. The brown-washed base ("chocolate base") and the unglazed buff
 * foot ring are typical of Vietnamese wares of the period. Why an image and
 * not vertex colours like the drum: the lathe is smooth, so the packer's
 * levels of detail (which measure shape, not colour) thin it to a few
 * thousand triangles, and painting held in vertices would smear into
 * facets; an image survives any level of detail and keeps strokes sharp.
 * The edges are still soft on purpose: cobalt bleeds into the glaze.
 *
 * "Handmade": the wall wobbles by a few millimetres, throwing rings ripple
 * it, the glaze stops unevenly above the foot and varies in tint, strokes
 * wander and the cobalt pools darker in places. All noise is hashed from
 * integer lattices, periodic around the vase (no seam), so the model is the
 * same on every run (bit for bit with the same maths library). */
#include "chu_dau_vase.h"

#include <math.h>
#include <string.h>

#include "scene/mesh_normals.h"

#define VASE_SEGMENTS 256 /* around */
#define VASE_ROWS 168     /* along the profile */
#define VASE_TEX_W 2048   /* the painting: about 0.4 mm a texel on the belly */
#define VASE_TEX_H 1024
#define VASE_DENSE 3000   /* the profile before resampling */
#define VASE_PI 3.14159265358979f

#define VASE_HEIGHT 0.378f /* the rim's top, metres */
#define VASE_WALL 0.0055f  /* wall thickness */
#define VASE_FOOT_TOP 0.012f

typedef enum _vase_part {
    _VASE_UNDER,  /* the base inside the foot ring: brown wash */
    _VASE_FOOT,   /* the unglazed foot ring */
    _VASE_BODY,   /* the glazed, painted outside */
    _VASE_RIM,    /* over the lip */
    _VASE_INSIDE, /* down the inside */
} _vase_part;

/* One point of the profile: radius and height, which part it belongs to,
 * and the arc length travelled within that part (the painter's "down the
 * wall" coordinate: bands keep their proportions where the wall slopes). */
typedef struct _vase_pt {
    float r, y, s;
    int part;
} _vase_pt;

typedef struct _vase_profile {
    _vase_pt *pts;
    int count;
} _vase_profile;

/* ---- small maths ---------------------------------------------------------- */

static float _vase_clamp(float x, float lo, float hi) { return x < lo ? lo : x > hi ? hi : x; }

static float _vase_smooth(float a, float b, float x)
{
    float t = _vase_clamp((x - a) / (b - a), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

/* A brush line of WIDTH centred on d = 0, bleeding softly over BLEED. */
static float _vase_line(float d, float width, float bleed)
{
    return 1.0f - _vase_smooth(width * 0.5f, width * 0.5f + bleed, fabsf(d));
}

/* Inside a region whose signed distance is D (negative inside), soft edge. */
static float _vase_fill(float d, float bleed) { return 1.0f - _vase_smooth(-bleed * 0.5f, bleed * 0.5f, d); }

static float _vase_lerp(float a, float b, float t) { return a + (b - a) * t; }

/* An integer hash to 0..1: the only source of "randomness". */
static float _vase_hash(int32_t x, int32_t y, uint32_t seed)
{
    uint32_t h = (uint32_t)x * 0x8da6b343u ^ (uint32_t)y * 0xd8163841u ^ seed * 0xcb1ab31fu;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return (float)(h & 0xffffffu) / 16777215.0f;
}

/* Value noise 0..1 at (u around 0..1, v), PERIOD lattice cells around so it
 * wraps without a seam; V_SCALE cells per metre up the wall. */
static float _vase_noise(float u, float v, int period, float v_scale, uint32_t seed)
{
    float x = u * (float)period, y = v * v_scale;
    float fx = floorf(x), fy = floorf(y);
    int ix = (int)fx, iy = (int)fy;
    float tx = x - fx, ty = y - fy;
    tx = tx * tx * (3.0f - 2.0f * tx);
    ty = ty * ty * (3.0f - 2.0f * ty);
    int x0 = ((ix % period) + period) % period, x1 = (x0 + 1) % period;
    float a = _vase_hash(x0, iy, seed), b = _vase_hash(x1, iy, seed);
    float c = _vase_hash(x0, iy + 1, seed), d = _vase_hash(x1, iy + 1, seed);
    return _vase_lerp(_vase_lerp(a, b, tx), _vase_lerp(c, d, tx), ty);
}

/* ---- the profile ---------------------------------------------------------- */

/* The outside from the top of the foot ring to the lip, (radius, height):
 * the belly swells widest a little below mid-height, the shoulder turns in
 * to a slender neck that flares into an everted lip. */
static const float _vase_body_ctrl[][2] = {
    { 0.0728f, 0.012f }, { 0.0770f, 0.022f }, { 0.0900f, 0.048f }, { 0.1070f, 0.090f }, { 0.1180f, 0.130f },
    { 0.1200f, 0.158f }, { 0.1150f, 0.190f }, { 0.1010f, 0.220f }, { 0.0800f, 0.245f }, { 0.0580f, 0.265f },
    { 0.0420f, 0.284f }, { 0.0355f, 0.304f }, { 0.0340f, 0.326f }, { 0.0365f, 0.345f }, { 0.0430f, 0.359f },
    { 0.0540f, 0.369f }, { 0.0640f, 0.3755f }, { 0.0690f, VASE_HEIGHT - VASE_WALL * 0.5f },
};

/* The foot ring in section, from the underside's edge round to the body. */
static const float _vase_foot_ctrl[][2] = {
    { 0.0560f, 0.0070f }, { 0.0590f, 0.0045f }, { 0.0612f, 0.0012f }, { 0.0636f, 0.0000f },
    { 0.0690f, 0.0000f }, { 0.0712f, 0.0015f }, { 0.0722f, 0.0060f }, { 0.0728f, VASE_FOOT_TOP },
};

static void _vase_push(_vase_profile *p, float r, float y, int part)
{
    if (p->count >= VASE_DENSE)
        return;
    _vase_pt *q = &p->pts[p->count];
    q->r = r;
    q->y = y;
    q->part = part;
    q->s = 0.0f;
    if (p->count > 0 && p->pts[p->count - 1].part == part) {
        const _vase_pt *o = &p->pts[p->count - 1];
        q->s = o->s + hypotf(r - o->r, y - o->y);
    }
    p->count++;
}

/* Centripetal Catmull-Rom (no loops or cusps between close points) through
 * P1..P2, at t in 0..1. */
static void _vase_catmull(const float p0[2], const float p1[2], const float p2[2], const float p3[2], float t,
                          float out[2])
{
    float t0 = 0.0f;
    float t1 = t0 + sqrtf(hypotf(p1[0] - p0[0], p1[1] - p0[1])) + 1e-6f;
    float t2 = t1 + sqrtf(hypotf(p2[0] - p1[0], p2[1] - p1[1])) + 1e-6f;
    float t3 = t2 + sqrtf(hypotf(p3[0] - p2[0], p3[1] - p2[1])) + 1e-6f;
    float u = t1 + (t2 - t1) * t;
    for (int k = 0; k < 2; k++) {
        float a1 = (t1 - u) / (t1 - t0) * p0[k] + (u - t0) / (t1 - t0) * p1[k];
        float a2 = (t2 - u) / (t2 - t1) * p1[k] + (u - t1) / (t2 - t1) * p2[k];
        float a3 = (t3 - u) / (t3 - t2) * p2[k] + (u - t2) / (t3 - t2) * p3[k];
        float b1 = (t2 - u) / (t2 - t0) * a1 + (u - t0) / (t2 - t0) * a2;
        float b2 = (t3 - u) / (t3 - t1) * a2 + (u - t1) / (t3 - t1) * a3;
        out[k] = (t2 - u) / (t2 - t1) * b1 + (u - t1) / (t2 - t1) * b2;
    }
}

static void _vase_build_profile(_vase_profile *p)
{
    /* Underside, centre outward. */
    for (int i = 0; i <= 30; i++)
        _vase_push(p, _vase_foot_ctrl[0][0] * (float)i / 30.0f, _vase_foot_ctrl[0][1], _VASE_UNDER);
    /* Foot ring: straight facets, finely cut, so its edges stay crisp. */
    int nf = (int)(sizeof _vase_foot_ctrl / sizeof _vase_foot_ctrl[0]);
    for (int i = 0; i + 1 < nf; i++)
        for (int j = 0; j < 12; j++) {
            float t = (float)j / 12.0f;
            _vase_push(p, _vase_lerp(_vase_foot_ctrl[i][0], _vase_foot_ctrl[i + 1][0], t),
                       _vase_lerp(_vase_foot_ctrl[i][1], _vase_foot_ctrl[i + 1][1], t), _VASE_FOOT);
        }
    /* Body: a smooth curve through the control points. */
    int nb = (int)(sizeof _vase_body_ctrl / sizeof _vase_body_ctrl[0]);
    int body_first = p->count;
    for (int i = 0; i + 1 < nb; i++) {
        float p0[2], p3[2];
        const float *p1 = _vase_body_ctrl[i], *p2 = _vase_body_ctrl[i + 1];
        for (int k = 0; k < 2; k++) {
            p0[k] = i > 0 ? _vase_body_ctrl[i - 1][k] : 2.0f * p1[k] - p2[k];
            p3[k] = i + 2 < nb ? _vase_body_ctrl[i + 2][k] : 2.0f * p2[k] - p1[k];
        }
        for (int j = 0; j < 120; j++) {
            float q[2];
            _vase_catmull(p0, p1, p2, p3, (float)j / 120.0f, q);
            _vase_push(p, q[0], q[1], _VASE_BODY);
        }
    }
    _vase_push(p, _vase_body_ctrl[nb - 1][0], _vase_body_ctrl[nb - 1][1], _VASE_BODY);
    int body_last = p->count - 1;

    /* The inside is the outside moved inward by the wall thickness, along
     * the profile's normal; the rim is a half round joining the two. */
    const _vase_pt *top = &p->pts[body_last], *below = &p->pts[body_last - 4];
    float tx = top->r - below->r, ty = top->y - below->y, tl = hypotf(tx, ty);
    tx /= tl;
    ty /= tl;
    float nx = ty, ny = -tx; /* outward: the tangent turned clockwise */
    float cx = top->r - nx * VASE_WALL * 0.5f, cy = top->y - ny * VASE_WALL * 0.5f;
    for (int i = 1; i < 24; i++) {
        float a = VASE_PI * (float)i / 24.0f;
        float h = VASE_WALL * 0.5f;
        _vase_push(p, cx + h * (cosf(a) * nx + sinf(a) * tx), cy + h * (cosf(a) * ny + sinf(a) * ty), _VASE_RIM);
    }
    float floor_y = 0.032f;
    for (int i = body_last; i >= body_first; i -= 2) {
        const _vase_pt *a = &p->pts[i > body_first ? i - 1 : i], *b = &p->pts[i < body_last ? i + 1 : i];
        float dx = b->r - a->r, dy = b->y - a->y, dl = hypotf(dx, dy);
        if (dl < 1e-9f)
            continue;
        float r = p->pts[i].r - dy / dl * VASE_WALL, y = p->pts[i].y + dx / dl * VASE_WALL;
        if (y < floor_y)
            break;
        _vase_push(p, r, y, _VASE_INSIDE);
    }
    float last_r = p->pts[p->count - 1].r;
    for (int i = 1; i <= 20; i++)
        _vase_push(p, last_r * (1.0f - (float)i / 20.0f), floor_y, _VASE_INSIDE);
}

/* Height on the outside -> arc length up the body (the bands are laid out
 * by height, painted by arc length). */
static float _vase_s_at_y(const _vase_profile *p, float y)
{
    for (int i = 1; i < p->count; i++) {
        const _vase_pt *a = &p->pts[i - 1], *b = &p->pts[i];
        if (a->part != _VASE_BODY || b->part != _VASE_BODY)
            continue;
        if (b->y >= y)
            return _vase_lerp(a->s, b->s, _vase_clamp((y - a->y) / (b->y - a->y + 1e-9f), 0.0f, 1.0f));
    }
    return 0.0f;
}

static float _vase_r_at_y(const _vase_profile *p, float y)
{
    for (int i = 1; i < p->count; i++) {
        const _vase_pt *a = &p->pts[i - 1], *b = &p->pts[i];
        if (a->part == _VASE_BODY && b->part == _VASE_BODY && b->y >= y)
            return _vase_lerp(a->r, b->r, _vase_clamp((y - a->y) / (b->y - a->y + 1e-9f), 0.0f, 1.0f));
    }
    return 0.05f;
}

/* Rows along the profile, spaced by arc length weighted by how much the
 * visitor sees of each part: fine on the painted body and the rim, coarse
 * on the underside and deep inside. */
static float _vase_weight(int part)
{
    switch (part) {
    case _VASE_UNDER: return 0.25f;
    case _VASE_FOOT: return 1.6f;
    case _VASE_RIM: return 1.4f;
    case _VASE_INSIDE: return 0.35f;
    default: return 1.0f;
    }
}

static void _vase_resample(const _vase_profile *p, _vase_pt *rows, int row_count, float first, float step)
{
    float total = 0.0f;
    for (int i = 1; i < p->count; i++)
        total += hypotf(p->pts[i].r - p->pts[i - 1].r, p->pts[i].y - p->pts[i - 1].y) * _vase_weight(p->pts[i].part);
    int i = 1;
    float acc = 0.0f;
    for (int k = 0; k < row_count; k++) {
        float want = total * _vase_clamp(first + step * (float)k, 0.0f, 1.0f);
        while (i < p->count) {
            const _vase_pt *a = &p->pts[i - 1], *b = &p->pts[i];
            float seg = hypotf(b->r - a->r, b->y - a->y) * _vase_weight(b->part);
            if (acc + seg >= want || i == p->count - 1) {
                float t = seg > 0.0f ? _vase_clamp((want - acc) / seg, 0.0f, 1.0f) : 0.0f;
                rows[k].r = _vase_lerp(a->r, b->r, t);
                rows[k].y = _vase_lerp(a->y, b->y, t);
                rows[k].part = b->part;
                rows[k].s = a->part == b->part ? _vase_lerp(a->s, b->s, t) : b->s * t;
                break;
            }
            acc += seg;
            i++;
        }
    }
}

/* ---- the painting --------------------------------------------------------- */

/* A band of decoration: from height Y0 to Y1 on the outside, as arc length
 * S0..S1, with the circumference at its middle for lengths round it. */
typedef struct _vase_band {
    float s0, s1, circ;
} _vase_band;

typedef struct _vase_paint {
    _vase_band foot, belly, shoulder, neck;
    float lines_s[16];
    float lines_w[16];
    int line_count;
    float lip_s; /* where the blue lip band starts */
} _vase_paint;

static _vase_band _vase_make_band(const _vase_profile *p, float y0, float y1)
{
    _vase_band b = { _vase_s_at_y(p, y0), _vase_s_at_y(p, y1), 0.0f };
    b.circ = 2.0f * VASE_PI * _vase_r_at_y(p, 0.5f * (y0 + y1));
    return b;
}

static void _vase_setup_paint(const _vase_profile *p, _vase_paint *pt)
{
    pt->foot = _vase_make_band(p, 0.031f, 0.080f);
    pt->belly = _vase_make_band(p, 0.095f, 0.208f);
    pt->shoulder = _vase_make_band(p, 0.223f, 0.266f);
    pt->neck = _vase_make_band(p, 0.283f, 0.348f);
    /* Double ring lines between the bands: a broad stroke and a thin one. */
    static const float ys[][2] = {
        { 0.021f, 0.0024f }, { 0.026f, 0.0012f }, { 0.085f, 0.0012f }, { 0.090f, 0.0022f },
        { 0.213f, 0.0022f }, { 0.218f, 0.0012f }, { 0.271f, 0.0012f }, { 0.276f, 0.0020f },
        { 0.353f, 0.0016f }, { 0.358f, 0.0010f },
    };
    pt->line_count = (int)(sizeof ys / sizeof ys[0]);
    for (int i = 0; i < pt->line_count; i++) {
        pt->lines_s[i] = _vase_s_at_y(p, ys[i][0]);
        pt->lines_w[i] = ys[i][1];
    }
    pt->lip_s = _vase_s_at_y(p, 0.3705f);
}

/* Position in one of N cells round a band: x across the cell (metres, 0 at
 * its middle), v up the band 0..1, h the band's height in metres. */
static void _vase_cell(const _vase_band *b, float u, float s, int n, float phase, float *x, float *v, float *h)
{
    float cu = u * (float)n + phase;
    float f = cu - floorf(cu) - 0.5f;
    *x = f * b->circ / (float)n;
    *h = b->s1 - b->s0;
    *v = (s - b->s0) / *h;
}

/* A lotus petal panel: rounded at the base, drawn to a point (an ogee
 * arch), outlined three times, the innermost petal washed in. V runs from
 * the petal's base to its tip. */
static float _vase_petal_dist(float x, float v, float cell_w, float h, float size)
{
    float half = cell_w * 0.45f * size;
    float vv = v / size;
    float y = v * h;
    float w = half * (1.0f - vv * vv) * (0.75f + 0.25f * (1.0f - vv));
    float dw = half * (-2.0f * vv * (0.75f + 0.25f * (1.0f - vv)) - 0.25f * (1.0f - vv * vv)) / (h * size);
    float d = (fabsf(x) - w) / sqrtf(1.0f + dw * dw);
    if (vv > 1.0f)
        d = fmaxf(d, (y - h * size) * 0.8f);
    if (v < 0.0f)
        d = fmaxf(d, -y);
    return d;
}

static float _vase_lotus_panel(float x, float v, float cell_w, float h, float wobble)
{
    if (v < -0.08f || v > 1.1f)
        return 0.0f;
    float paint = _vase_line(_vase_petal_dist(x, v, cell_w, h, 1.0f) + wobble, 0.0024f, 0.0009f);
    float d2 = _vase_petal_dist(x, v, cell_w, h, 0.74f) + wobble * 0.7f;
    paint = fmaxf(paint, 0.9f * _vase_line(d2, 0.0014f, 0.0008f));
    float d3 = _vase_petal_dist(x, v, cell_w, h, 0.48f) + wobble * 0.5f;
    paint = fmaxf(paint, 0.75f * _vase_fill(d3, 0.0015f) * (0.8f + 0.2f * (1.0f - v)));
    paint = fmaxf(paint, _vase_line(d3, 0.0016f, 0.0008f));
    return paint;
}

/* A peony head seen from the front: seven scalloped outer petals washed in,
 * an inner ring, veins, a dark heart. */
static float _vase_peony(float dx, float dy, float radius, float wobble)
{
    float rho = sqrtf(dx * dx + dy * dy);
    if (rho > radius * 1.3f)
        return 0.0f;
    float phi = atan2f(dx, dy);
    float outer = radius * (0.84f + 0.16f * fabsf(cosf(3.5f * phi)));
    float inner = radius * 0.58f * (0.86f + 0.14f * fabsf(sinf(3.5f * phi)));
    float d_out = rho - outer + wobble, d_in = rho - inner + wobble * 0.5f;
    float grade = 0.35f + 0.35f * _vase_clamp(1.0f - rho / radius, 0.0f, 1.0f);
    float paint = grade * _vase_fill(d_out, 0.0015f);
    paint = fmaxf(paint, _vase_line(d_out, 0.0022f, 0.0009f));
    paint = fmaxf(paint, (grade + 0.15f) * _vase_fill(d_in, 0.0012f));
    paint = fmaxf(paint, _vase_line(d_in, 0.0018f, 0.0008f));
    /* Veins between the outer petals. */
    float vein = fabsf(sinf(3.5f * phi)) * rho;
    if (rho > inner && rho < outer - 0.002f)
        paint = fmaxf(paint, 0.85f * _vase_line(vein, 0.0012f, 0.0007f));
    /* The heart: a dark disc ringed with stamen dots. */
    float heart = 1.0f - _vase_smooth(radius * 0.16f, radius * 0.16f + 0.0015f, rho);
    paint = fmaxf(paint, heart);
    float ring = rho - radius * 0.27f, along = phi * radius * 0.27f / 0.0035f;
    float dot = sqrtf(ring * ring + powf((along - floorf(along) - 0.5f) * 0.0035f, 2.0f));
    paint = fmaxf(paint, _vase_fill(dot - 0.0011f, 0.0008f));
    return paint;
}

/* A leaf: a pointed oval of length LEN from (x0, y0) along angle ANG,
 * washed in with an outline and a midrib. */
static float _vase_leaf(float x, float y, float x0, float y0, float ang, float len, float width)
{
    float ca = cosf(ang), sa = sinf(ang);
    float a = (x - x0) * ca + (y - y0) * sa, b = -(x - x0) * sa + (y - y0) * ca;
    float t = a / len; /* 0 at the stalk, 1 at the tip */
    if (t < -0.15f || t > 1.15f)
        return 0.0f;
    float tc = _vase_clamp(t, 0.0f, 1.0f);
    float w = width * 0.5f * sinf(VASE_PI * tc) * (1.0f + 0.3f * (1.0f - tc));
    float d = fabsf(b) - w;
    if (t < 0.0f || t > 1.0f)
        d = fmaxf(d, (t < 0.0f ? -t : t - 1.0f) * len);
    float paint = 0.6f * _vase_fill(d, 0.0012f);
    paint = fmaxf(paint, _vase_line(d, 0.0016f, 0.0008f));
    if (t > 0.0f && t < 0.9f)
        paint = fmaxf(paint, 0.95f * _vase_line(b, 0.0011f, 0.0006f));
    return paint;
}

/* The belly: a stem waving round the vase four times, a peony in each bay
 * of the wave (alternately hanging and standing), leaves where it crosses
 * the middle. */
static float _vase_scroll(const _vase_band *b, float u, float s, float wobble)
{
    const int waves = 4;
    float h = b->s1 - b->s0, y = s - b->s0;
    float lambda = b->circ / (float)waves;
    float x = u * b->circ;
    float amp = 0.25f * h;
    float k = 2.0f * VASE_PI / lambda;
    float stem_y = 0.5f * h + amp * sinf(k * x);
    float slope = amp * k * cosf(k * x);
    float paint = _vase_line((y - stem_y) / sqrtf(1.0f + slope * slope) + wobble, 0.0022f, 0.0009f);

    /* The nearest peony: one per half wave, at the crest or trough. */
    float half = lambda * 0.5f;
    float j = floorf((x - lambda * 0.25f) / half + 0.5f);
    float fx = lambda * 0.25f + j * half;
    bool crest = ((int)j % 2 + 2) % 2 == 0;
    float radius = 0.29f * h;
    float fy = crest ? 0.42f * h : 0.58f * h;
    float dx = x - fx;
    if (dx > 0.5f * b->circ)
        dx -= b->circ;
    if (dx < -0.5f * b->circ)
        dx += b->circ;
    /* Turn each flower a little so they are not stamped copies. */
    float turn = 0.35f * (_vase_hash((int)j, 7, 11u) - 0.5f);
    float rx = dx * cosf(turn) - (y - fy) * sinf(turn), ry = dx * sinf(turn) + (y - fy) * cosf(turn);
    paint = fmaxf(paint, _vase_peony(rx, ry, radius, wobble));
    /* Its stalk up (or down) to the stem. */
    float stalk_from = crest ? fy + radius * 0.8f : 0.5f * h - amp;
    float stalk_to = crest ? 0.5f * h + amp : fy - radius * 0.8f;
    if (y > stalk_from && y < stalk_to)
        paint = fmaxf(paint, _vase_line(dx + 0.004f * sinf((y - fy) * 90.0f), 0.0018f, 0.0008f));

    /* Leaves between the crossings and the flowers, on the side of the
     * stem away from the nearest flower, leaning alternately left and
     * right; the nearest two of them can reach this point. */
    float eighth = lambda * 0.125f;
    float jl = floorf((x - eighth) / (2.0f * eighth));
    for (int n = 0; n < 2; n++) {
        float jj = jl + (float)n;
        float lx = eighth + jj * 2.0f * eighth;
        float ly = 0.5f * h + amp * sinf(k * lx);
        float side = sinf(k * lx) > 0.0f ? 1.0f : -1.0f;
        float alpha = atanf(amp * k * cosf(k * lx));
        bool lean = ((int)jj % 2 + 2) % 2 == 0;
        float ang = side > 0.0f ? (lean ? alpha + 0.55f : alpha + VASE_PI - 0.55f)
                                : (lean ? alpha - 0.55f : alpha - VASE_PI + 0.55f);
        float lxd = x - lx;
        if (lxd > 0.5f * b->circ)
            lxd -= b->circ;
        if (lxd < -0.5f * b->circ)
            lxd += b->circ;
        paint = fmaxf(paint, _vase_leaf(lxd, y, 0.0f, ly, ang, 0.30f * h, 0.12f * h));
    }
    return paint;
}

/* Banana leaves standing up the neck: outline, midrib, slanting veins. */
static float _vase_banana(float x, float v, float cell_w, float h, float wobble)
{
    if (v < -0.05f || v > 1.05f)
        return 0.0f;
    float y = v * h;
    float vc = _vase_clamp(v, 0.0f, 1.0f);
    float w = cell_w * 0.46f * powf(1.0f - vc, 0.9f) * (0.6f + 0.4f * _vase_smooth(0.0f, 0.25f, vc));
    float d = fabsf(x) - w + wobble;
    float paint = 0.22f * _vase_fill(d, 0.001f);
    paint = fmaxf(paint, _vase_line(d, 0.0018f, 0.0008f));
    if (d < 0.0f) {
        paint = fmaxf(paint, _vase_line(x, 0.0016f, 0.0007f));
        float vein = y - fabsf(x) * 0.9f;
        float f = vein / 0.0045f;
        paint = fmaxf(paint, 0.45f * _vase_line((f - floorf(f) - 0.5f) * 0.0045f, 0.0008f, 0.0006f));
    }
    return paint;
}

/* Cobalt (0..1) painted at U (0..1 round the vase) and arc length S up
 * the outside. */
static float _vase_cobalt(const _vase_paint *pt, float u, float s)
{
    float wob = 0.0009f * (_vase_noise(u, s, 90, 160.0f, 3u) - 0.5f) * 2.0f;
    float paint = 0.0f;
    for (int i = 0; i < pt->line_count; i++) {
        /* Ring lines were painted on the wheel: true, but not perfectly. */
        float d = s - pt->lines_s[i] + 0.0006f * sinf(2.0f * VASE_PI * u + (float)i) + wob * 0.5f;
        paint = fmaxf(paint, _vase_line(d, pt->lines_w[i], 0.0008f));
    }
    float x, v, h;
    if (s > pt->foot.s0 - 0.003f && s < pt->foot.s1 + 0.003f) {
        _vase_cell(&pt->foot, u, s, 14, 0.0f, &x, &v, &h);
        paint = fmaxf(paint, _vase_lotus_panel(x, v, pt->foot.circ / 14.0f, h, wob));
    }
    if (s > pt->belly.s0 && s < pt->belly.s1)
        paint = fmaxf(paint, _vase_scroll(&pt->belly, u, s, wob));
    if (s > pt->shoulder.s0 - 0.003f && s < pt->shoulder.s1 + 0.003f) {
        /* Pendant panels: the lotus turned upside down, on a blue ground
         * between them, as the shoulder bands of the period were. */
        _vase_cell(&pt->shoulder, u, s, 10, 0.5f, &x, &v, &h);
        float inv = 1.0f - v;
        float panel = _vase_lotus_panel(x, inv * 0.92f, pt->shoulder.circ / 10.0f, h * 0.92f, wob);
        float outside = _vase_petal_dist(x, inv * 0.92f, pt->shoulder.circ / 10.0f, h * 0.92f, 1.0f);
        float ground = (v > 0.0f && v < 1.0f) ? 0.8f * _vase_smooth(0.0025f, 0.004f, outside) : 0.0f;
        paint = fmaxf(paint, fmaxf(panel, ground));
    }
    if (s > pt->neck.s0 - 0.002f && s < pt->neck.s1 + 0.002f) {
        _vase_cell(&pt->neck, u, s, 8, 0.25f, &x, &v, &h);
        paint = fmaxf(paint, _vase_banana(x, v, pt->neck.circ / 8.0f, h, wob));
    }
    if (s > pt->lip_s)
        paint = fmaxf(paint, _vase_smooth(pt->lip_s, pt->lip_s + 0.0015f, s));
    return _vase_clamp(paint, 0.0f, 1.0f);
}

static void _vase_store(uint8_t out[4], const float c[3])
{
    for (int k = 0; k < 3; k++)
        out[k] = (uint8_t)_vase_clamp(c[k] + 0.5f, 0.0f, 255.0f);
    out[3] = 255;
}

/* The creamy glaze: a faint grey-green where it ran thick, uneven tint,
 * rare iron specks. */
static void _vase_glaze(float u, float s, float y, float c[3])
{
    static const float cream[3] = { 230, 224, 201 }, pooled[3] = { 206, 210, 192 };
    float tint = _vase_noise(u, s, 20, 30.0f, 5u) - 0.5f;
    float pool = _vase_smooth(0.040f, 0.015f, y) * 0.7f + 0.25f * _vase_noise(u, s, 36, 60.0f, 6u);
    for (int k = 0; k < 3; k++)
        c[k] = _vase_lerp(cream[k], pooled[k], _vase_clamp(pool, 0.0f, 1.0f)) * (1.0f + 0.035f * tint);
    c[2] *= 1.0f - 0.02f * tint;
    float speck = _vase_noise(u, s, 700, 900.0f, 9u);
    if (speck > 0.93f) {
        float a = _vase_smooth(0.93f, 0.99f, speck) * 0.45f;
        static const float iron[3] = { 120, 90, 60 };
        for (int k = 0; k < 3; k++)
            c[k] = _vase_lerp(c[k], iron[k], a);
    }
}

static void _vase_color(const _vase_paint *pt, const _vase_pt *row, float u, uint8_t out[4])
{
    float c[3];
    switch (row->part) {
    case _VASE_UNDER: {
        /* The brown wash brushed on the base, streaky. */
        static const float brown[3] = { 118, 70, 44 };
        float n = _vase_noise(u, row->s, 40, 300.0f, 21u);
        for (int k = 0; k < 3; k++)
            c[k] = brown[k] * (0.85f + 0.3f * n);
        break;
    }
    case _VASE_FOOT: {
        /* Unglazed buff body, fired orange where it met the flame. */
        static const float buff[3] = { 206, 172, 128 }, flash[3] = { 196, 136, 92 };
        float n = _vase_noise(u, row->s, 30, 400.0f, 22u);
        for (int k = 0; k < 3; k++)
            c[k] = _vase_lerp(buff[k], flash[k], _vase_smooth(0.006f, 0.012f, row->y) * (0.6f + 0.4f * n));
        break;
    }
    case _VASE_BODY: {
        /* The glaze stops unevenly a little above the foot. */
        float edge = 0.0135f + 0.0035f * _vase_noise(u, 0.0f, 28, 1.0f, 23u);
        if (row->y < edge) {
            static const float flash[3] = { 198, 140, 96 };
            float n = _vase_noise(u, row->s, 30, 400.0f, 22u);
            for (int k = 0; k < 3; k++)
                c[k] = flash[k] * (0.95f + 0.1f * n);
            break;
        }
        _vase_glaze(u, row->s, row->y, c);
        /* A thick glaze drop right at its edge, a touch greener. */
        float drop = _vase_smooth(edge + 0.003f, edge, row->y);
        c[0] *= 1.0f - 0.08f * drop;
        c[2] *= 1.0f - 0.03f * drop;
        float b = _vase_cobalt(pt, u, row->s);
        /* Cobalt pools into darker, almost black-blue spots ("heaping"). */
        float heap = 0.7f * _vase_smooth(0.55f, 0.9f, _vase_noise(u, row->s, 160, 260.0f, 24u));
        static const float blue[3] = { 38, 56, 106 }, dark[3] = { 22, 29, 60 };
        for (int k = 0; k < 3; k++) {
            float cb = _vase_lerp(blue[k], dark[k], heap * 0.8f);
            c[k] = _vase_lerp(c[k], cb, b * 0.96f);
        }
        break;
    }
    case _VASE_RIM: {
        static const float rim[3] = { 70, 78, 112 };
        _vase_glaze(u, row->s, VASE_HEIGHT, c);
        for (int k = 0; k < 3; k++)
            c[k] = _vase_lerp(c[k], rim[k], 0.8f);
        break;
    }
    default: {
        /* Inside: glazed just over the lip, then into the dark. */
        static const float dark[3] = { 30, 27, 24 };
        _vase_glaze(u, row->s, VASE_HEIGHT, c);
        float t = _vase_smooth(0.002f, 0.045f, row->s);
        for (int k = 0; k < 3; k++)
            c[k] = _vase_lerp(c[k] * 0.92f, dark[k], t);
        break;
    }
    }
    _vase_store(out, c);
}

/* The thrown wall is not quite true: a slow wobble round it and faint
 * throwing rings up it. */
static float _vase_radius_factor(const _vase_pt *row, float u)
{
    if (row->part == _VASE_UNDER)
        return 1.0f;
    float wobble = 0.007f * (_vase_noise(u, row->y, 3, 9.0f, 31u) - 0.5f);
    float rings = row->part == _VASE_FOOT ? 0.0f : 0.0012f * sinf(row->y * 2.0f * VASE_PI / 0.009f);
    return 1.0f + wobble + rings * _vase_smooth(0.02f, 0.05f, row->y);
}

/* The painting as a base-colour image: U round the vase, V down the
 * profile (row 0 at the centre of the underside), the same parameter the
 * mesh's rows are spaced by. */
static bool _vase_paint_image(scene_model *m, const _vase_profile *prof, const _vase_paint *paint, vt_arena *scratch)
{
    _vase_pt *rows = vt_arena_alloc_array(scratch, VASE_TEX_H, sizeof *rows);
    m->images = vt_arena_alloc_array(&m->arena, 1, sizeof *m->images);
    uint8_t *rgba = vt_arena_alloc_array(&m->arena, (size_t)VASE_TEX_W * VASE_TEX_H, 4);
    if (!rows || !m->images || !rgba)
        return false;
    _vase_resample(prof, rows, VASE_TEX_H, 0.5f / VASE_TEX_H, 1.0f / VASE_TEX_H);
    for (int j = 0; j < VASE_TEX_H; j++)
        for (int i = 0; i < VASE_TEX_W; i++)
            _vase_color(paint, &rows[j], ((float)i + 0.5f) / VASE_TEX_W, rgba + 4 * ((size_t)j * VASE_TEX_W + i));
    m->images[0] = (scene_image){ .width = VASE_TEX_W, .height = VASE_TEX_H, .rgba = rgba, .srgb = true };
    m->image_count = 1;
    return true;
}

bool scene_make_chu_dau_vase(scene_model *m)
{
    memset(m, 0, sizeof *m);
    vt_arena scratch = { 0 };
    _vase_profile prof = { vt_arena_alloc_array(&scratch, VASE_DENSE, sizeof(_vase_pt)), 0 };
    _vase_pt *rows = vt_arena_alloc_array(&scratch, VASE_ROWS + 1, sizeof *rows);
    m->meshes = vt_arena_alloc_array(&m->arena, 1, sizeof *m->meshes);
    m->materials = vt_arena_alloc_array(&m->arena, 1, sizeof *m->materials);
    if (!prof.pts || !rows || !m->meshes || !m->materials)
        goto fail;
    _vase_build_profile(&prof);
    _vase_resample(&prof, rows, VASE_ROWS + 1, 0.0f, 1.0f / VASE_ROWS);
    _vase_paint paint;
    _vase_setup_paint(&prof, &paint);
    if (!_vase_paint_image(m, &prof, &paint, &scratch))
        goto fail;

    m->material_count = 1;
    m->materials[0] = (scene_material){ .base_color = { 1, 1, 1, 1 }, .image = { 0, -1, -1 }, .double_sided = true };
    scene_mesh *mesh = &m->meshes[0];
    /* One extra column closes the seam: the same positions as the first,
     * with u = 1 instead of 0. */
    const uint32_t cols = VASE_SEGMENTS + 1;
    uint32_t nv = (VASE_ROWS + 1) * cols, ni = VASE_ROWS * VASE_SEGMENTS * 6;
    mesh->vertex_count = nv;
    mesh->index_count = ni;
    mesh->positions = vt_arena_alloc_array(&m->arena, nv, 3 * sizeof(float));
    mesh->normals = vt_arena_alloc_array(&m->arena, nv, 3 * sizeof(float));
    mesh->uvs = vt_arena_alloc_array(&m->arena, nv, 2 * sizeof(float));
    mesh->indices = vt_arena_alloc_array(&m->arena, ni, sizeof(uint32_t));
    if (!mesh->positions || !mesh->normals || !mesh->uvs || !mesh->indices)
        goto fail;

    for (uint32_t r = 0; r <= VASE_ROWS; r++) {
        for (uint32_t sg = 0; sg < cols; sg++) {
            uint32_t around = sg % VASE_SEGMENTS;
            float u = (float)around / VASE_SEGMENTS, th = 2.0f * VASE_PI * u;
            float rad = rows[r].r * _vase_radius_factor(&rows[r], u);
            uint32_t v = r * cols + sg;
            mesh->positions[3 * v + 0] = rad * sinf(th);
            mesh->positions[3 * v + 1] = rows[r].y;
            mesh->positions[3 * v + 2] = rad * cosf(th);
            mesh->uvs[2 * v + 0] = (float)sg / VASE_SEGMENTS;
            mesh->uvs[2 * v + 1] = (float)r / VASE_ROWS;
        }
    }
    /* Counter-clockwise seen from the side the profile's right hand faces:
     * outward on the outside, into the cavity inside, down under the base. */
    uint32_t k = 0;
    for (uint32_t r = 0; r < VASE_ROWS; r++)
        for (uint32_t sg = 0; sg < VASE_SEGMENTS; sg++) {
            uint32_t a = r * cols + sg, b = a + 1, c = a + cols, d = b + cols;
            mesh->indices[k++] = a;
            mesh->indices[k++] = b;
            mesh->indices[k++] = c;
            mesh->indices[k++] = b;
            mesh->indices[k++] = d;
            mesh->indices[k++] = c;
        }
    scene_mesh_compute_normals(mesh);
    /* Each seam twin saw only the triangles on its own side: give both the
     * sum, or the seam would show as a crease. */
    for (uint32_t r = 0; r <= VASE_ROWS; r++) {
        float *n0 = mesh->normals + 3 * (r * cols), *n1 = mesh->normals + 3 * (r * cols + VASE_SEGMENTS);
        float n[3] = { n0[0] + n1[0], n0[1] + n1[1], n0[2] + n1[2] };
        float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (len > 1e-12f)
            for (int c = 0; c < 3; c++)
                n0[c] = n1[c] = n[c] / len;
    }

    m->mesh_count = 1;
    m->bounds = mesh->bounds;
    m->triangle_count = ni / 3;
    m->has_color = true;
    m->unit_scale = 1.0f;
    strcpy(m->up_axis, "+Y");
    vt_arena_free(&scratch);
    return true;
fail:
    vt_arena_free(&scratch);
    scene_model_free(m);
    return false;
}
