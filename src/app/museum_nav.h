/* museum_nav: how a visitor moves through an exhibition, as a state machine
 * over plat_events and time, on the CPU only (tests drive it through the
 * null platform).
 *
 *   WALK     WASD / arrows walk (held keys), drag to look (mouse or one
 *            finger: grab the view), click or tap the floor to walk there,
 *            click or tap an artefact to inspect it, the wheel steps ahead
 *            or back, 1-9 jump to viewpoints, T plays the first tour, Tab
 *            shows the map, I the about screen, Esc quits (desktop).
 *   GLIDE    a smooth move (to a viewpoint, to an artefact, back); input
 *            waits, except Esc which lands at once.
 *   INSPECT  the turntable camera on one artefact within the curator's
 *            limits (inspect_input: drag, pinch, wheel, pan); Esc or
 *            Backspace glides back to where the visitor stood.
 *   TOUR     a guided tour; Space or P pauses and resumes, any walking
 *            input or Esc leaves it where it is.
 *
 * The map (drawn by museum_hud) is tappable: a tap inside it walks to that
 * floor point. All camera poses are cam_look; museum_nav_view gives the
 * matrices the renderer needs. */
#ifndef VT_MUSEUM_NAV_H
#define VT_MUSEUM_NAV_H

#include <stdbool.h>

#include "app/inspect_input.h"
#include "camera/glide.h"
#include "camera/orbit.h"
#include "camera/tour.h"
#include "camera/walk.h"
#include "platform/platform.h"
#include "render/render.h"
#include "scene/exhibition.h"
#include "world/world.h"

typedef enum museum_nav_state {
    MUSEUM_WALK,
    MUSEUM_GLIDE,
    MUSEUM_INSPECT,
    MUSEUM_TOUR,
} museum_nav_state;

/* The map's place on screen and its scale, set by whoever draws it. */
typedef struct museum_map_frame {
    bool visible;
    float x, y, w, h;    /* screen pixels */
    float origin[2];     /* world x, z at the map's top-left */
    float px_per_m;      /* world metres to map pixels; x right, z down */
} museum_map_frame;

typedef struct museum_nav {
    const exhibition *ex;
    const world *world;
    int view_w, view_h;
    float fov_y;
    museum_nav_state state;
    cam_walk walk;
    cam_glide glide;
    museum_nav_state after_glide; /* WALK or INSPECT */
    float glide_fov[2];           /* field of view at the glide's ends */
    cam_look shown;               /* the pose drawn this frame (walk/glide/tour) */
    cam_look return_pose;         /* where INSPECT goes back to */
    /* inspect */
    int inspected;                /* artefact index, or -1 */
    cam_orbit orbit;
    app_inspect inspect;
    /* tour */
    cam_tour tour;
    cam_tour_stop tour_stops[64];
    cam_tour_player player;
    int tour_index, tour_stop;
    /* walking input */
    bool keys[PLAT_KEY_COUNT];
    int drag_button;              /* mouse button held in WALK, or 0 */
    bool pointer_moved;
    float down_x, down_y;
    double down_time;
    int64_t finger;               /* the one finger that looks, or -1 */
    float wheel_ahead;            /* metres still to walk from wheel notches */
    float eye_target;             /* eye height the walker eases to */
    museum_map_frame map;
    /* requests for the app, cleared by it */
    bool want_quit, want_screenshot, want_fullscreen_toggle;
    bool show_map, show_about, show_help;
    bool changed;                 /* something moved: draw */
} museum_nav;

void museum_nav_init(museum_nav *n, const exhibition *ex, const world *w, int view_w, int view_h);
void museum_nav_resize(museum_nav *n, int w, int h);
void museum_nav_event(museum_nav *n, const plat_event *ev, double now);
void museum_nav_update(museum_nav *n, float dt);
/* True while something moves on its own (walking, gliding, a tour playing). */
bool museum_nav_busy(const museum_nav *n);

/* Places the visitor at once (start, --view). */
void museum_nav_set_pose(museum_nav *n, const float eye[3], const float look_at[3]);
/* Glides to the pose at EYE looking at LOOK_AT (a hotspot's camera). */
void museum_nav_glide_to(museum_nav *n, const float eye[3], const float look_at[3]);
/* Glides to viewpoint I (0-based). False when there is none. */
bool museum_nav_goto_viewpoint(museum_nav *n, size_t i);
/* Finds a viewpoint / tour by id: index, or -1. */
int museum_nav_find_viewpoint(const museum_nav *n, const char *id);
int museum_nav_find_tour(const museum_nav *n, const char *id);
/* Starts tour I from the current pose (or from its first stop when
 * FROM_FIRST_STOP: --tour at start-up). */
bool museum_nav_start_tour(museum_nav *n, size_t i, bool from_first_stop);
/* Glides up to artefact I and inspects it. */
bool museum_nav_inspect(museum_nav *n, int artefact);
/* Leaves INSPECT: glides back to where the visitor stood. */
void museum_nav_back(museum_nav *n);

/* The camera for this frame. */
void museum_nav_view(const museum_nav *n, render_view *v);
/* The visitor's floor position and heading (yaw), for the map. */
void museum_nav_position(const museum_nav *n, float xz[2], float *yaw);

#endif
