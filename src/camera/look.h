/* look: a free camera pose (an eye and where it looks) and its matrices.
 *
 * The walking, gliding and tour cameras all produce a cam_look; the app
 * turns it into view and projection matrices and picking rays. The angles
 * follow cam_pose's convention (orbit.h): yaw 0 looks from +Z toward -Z and
 * + yaw swings the eye toward +X (so the view turns left); + pitch looks
 * down. cam_look_from_orbit therefore gives exactly the orbit's eye and view
 * direction, and a glide can end on an orbit pose and hand over to the
 * turntable without a visible step. Never any roll.
 *
 * Pure math on cglm: no GL, no SDL, no allocation. */
#ifndef VT_LOOK_H
#define VT_LOOK_H

#include <cglm/cglm.h>

#include "camera/orbit.h"

typedef struct cam_look {
    vec3 eye;    /* metres, world space */
    float yaw;   /* radians, same sense as cam_pose.yaw */
    float pitch; /* radians, + looks down; kept within +-90 degrees */
} cam_look;

/* The pose that sees exactly what the orbit pose P sees. */
void cam_look_from_orbit(const cam_pose *p, cam_look *out);
/* Standing at EYE looking at LOOK_AT (a viewpoint of the exhibition). When
 * the two coincide the view is level toward -Z; straight down keeps yaw 0. */
void cam_look_from_points(const float eye[3], const float look_at[3], cam_look *out);

/* Unit view direction, and the camera's right (always horizontal) and up. */
void cam_look_forward(const cam_look *l, vec3 fwd);
void cam_look_axes(const cam_look *l, vec3 fwd, vec3 right, vec3 up);

/* Built from the angles, not from a look-at point, so it is well defined
 * even looking straight down. */
void cam_look_view(const cam_look *l, mat4 view);
void cam_look_proj(float fov_y, float aspect, float near_z, float far_z, mat4 proj);

/* The world-space ray through pixel (x, y) of a W x H viewport, y down,
 * pixel centres at +0.5 as cam_orbit_ray. ORIGIN is the eye. */
void cam_look_ray(const cam_look *l, float fov_y, float aspect, float x, float y, float w, float h, vec3 origin,
                  vec3 dir);

/* An angle brought into [-pi, pi]; the shortest turn from A to B is
 * cam_angle_wrap(b - a). */
float cam_angle_wrap(float a);

#endif
