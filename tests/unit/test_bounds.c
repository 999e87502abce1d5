/* test_bounds: axis-aligned boxes and the ray casts used for framing and
 * picking (src/scene/bounds.h). Pure math: no files, no GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>

#include "scene/bounds.h"

#define EPS 1e-5f

static vt_aabb _box(float x0, float y0, float z0, float x1, float y1, float z1)
{
    return (vt_aabb){ { x0, y0, z0 }, { x1, y1, z1 } };
}

/* An empty box reports empty; adding one point makes it a zero-size box there. */
static void test_aabb_empty_then_point(void **state)
{
    (void)state;
    vt_aabb b = vt_aabb_empty();
    assert_true(vt_aabb_is_empty(&b));
    vt_aabb_add_point(&b, (float[3]){ 1, 2, 3 });
    assert_false(vt_aabb_is_empty(&b));
    for (int i = 0; i < 3; i++) {
        assert_float_equal(b.min[i], (float)(i + 1), 0);
        assert_float_equal(b.max[i], (float)(i + 1), 0);
    }
    assert_float_equal(vt_aabb_radius(&b), 0.0f, 0);
}

/* Adding points grows min and max per axis independently. */
static void test_aabb_add_points(void **state)
{
    (void)state;
    vt_aabb b = vt_aabb_empty();
    vt_aabb_add_point(&b, (float[3]){ 1, -2, 3 });
    vt_aabb_add_point(&b, (float[3]){ -1, 5, 0 });
    vt_aabb_add_point(&b, (float[3]){ 0, 0, 7 });
    assert_float_equal(b.min[0], -1, 0);
    assert_float_equal(b.min[1], -2, 0);
    assert_float_equal(b.min[2], 0, 0);
    assert_float_equal(b.max[0], 1, 0);
    assert_float_equal(b.max[1], 5, 0);
    assert_float_equal(b.max[2], 7, 0);
}

/* Merging unions two boxes; merging an empty box changes nothing, and
 * merging into an empty box copies the other. */
static void test_aabb_merge(void **state)
{
    (void)state;
    vt_aabb a = _box(0, 0, 0, 1, 1, 1);
    vt_aabb b = _box(-2, 0.5f, 0.5f, 0.5f, 3, 0.75f);
    vt_aabb_merge(&a, &b);
    assert_float_equal(a.min[0], -2, 0);
    assert_float_equal(a.min[1], 0, 0);
    assert_float_equal(a.min[2], 0, 0);
    assert_float_equal(a.max[0], 1, 0);
    assert_float_equal(a.max[1], 3, 0);
    assert_float_equal(a.max[2], 1, 0);

    vt_aabb e = vt_aabb_empty();
    vt_aabb before = a;
    vt_aabb_merge(&a, &e);
    for (int i = 0; i < 3; i++) {
        assert_float_equal(a.min[i], before.min[i], 0);
        assert_float_equal(a.max[i], before.max[i], 0);
    }

    vt_aabb into = vt_aabb_empty();
    vt_aabb_merge(&into, &b);
    for (int i = 0; i < 3; i++) {
        assert_float_equal(into.min[i], b.min[i], 0);
        assert_float_equal(into.max[i], b.max[i], 0);
    }
}

/* Centre, size and radius (half the diagonal) of a 2x4x4 box. */
static void test_aabb_center_size_radius(void **state)
{
    (void)state;
    vt_aabb b = _box(-1, 0, 2, 1, 4, 6);
    vec3 c, s;
    vt_aabb_center(&b, c);
    vt_aabb_size(&b, s);
    assert_float_equal(c[0], 0, EPS);
    assert_float_equal(c[1], 2, EPS);
    assert_float_equal(c[2], 4, EPS);
    assert_float_equal(s[0], 2, EPS);
    assert_float_equal(s[1], 4, EPS);
    assert_float_equal(s[2], 4, EPS);
    assert_float_equal(vt_aabb_radius(&b), 3.0f, EPS); /* sqrt(4+16+16)/2 */
}

/* Contains is inclusive of the faces and false just outside on any axis. */
static void test_aabb_contains(void **state)
{
    (void)state;
    vt_aabb b = _box(0, 0, 0, 1, 2, 3);
    assert_true(vt_aabb_contains(&b, (vec3){ 0.5f, 1, 1.5f }));
    assert_true(vt_aabb_contains(&b, (vec3){ 0, 0, 0 }));
    assert_true(vt_aabb_contains(&b, (vec3){ 1, 2, 3 }));
    assert_false(vt_aabb_contains(&b, (vec3){ -0.01f, 1, 1 }));
    assert_false(vt_aabb_contains(&b, (vec3){ 0.5f, 2.01f, 1 }));
    assert_false(vt_aabb_contains(&b, (vec3){ 0.5f, 1, 3.01f }));
    vt_aabb e = vt_aabb_empty();
    assert_false(vt_aabb_contains(&e, (vec3){ 0, 0, 0 }));
}

/* A ray toward the unit box enters and leaves it at the right distances. */
static void test_ray_aabb_hit(void **state)
{
    (void)state;
    vt_aabb b = _box(-1, -1, -1, 1, 1, 1);
    float t0 = -1, t1 = -1;
    assert_true(vt_ray_aabb((vec3){ 0, 0, 5 }, (vec3){ 0, 0, -1 }, &b, &t0, &t1));
    assert_float_equal(t0, 4.0f, EPS);
    assert_float_equal(t1, 6.0f, EPS);

    /* Diagonal ray through the corner region. */
    vec3 dir = { -1, -1, -1 };
    glm_vec3_normalize(dir);
    assert_true(vt_ray_aabb((vec3){ 3, 3, 3 }, dir, &b, &t0, &t1));
    assert_float_equal(t0, 2.0f * sqrtf(3.0f), 1e-4f);
    assert_float_equal(t1, 4.0f * sqrtf(3.0f), 1e-4f);
}

/* Rays that pass beside the box, point away from it, or run parallel to a
 * slab outside it all miss. */
static void test_ray_aabb_miss(void **state)
{
    (void)state;
    vt_aabb b = _box(-1, -1, -1, 1, 1, 1);
    float t0, t1;
    assert_false(vt_ray_aabb((vec3){ 2, 0, 5 }, (vec3){ 0, 0, -1 }, &b, &t0, &t1));  /* beside, parallel */
    assert_false(vt_ray_aabb((vec3){ 0, 0, 5 }, (vec3){ 0, 0, 1 }, &b, &t0, &t1));   /* pointing away */
    vec3 dir = { 1, 0, -1 };
    glm_vec3_normalize(dir);
    assert_false(vt_ray_aabb((vec3){ 0, 0, 5 }, dir, &b, &t0, &t1)); /* slanted past */
}

/* From inside the box the ray still hits: entry is behind (negative), exit ahead. */
static void test_ray_aabb_origin_inside(void **state)
{
    (void)state;
    vt_aabb b = _box(-1, -1, -1, 1, 1, 1);
    float t0 = 0, t1 = 0;
    assert_true(vt_ray_aabb((vec3){ 0, 0.5f, 0 }, (vec3){ 0, 1, 0 }, &b, &t0, &t1));
    assert_true(t0 < 0.0f);
    assert_float_equal(t0, -1.5f, EPS);
    assert_float_equal(t1, 0.5f, EPS);
}

static const float TRI_A[3] = { -1, -1, 0 }, TRI_B[3] = { 1, -1, 0 }, TRI_C[3] = { 0, 1, 0 };

/* A ray straight at the triangle in the z=0 plane hits at the origin's height. */
static void test_ray_triangle_hit_distance(void **state)
{
    (void)state;
    float t = -1;
    assert_true(vt_ray_triangle((vec3){ 0, 0, 3 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &t));
    assert_float_equal(t, 3.0f, EPS);

    /* Slanted: from (0,0,2) along normalised (0.2,0,-1), the hit is at x=0.4. */
    vec3 dir = { 0.2f, 0, -1 };
    glm_vec3_normalize(dir);
    assert_true(vt_ray_triangle((vec3){ 0, 0, 2 }, dir, TRI_A, TRI_B, TRI_C, &t));
    assert_float_equal(t, 2.0f * sqrtf(1.0f + 0.04f), 1e-4f);
}

/* Rays through the plane outside the triangle, and triangles behind the
 * origin, do not count as hits. */
static void test_ray_triangle_miss(void **state)
{
    (void)state;
    float t = 42;
    assert_false(vt_ray_triangle((vec3){ 0.9f, 0.9f, 3 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &t));
    assert_false(vt_ray_triangle((vec3){ 0, -1.5f, 3 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &t));
    assert_false(vt_ray_triangle((vec3){ 0, 0, 3 }, (vec3){ 0, 0, 1 }, TRI_A, TRI_B, TRI_C, &t)); /* behind */
    assert_float_equal(t, 42, 0); /* untouched on a miss */
}

/* A ray parallel to the triangle's plane misses, even when it lies in it. */
static void test_ray_triangle_parallel(void **state)
{
    (void)state;
    float t;
    assert_false(vt_ray_triangle((vec3){ -5, 0, 1 }, (vec3){ 1, 0, 0 }, TRI_A, TRI_B, TRI_C, &t));
    assert_false(vt_ray_triangle((vec3){ -5, 0, 0 }, (vec3){ 1, 0, 0 }, TRI_A, TRI_B, TRI_C, &t));
}

/* Both faces are hit: from the back the distance is the same. */
static void test_ray_triangle_both_faces(void **state)
{
    (void)state;
    float front = 0, back = 0;
    assert_true(vt_ray_triangle((vec3){ 0, 0, 2 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &front));
    assert_true(vt_ray_triangle((vec3){ 0, 0, -2 }, (vec3){ 0, 0, 1 }, TRI_A, TRI_B, TRI_C, &back));
    assert_float_equal(front, 2.0f, EPS);
    assert_float_equal(back, 2.0f, EPS);
}

/* A hit exactly on a shared edge (u+v = 1 boundary) is accepted. */
static void test_ray_triangle_edge(void **state)
{
    (void)state;
    float t = 0;
    /* Bottom edge A-B at y=-1. */
    assert_true(vt_ray_triangle((vec3){ 0, -1, 1 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &t));
    assert_float_equal(t, 1.0f, EPS);
    /* The apex C. */
    assert_true(vt_ray_triangle((vec3){ 0, 1, 1 }, (vec3){ 0, 0, -1 }, TRI_A, TRI_B, TRI_C, &t));
    assert_float_equal(t, 1.0f, EPS);
}

/* Of two stacked triangles the nearest is returned, whatever their order in
 * the index list; a ray beside both misses the mesh. */
static void test_ray_mesh_nearest(void **state)
{
    (void)state;
    /* Triangle 0 at z = -3, triangle 1 at z = 1 (nearer to an eye at z = 5). */
    const float pos[] = {
        -1, -1, -3, 1, -1, -3, 0, 1, -3, /* far */
        -1, -1, 1,  1, -1, 1,  0, 1, 1,  /* near */
    };
    const uint32_t idx[] = { 0, 1, 2, 3, 4, 5 };
    const uint32_t idx_rev[] = { 3, 4, 5, 0, 1, 2 };
    float t = 0;
    assert_true(vt_ray_mesh((vec3){ 0, 0, 5 }, (vec3){ 0, 0, -1 }, pos, idx, 6, &t));
    assert_float_equal(t, 4.0f, EPS);
    assert_true(vt_ray_mesh((vec3){ 0, 0, 5 }, (vec3){ 0, 0, -1 }, pos, idx_rev, 6, &t));
    assert_float_equal(t, 4.0f, EPS);
    /* Between the two: only the far one is ahead. */
    assert_true(vt_ray_mesh((vec3){ 0, 0, 0 }, (vec3){ 0, 0, -1 }, pos, idx, 6, &t));
    assert_float_equal(t, 3.0f, EPS);
    assert_false(vt_ray_mesh((vec3){ 5, 5, 5 }, (vec3){ 0, 0, -1 }, pos, idx, 6, &t));
    /* A trailing partial triangle (index count not a multiple of 3) is ignored. */
    assert_true(vt_ray_mesh((vec3){ 0, 0, 5 }, (vec3){ 0, 0, -1 }, pos, idx_rev, 5, &t));
    assert_float_equal(t, 4.0f, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aabb_empty_then_point),
        cmocka_unit_test(test_aabb_add_points),
        cmocka_unit_test(test_aabb_merge),
        cmocka_unit_test(test_aabb_center_size_radius),
        cmocka_unit_test(test_aabb_contains),
        cmocka_unit_test(test_ray_aabb_hit),
        cmocka_unit_test(test_ray_aabb_miss),
        cmocka_unit_test(test_ray_aabb_origin_inside),
        cmocka_unit_test(test_ray_triangle_hit_distance),
        cmocka_unit_test(test_ray_triangle_miss),
        cmocka_unit_test(test_ray_triangle_parallel),
        cmocka_unit_test(test_ray_triangle_both_faces),
        cmocka_unit_test(test_ray_triangle_edge),
        cmocka_unit_test(test_ray_mesh_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
