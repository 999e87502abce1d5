#include "bounds.h"

#include <float.h>
#include <math.h>

vt_aabb vt_aabb_empty(void)
{
    return (vt_aabb){ { FLT_MAX, FLT_MAX, FLT_MAX }, { -FLT_MAX, -FLT_MAX, -FLT_MAX } };
}

bool vt_aabb_is_empty(const vt_aabb *b) { return b->min[0] > b->max[0]; }

void vt_aabb_add_point(vt_aabb *b, const float p[3])
{
    for (int i = 0; i < 3; i++) {
        b->min[i] = fminf(b->min[i], p[i]);
        b->max[i] = fmaxf(b->max[i], p[i]);
    }
}

void vt_aabb_merge(vt_aabb *b, const vt_aabb *other)
{
    if (vt_aabb_is_empty(other))
        return;
    vt_aabb_add_point(b, other->min);
    vt_aabb_add_point(b, other->max);
}

void vt_aabb_center(const vt_aabb *b, vec3 out)
{
    for (int i = 0; i < 3; i++)
        out[i] = 0.5f * (b->min[i] + b->max[i]);
}

void vt_aabb_size(const vt_aabb *b, vec3 out)
{
    for (int i = 0; i < 3; i++)
        out[i] = b->max[i] - b->min[i];
}

float vt_aabb_radius(const vt_aabb *b)
{
    vec3 s;
    vt_aabb_size(b, s);
    return 0.5f * glm_vec3_norm(s);
}

bool vt_aabb_contains(const vt_aabb *b, const vec3 p)
{
    for (int i = 0; i < 3; i++)
        if (p[i] < b->min[i] || p[i] > b->max[i])
            return false;
    return true;
}

bool vt_ray_aabb(const vec3 origin, const vec3 dir, const vt_aabb *b, float *t_enter, float *t_exit)
{
    float t0 = -FLT_MAX, t1 = FLT_MAX;
    for (int i = 0; i < 3; i++) {
        if (fabsf(dir[i]) < 1e-12f) {
            if (origin[i] < b->min[i] || origin[i] > b->max[i])
                return false;
            continue;
        }
        float inv = 1.0f / dir[i];
        float ta = (b->min[i] - origin[i]) * inv;
        float tb = (b->max[i] - origin[i]) * inv;
        if (ta > tb) {
            float t = ta;
            ta = tb;
            tb = t;
        }
        t0 = fmaxf(t0, ta);
        t1 = fminf(t1, tb);
        if (t0 > t1)
            return false;
    }
    if (t1 < 0)
        return false;
    if (t_enter)
        *t_enter = t0;
    if (t_exit)
        *t_exit = t1;
    return true;
}

bool vt_ray_triangle(const vec3 origin, const vec3 dir, const float *a, const float *b, const float *c,
                     float *t_out)
{
    vec3 e1, e2, p, s, q;
    glm_vec3_sub((float *)b, (float *)a, e1);
    glm_vec3_sub((float *)c, (float *)a, e2);
    glm_vec3_cross((float *)dir, e2, p);
    float det = glm_vec3_dot(e1, p);
    if (fabsf(det) < 1e-20f)
        return false;
    float inv = 1.0f / det;
    glm_vec3_sub((float *)origin, (float *)a, s);
    float u = glm_vec3_dot(s, p) * inv;
    if (u < 0.0f || u > 1.0f)
        return false;
    glm_vec3_cross(s, e1, q);
    float v = glm_vec3_dot((float *)dir, q) * inv;
    if (v < 0.0f || u + v > 1.0f)
        return false;
    float t = glm_vec3_dot(e2, q) * inv;
    if (t <= 0.0f)
        return false;
    *t_out = t;
    return true;
}

bool vt_ray_mesh(const vec3 origin, const vec3 dir, const float *positions, const uint32_t *indices,
                 uint32_t index_count, float *t_out)
{
    float best = FLT_MAX;
    for (uint32_t i = 0; i + 2 < index_count; i += 3) {
        float t;
        if (vt_ray_triangle(origin, dir, positions + 3 * indices[i], positions + 3 * indices[i + 1],
                            positions + 3 * indices[i + 2], &t) &&
            t < best)
            best = t;
    }
    if (best == FLT_MAX)
        return false;
    *t_out = best;
    return true;
}
