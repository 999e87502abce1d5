/* walk: a visitor walking through the exhibition at eye height.
 *
 * The walker stands on a flat floor (floor_y) with its eye eye_height above
 * it. Each frame cam_walk_update takes the move axes (WASD / arrows / a
 * touch stick), a run flag and look deltas already in radians, and moves the
 * walker with limited acceleration: walking speed is reached in accel_time
 * and lost in stop_time, never instantly. Within a frame the motion is
 * integrated exactly for constant input, so 30 and 144 frames a second walk
 * the same path. Diagonal input is no faster than straight input.
 *
 * Walls are not known here: the caller passes a collision callback (the
 * world's collide function) that moves a proposed step's end back out of
 * obstacles in the x,z plane. Whatever part of the velocity pushed into an
 * obstacle is then dropped, so the walker slides along walls instead of
 * pressing into them and jittering.
 *
 * Tap-to-walk: cam_walk_goto walks to a point on the floor with the same
 * limits, braking to arrive at rest and turning the view gently (limited,
 * eased turn rate) toward the way it goes. Any move input, or no progress
 * for half a second (blocked), cancels it.
 *
 * Pure math: no GL, no SDL, no allocation. */
#ifndef VT_WALK_H
#define VT_WALK_H

#include <stdbool.h>

#include "camera/look.h"

/* Moves TO back out of obstacles for a disc of RADIUS travelling from FROM
 * (x, z), sliding along what it hits. USER is passed through. */
typedef void (*cam_collide_fn)(void *user, const float from[2], float to[2], float radius);

typedef struct cam_walk_desc {
    float x, z;       /* where the walker stands */
    float yaw, pitch; /* radians, cam_look's convention */
    float floor_y;    /* 0 is the default too */
    float eye_height; /* 0 = 1.6 m */
    float radius;     /* 0 = 0.3 m, what the collision callback gets */
    float speed;      /* 0 = 1.4 m/s, walking */
    float run_factor; /* 0 = 2, speed multiplier while running */
    float accel_time; /* 0 = 0.3 s from rest to walking speed */
    float stop_time;  /* 0 = 0.25 s from walking speed to rest */
} cam_walk_desc;

typedef struct cam_walk_input {
    float forward;    /* -1..1, + ahead; clamped with strafe to the unit disc */
    float strafe;     /* -1..1, + right */
    bool run;
    float look_yaw;   /* radians to add; + turns left (cam_look's yaw) */
    float look_pitch; /* radians to add; + looks down */
} cam_walk_input;

typedef struct cam_walk {
    float pos[2]; /* x, z */
    float vel[2]; /* m/s, x and z */
    float yaw, pitch;
    float floor_y, eye_height, radius, speed, run_factor;
    float accel, decel; /* m/s^2, from the desc's times */
    /* tap-to-walk */
    bool has_goal;
    bool goal_turn;   /* still turning the view toward travel; look input ends it */
    float goal[2];
    float best_dist;  /* closest the walker has come to the goal */
    float stuck_time; /* seconds without progress */
    float yaw_rate;   /* rad/s of the eased automatic turn */
} cam_walk;

void cam_walk_init(cam_walk *w, const cam_walk_desc *desc);

/* One frame of DT seconds. COLLIDE may be NULL (open floor). */
void cam_walk_update(cam_walk *w, const cam_walk_input *in, float dt, cam_collide_fn collide, void *user);

/* Tap-to-walk to floor point (x, z); replaces any earlier goal. */
void cam_walk_goto(cam_walk *w, float x, float z);
/* Drops the goal; the walker slows to a stop as usual. */
void cam_walk_cancel(cam_walk *w);
/* True while walking to a goal or still moving: the app keeps drawing. */
bool cam_walk_busy(const cam_walk *w);
float cam_walk_speed(const cam_walk *w);

/* The eye pose; and placing the walker at a pose (after a glide or a tour:
 * its x, z and angles, at eye height; at rest, no goal). */
void cam_walk_look(const cam_walk *w, cam_look *out);
void cam_walk_set_look(cam_walk *w, const cam_look *l);

/* Mouse-look / drag pixels to look deltas for cam_walk_input. SENSITIVITY is
 * radians per viewport height (0 = pi/2, a quarter turn), so the feel is the
 * same on a laptop and a 4K kiosk. Moving right turns right, moving down
 * looks down; a "grab the world" touch drag negates both. */
void cam_walk_look_from_pixels(float dx_px, float dy_px, float viewport_h, float sensitivity, float *look_yaw,
                               float *look_pitch);

#endif
