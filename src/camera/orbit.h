/* orbit: the turntable camera a visitor uses to inspect one artefact.
 *
 * Drag turns the object like a turntable (yaw about world up, pitch limited,
 * never any roll); zoom and focus move toward the point under the cursor;
 * pan slides the target in the view plane. Input changes a goal pose and
 * cam_orbit_update eases the shown pose toward it (damped, frame-rate
 * independent). Both poses are kept valid: the eye stays outside the
 * artefact's bounding box and above its base, and the target never wanders
 * far from the artefact. Pure math on cglm: no GL, no SDL, no allocation. */
#ifndef VT_ORBIT_H
#define VT_ORBIT_H

#include <stdbool.h>
#include <cglm/cglm.h>

#include "scene/bounds.h"

typedef struct cam_pose {
    float yaw;      /* radians; 0 looks from +Z toward -Z, + turns toward +X */
    float pitch;    /* radians; + looks down from above */
    float distance; /* metres from target to eye */
    vec3 target;
} cam_pose;

/* What a curator allows for one artefact (exhibition "orbit"): yaw within
 * [yaw_min, yaw_max] around yaw_center (the artefact's front, so a relief
 * against a wall is never seen from behind), pitch and distance within
 * theirs. Radians and metres; a has_ flag false leaves that one free. */
typedef struct cam_orbit_limits {
    bool has_yaw, has_pitch, has_distance;
    float yaw_center, yaw_min, yaw_max;
    float pitch_min, pitch_max;
    float distance_min, distance_max;
} cam_orbit_limits;

typedef struct cam_orbit {
    cam_pose goal;    /* where input asked to go */
    cam_pose current; /* what is shown; eases toward goal */
    cam_pose home;    /* R resets to this */
    vt_aabb bounds;   /* the artefact, world space */
    float fov_y;      /* vertical field of view, radians */
    float aspect;     /* width / height */
    float damping;    /* 1/s; higher settles faster */
    cam_orbit_limits limits;
} cam_orbit;

typedef struct cam_orbit_desc {
    vt_aabb bounds;
    float fov_y;      /* 0 = 40 degrees */
    float aspect;     /* 0 = 16/9 */
    float yaw, pitch; /* home view angles in degrees; both 0 = a 3/4 view */
    float damping;    /* 0 = 12 per second */
    cam_orbit_limits limits; /* all zero = no limits beyond the box and the base */
} cam_orbit_desc;

void cam_orbit_init(cam_orbit *o, const cam_orbit_desc *desc);
void cam_orbit_set_aspect(cam_orbit *o, float aspect);

/* The distance at which the whole artefact fits the view. */
float cam_orbit_fit_distance(const cam_orbit *o);

/* Input. Pixel amounts are scaled by the viewport height. */
void cam_orbit_rotate(cam_orbit *o, float dx_px, float dy_px, float viewport_h);
void cam_orbit_pan(cam_orbit *o, float dx_px, float dy_px, float viewport_h);
/* factor < 1 zooms in. AT (may be NULL) is the world point under the
 * cursor; it stays put on screen while the rest moves around it. */
void cam_orbit_zoom(cam_orbit *o, float factor, const float at[3]);
void cam_orbit_focus(cam_orbit *o, const float point[3]); /* double-click */
void cam_orbit_frame(cam_orbit *o); /* F: whole artefact, same angles */
void cam_orbit_reset(cam_orbit *o); /* R: back home */
/* Sets the goal directly (degrees, metres; distance <= 0 = fit). */
void cam_orbit_set(cam_orbit *o, float yaw_deg, float pitch_deg, float distance);

/* Eases current toward goal over DT seconds. */
void cam_orbit_update(cam_orbit *o, float dt);
void cam_orbit_snap(cam_orbit *o); /* current = goal, for single frames */
bool cam_orbit_settled(const cam_orbit *o);

/* Camera matrices of the current pose. Near and far hug the artefact so
 * depth precision is spent where it is: no z-fighting at any zoom. */
void cam_pose_eye(const cam_pose *p, vec3 eye);
void cam_orbit_view(const cam_orbit *o, mat4 view);
void cam_orbit_clip_planes(const cam_orbit *o, float *near_out, float *far_out);
void cam_orbit_proj(const cam_orbit *o, mat4 proj);

/* The world-space ray through pixel (x, y) of a W x H viewport, y down. */
void cam_orbit_ray(const cam_orbit *o, float x, float y, float w, float h, vec3 origin, vec3 dir);

#endif
