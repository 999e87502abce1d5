/* museum_hud: what is drawn over the walk-through, in the visitor's
 * language: the floor-plan map (rooms, doorways, artefacts, where the
 * visitor stands and looks; tappable), a button bar for touch screens
 * (about, tour, map, back), the tour's progress, the inspected work's
 * record with its credit line and licence, and the About screen with the
 * exhibition's credits. Works on render_overlay; owns its lifetime. */
#ifndef VT_MUSEUM_HUD_H
#define VT_MUSEUM_HUD_H

#include <stdbool.h>

#include "app/museum_nav.h"
#include "app/museum_scene.h"
#include "gfx/gfx.h"

#define MUSEUM_HUD_BUTTONS 4

typedef struct museum_hud {
    bool ready;          /* the overlay could be set up */
    const exhibition *ex;
    const world *world;
    float *floor_xz;     /* the floors' triangles, x z pairs, world metres */
    uint32_t floor_vertex_count;
    /* where the buttons were drawn last frame, for taps */
    float button[MUSEUM_HUD_BUTTONS][4];
    bool button_shown[MUSEUM_HUD_BUTTONS];
} museum_hud;

bool museum_hud_init(museum_hud *h, const exhibition *ex, const world *w, vt_error_msg *err);
void museum_hud_free(museum_hud *h);
/* A tap or click on a button: acts on NAV and returns true (consumed). */
bool museum_hud_event(museum_hud *h, museum_nav *nav, const plat_event *ev);
/* Draws over TARGET's resolved frame; sets NAV's map frame for taps. */
void museum_hud_draw(museum_hud *h, gfx_target target, museum_nav *nav, const museum_scene *scene, const char *lang);
bool museum_hud_animating(const museum_hud *h);

/* The interface's own words in LANG (vi, en; others fall back to en). */
const char *museum_hud_word(const char *key, const char *lang);

#endif
