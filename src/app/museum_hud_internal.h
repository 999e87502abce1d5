/* What museum_hud.c (buttons, map, records, About) and museum_hud_guide.c
 * (the audio guide on screen) share. Private to those two files. */
#ifndef VT_MUSEUM_HUD_INTERNAL_H
#define VT_MUSEUM_HUD_INTERNAL_H

#include "museum_hud.h"
#include "render/render_overlay.h"

static const render_rgba _hud_panel = { 0.06f, 0.06f, 0.07f, 0.72f };
static const render_rgba _hud_white = { 1, 1, 1, 1 };
static const render_rgba _hud_soft = { 0.85f, 0.84f, 0.80f, 1 };
static const render_rgba _hud_accent = { 0.95f, 0.70f, 0.25f, 1 };

/* Width and height of TEXT at SIZE (wrapped at MAX_WIDTH when > 0),
 * remembered by the text's address. */
void _hud_measure(museum_hud *h, const char *text, float size, bool bold, float max_width, float *w_out,
                  float *h_out);
/* A hotspot's body: paragraphs and *emphasis*, wrapped into the box. */
void _hud_body(float x, float y, float w, float hgt, const char *text, float size, const char *lang);
bool _hud_in_rect(const float *r, float x, float y);

void _hud_guide_layout(museum_hud *h, const museum_nav *nav, float w, float hgt, float s);
void _hud_guide_draw(museum_hud *h, const museum_nav *nav, float w, float hgt, float s, const char *lang);
/* Taps on the guide: true when consumed. UP: the release (act), else the press. */
bool _hud_guide_event(museum_hud *h, museum_nav *nav, const plat_event *ev, bool up);

#endif
