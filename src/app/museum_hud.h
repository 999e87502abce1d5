/* museum_hud: what is drawn over the walk-through, in the visitor's
 * language: the floor-plan map (rooms, doorways, artefacts, where the
 * visitor stands and looks; tappable), a button bar for touch screens
 * (about, tour, map, back), the tour's progress, the inspected work's
 * record with its credit line and licence, and the About screen with the
 * exhibition's credits. Works on render_overlay; owns its lifetime. */
#ifndef VT_MUSEUM_HUD_H
#define VT_MUSEUM_HUD_H

#include <stdbool.h>

#include "app/museum_guide.h"
#include "app/museum_nav.h"
#include "app/museum_scene.h"
#include "gfx/gfx.h"

#define MUSEUM_HUD_BUTTONS 4
#define MUSEUM_HUD_MEASURED 32
#define MUSEUM_HUD_MARKERS 64
#define MUSEUM_HUD_LANGS 8

/* The guide's controls: where each was drawn, for taps. */
enum {
    MUSEUM_HUD_G_CLOSE,
    MUSEUM_HUD_G_PREV,
    MUSEUM_HUD_G_PLAY,
    MUSEUM_HUD_G_NEXT,
    MUSEUM_HUD_G_BAR,
    MUSEUM_HUD_G_LANG,
    MUSEUM_HUD_G_VOLUME,
    MUSEUM_HUD_G_COUNT
};

/* A measured text, so a still frame shapes nothing twice. */
typedef struct museum_hud_measure {
    const char *text; /* identity: the words are static, records live as long as the exhibition */
    float size_px;
    bool bold;
    float max_width;
    float w, h;
} museum_hud_measure;

typedef struct museum_hud {
    bool ready;          /* the overlay could be set up */
    const exhibition *ex;
    const world *world;
    float *floor_xz;     /* the floors' triangles, x z pairs, world metres */
    uint32_t floor_vertex_count;
    /* where the buttons are (museum_hud_layout), for taps */
    float button[MUSEUM_HUD_BUTTONS][4];
    bool button_shown[MUSEUM_HUD_BUTTONS];
    float buttons_right; /* x where the button bar ends */
    museum_hud_measure measured[MUSEUM_HUD_MEASURED];
    uint32_t measured_next;
    /* the audio guide (museum_hud_guide.c) */
    museum_guide *guide;
    uint32_t guide_generation; /* the guide's captions measured so far */
    float marker[MUSEUM_HUD_MARKERS][3]; /* x, y, radius on screen */
    int marker_hotspot[MUSEUM_HUD_MARKERS];
    int marker_count;
    float control[MUSEUM_HUD_G_COUNT][4];
    bool control_shown[MUSEUM_HUD_G_COUNT];
    bool lang_menu;
    bool has_stops;      /* some hotspot has a stop number: digits are a keypad */
    float lang_item[MUSEUM_HUD_LANGS][4];
    int lang_item_count;
    float panel_x;       /* left edge of the open panel (the caption centres beside it) */
    int image_of;        /* the hotspot whose image is in image, or -1 */
    gfx_texture image;
    int image_w, image_h;
    void *font_copies[8]; /* the package's fonts, kept for the overlay's life */
    int font_copy_count;
    char record[2048];   /* the inspected work's record lines, and for which */
    int record_of;
    char record_lang[16];
} museum_hud;

bool museum_hud_init(museum_hud *h, const exhibition *ex, const world *w, vt_error_msg *err);
/* The fonts PKG carries, added behind the system's: a visitor's machine
 * without Noto or WenQuanYi still shows every text. Copied (they outlive a
 * reload's package); call once after museum_hud_init. */
void museum_hud_add_fonts(museum_hud *h, const vt_package *pkg);
/* After a reload: the new exhibition and world, the overlay kept. */
void museum_hud_rebind(museum_hud *h, const exhibition *ex, const world *w);
void museum_hud_free(museum_hud *h);
/* Places the buttons for NAV's state on a W x H frame (draw does it too;
 * scripts call it so their taps meet the buttons a visitor would see). */
void museum_hud_layout(museum_hud *h, const museum_nav *nav, int w, int hgt, const char *lang);
/* The audio guide whose markers, panel and captions the HUD shows (NULL: none). */
void museum_hud_bind_guide(museum_hud *h, museum_guide *g);
/* Opens hotspot I in the guide and glides to its camera pose if it has
 * one (a tap on its marker, a stop number, --open-hotspot). */
void museum_hud_opened(museum_hud *h, museum_nav *nav, int i);
/* A tap or click on a button: acts on NAV and returns true (consumed). */
bool museum_hud_event(museum_hud *h, museum_nav *nav, const plat_event *ev);
/* Draws over TARGET's resolved frame; sets NAV's map frame for taps. */
void museum_hud_draw(museum_hud *h, gfx_target target, museum_nav *nav, const char *lang);

/* The interface's own words in LANG (vi, en; others fall back to en). */
const char *museum_hud_word(const char *key, const char *lang);

#endif
