/* bounds: axis-aligned boxes, bounding spheres and ray casts, used to frame
 * the camera, fit its near/far planes and find the surface point under a
 * click. Pure math on cglm types; no GL, no allocation. */
#ifndef VT_BOUNDS_H
#define VT_BOUNDS_H

#include <stdbool.h>
#include <stdint.h>
#include <cglm/cglm.h>

typedef struct vt_aabb {
    vec3 min, max;
} vt_aabb;

vt_aabb vt_aabb_empty(void);
bool vt_aabb_is_empty(const vt_aabb *b);
void vt_aabb_add_point(vt_aabb *b, const float p[3]);
void vt_aabb_merge(vt_aabb *b, const vt_aabb *other);
void vt_aabb_center(const vt_aabb *b, vec3 out);
void vt_aabb_size(const vt_aabb *b, vec3 out);
float vt_aabb_radius(const vt_aabb *b); /* half the diagonal */
bool vt_aabb_contains(const vt_aabb *b, const vec3 p);

/* Slab test: the entry distance along a normalised ray, or false. */
bool vt_ray_aabb(const vec3 origin, const vec3 dir, const vt_aabb *b, float *t_enter, float *t_exit);

/* Möller–Trumbore, both faces: the hit distance, or false. */
bool vt_ray_triangle(const vec3 origin, const vec3 dir, const float *a, const float *b, const float *c,
                     float *t_out);

/* Nearest hit of a ray on an indexed triangle list (positions are xyz
 * triples). Linear in the triangle count: fine for a click, not per frame. */
bool vt_ray_mesh(const vec3 origin, const vec3 dir, const float *positions, const uint32_t *indices,
                 uint32_t index_count, float *t_out);

#endif
