/* tour: a guided tour as a function of time, and a player for it.
 *
 * A tour is an ordered list of stops, each a pose (an exhibition viewpoint
 * converted with cam_look_from_points), how long to hold there and how long
 * the travel to it takes, plus the pose the visitor had when the tour began.
 * The timeline is: travel to stop 0, hold at stop 0, travel to stop 1, ...
 * Each travel is a glide (glide.h): a straight line with smootherstep
 * easing that starts and ends at rest, the view turning the short way. The
 * path is deliberately straight: a curve through the stops could bow
 * through a wall between two viewpoints that see each other. A travel time
 * of 0 jumps; zero stops make an empty tour that just shows the start.
 *
 * cam_tour_eval is a pure function of time, evaluated directly at t (never
 * stepped), so `--tour NAME --at S` renders the same pose on every machine
 * and pausing, seeking and frame rate cannot drift it. The player only keeps
 * the clock.
 *
 * The tour borrows its stops array (the caller keeps it alive while the
 * tour is used). Pure math: no GL, no SDL, no allocation. */
#ifndef VT_TOUR_H
#define VT_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "camera/glide.h"

typedef struct cam_tour_stop {
    cam_look pose;
    float hold;   /* seconds at the stop (exhibition "seconds") */
    float travel; /* seconds to get there from the previous pose; 0 jumps */
} cam_tour_stop;

typedef struct cam_tour {
    const cam_tour_stop *stops; /* borrowed */
    size_t stop_count;
    cam_look start; /* where the visitor was */
    double duration;
} cam_tour;

/* Negative or NaN times count as 0. STOPS may be NULL when COUNT is 0. */
void cam_tour_init(cam_tour *t, const cam_tour_stop *stops, size_t count, const cam_look *start);
double cam_tour_duration(const cam_tour *t);
/* When the hold at stop I begins (the camera is at rest at its pose). */
double cam_tour_stop_time(const cam_tour *t, size_t i);

/* The pose at TIME seconds (clamped to [0, duration]). STOP (may be NULL)
 * gets the stop being travelled to or held at, -1 for an empty tour;
 * HOLDING (may be NULL) whether the camera is holding at it. After the end
 * the tour holds at its last stop. */
void cam_tour_eval(const cam_tour *t, double time, cam_look *out, int *stop, bool *holding);

typedef struct cam_tour_player {
    const cam_tour *tour;
    double t; /* seconds into the tour */
    bool paused;
} cam_tour_player;

void cam_tour_player_start(cam_tour_player *p, const cam_tour *tour);
/* Advances the clock DT seconds unless paused; stops at the end. */
void cam_tour_player_update(cam_tour_player *p, double dt);
void cam_tour_player_pause(cam_tour_player *p);
void cam_tour_player_resume(cam_tour_player *p);
void cam_tour_player_seek(cam_tour_player *p, double t); /* clamped to the tour */
bool cam_tour_player_done(const cam_tour_player *p);
void cam_tour_player_pose(const cam_tour_player *p, cam_look *out, int *stop, bool *holding);

#endif
