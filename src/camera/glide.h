/* glide: a smooth camera move from one pose to another, for clicking an
 * artefact (glide up to it, then the orbit camera takes over), Esc (glide
 * back to where the visitor stood) and jumping to a named viewpoint.
 *
 * The eye moves along the straight line between the poses (no lift) with
 * smootherstep easing: zero velocity and zero acceleration at both ends, so
 * the move neither jerks into motion nor bumps to a halt. Yaw turns the
 * short way round, pitch follows, both with the same easing. On long moves
 * the turn finishes early (turn_time < duration), so the visitor looks along
 * the final direction for the last stretch rather than arriving sideways.
 * The angular speed stays below 1.875 * angle / turn_time: never a sudden
 * turn.
 *
 * To glide onto an orbit pose, convert it with cam_look_from_orbit: the
 * last frame of the glide then shows exactly what the orbit camera shows.
 *
 * Evaluation is a pure function of time (cam_glide_eval), so a glide can be
 * rendered at any instant without stepping through it. Pure math: no GL, no
 * SDL, no allocation. */
#ifndef VT_GLIDE_H
#define VT_GLIDE_H

#include <stdbool.h>

#include "camera/look.h"

typedef struct cam_glide {
    cam_look from, to;
    float duration;  /* seconds */
    float turn_time; /* seconds the yaw and pitch take: <= duration */
    float dyaw;      /* the signed short-way yaw change */
    float t;         /* seconds since the start, for cam_glide_update */
    bool active;
} cam_glide;

/* A comfortable time for the move from FROM to TO, from its distance and
 * its turn: 0.8 s for a small step up to 4 s for a long walk or a half
 * turn. */
float cam_glide_duration(const cam_look *from, const cam_look *to);

/* DURATION <= 0 picks cam_glide_duration. */
void cam_glide_start(cam_glide *g, const cam_look *from, const cam_look *to, float duration);

/* The pose T seconds after the start: exactly FROM at t <= 0, exactly TO at
 * t >= duration. */
void cam_glide_eval(const cam_glide *g, float t, cam_look *out);

/* Advances DT seconds and writes the pose; returns true while the glide is
 * still under way (false from the frame that lands on TO). */
bool cam_glide_update(cam_glide *g, float dt, cam_look *out);

/* 10u^3 - 15u^4 + 6u^5 for u clamped to [0, 1]; exported for the tour. */
float cam_smootherstep(float u);

#endif
