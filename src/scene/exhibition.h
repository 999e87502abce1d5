/* exhibition: the exhibition model (rooms, artefacts, viewpoints, tours) and
 * the validator that reads it from a folder's exhibition.json, format 1
 * (docs/exhibition-format.md, docs/exhibition.schema.json).
 *
 * exhibition_load reads DIR/exhibition.json with the positioned JSON reader
 * (base/json.h) and checks everything before anything is built: unknown and
 * missing fields, types, ids and references, texts against the declared
 * languages, numeric ranges, floor plans and doorways, and every path (it
 * must stay inside the folder, symlinks included, and name an existing
 * file). Every problem becomes one exhibition_diag with the line:column of
 * the offending key or value and a message that names the thing and ends
 * with a fix; a JSON syntax error stops at the first. Diagnostics come out
 * in document order.
 *
 * Ownership: everything an exhibition holds (strings included) lives in its
 * arena and goes with exhibition_free. Diagnostics live in their own arena
 * (exhibition_diags_free). On any failure *out is left zeroed, so
 * exhibition_free is safe on it either way.
 *
 * Depends on base/ only; no GL, no SDL. Not thread-safe per object. */
#ifndef VT_EXHIBITION_H
#define VT_EXHIBITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/result.h"

#define EXHIBITION_FORMAT 1
#define EXHIBITION_NONE UINT32_MAX /* an index that points nowhere */

/* ---- the model ---------------------------------------------------------- */

/* A text: one string per declared language, in document order. */
typedef struct exhibition_text_entry {
    const char *lang;
    const char *string;
} exhibition_text_entry;

typedef struct exhibition_text {
    exhibition_text_entry *entries;
    size_t count;
} exhibition_text;

typedef struct exhibition_material {
    bool has_color;
    float color[3];       /* sRGB 0..1 from "#rrggbb" */
    const char *texture;  /* relative path, or NULL */
    float texture_size_m; /* 0 when not given */
} exhibition_material;

typedef struct exhibition_doorway {
    uint32_t wall;   /* edge from floor_plan point wall to wall+1 */
    float center;    /* metres along the wall */
    float width;
    float height;    /* default 2.4 */
    const char *to;  /* room id, or NULL */
    uint32_t to_room; /* index into rooms, or EXHIBITION_NONE */
} exhibition_doorway;

typedef struct exhibition_light {
    float position[3];
    float color[3];  /* default white */
    float intensity; /* default 1 */
    bool has_spot;
    float spot_at[3];
} exhibition_light;

typedef struct exhibition_room {
    const char *id;
    exhibition_text name;
    float (*floor_plan)[2]; /* [x, z], NULL for a model room */
    size_t floor_plan_count;
    const char *model;      /* relative path, or NULL for a floor-plan room */
    float wall_height;      /* default 3.5 */
    exhibition_doorway *doorways;
    size_t doorway_count;
    exhibition_material floor, walls, ceiling;
    exhibition_light *lights;
    size_t light_count;
    const char *ambient;    /* room sound (WAV/Ogg), looped under narration; or NULL */
} exhibition_room;

typedef enum exhibition_up {
    EXHIBITION_UP_Y = 0,
    EXHIBITION_UP_Z,
    EXHIBITION_UP_NEG_Z,
    EXHIBITION_UP_X,
} exhibition_up;

typedef enum exhibition_support {
    EXHIBITION_SUPPORT_PLINTH = 0, /* the default */
    EXHIBITION_SUPPORT_NONE,
    EXHIBITION_SUPPORT_VITRINE,
} exhibition_support;

/* Orbit limits; a limit not given keeps its has_ flag false. */
typedef struct exhibition_orbit {
    bool has_yaw, has_pitch, has_distance, has_front_yaw;
    float yaw[2], pitch[2], distance[2];
    float front_yaw;
} exhibition_orbit;

typedef struct exhibition_record {
    exhibition_text title;           /* required */
    const char *inventory_number;    /* NULL when not given */
    exhibition_text date, material, dimensions, provenance, description; /* count 0 when not given */
    exhibition_text credit;          /* required */
    const char *licence;             /* required */
} exhibition_record;

typedef struct exhibition_artefact {
    const char *id;
    const char *scan;  /* relative to the exhibition folder, checked to exist; or "builtin:NAME"
                        * (scene/builtin_models.h); NULL only for a missing scan
                        * accepted by missing_scans_ok */
    const char *room;
    uint32_t room_index;
    float position[3];
    float rotation[3]; /* degrees about x, y, z */
    float height_m;    /* 0 when not given */
    float scale;       /* 0 when not given; neither given: scan units are metres */
    exhibition_up up;
    exhibition_support support;
    float support_height; /* default 0.9 */
    exhibition_orbit orbit;
    exhibition_record record;
} exhibition_artefact;

typedef struct exhibition_viewpoint {
    const char *id;
    exhibition_text name;
    float position[3];
    float look_at[3];
} exhibition_viewpoint;

typedef struct exhibition_tour_stop {
    const char *viewpoint;
    uint32_t viewpoint_index;
    float seconds;        /* default 8 */
    float travel_seconds; /* default 4 */
} exhibition_tour_stop;

typedef struct exhibition_tour {
    const char *id;
    exhibition_text name;
    exhibition_tour_stop *stops;
    size_t stop_count;
} exhibition_tour;

/* A recording of a hotspot's narration in one language (either may be
 * NULL: the packer synthesises audio from the text, or captions from it). */
typedef struct exhibition_narration {
    const char *lang;
    const char *audio;    /* WAV or Ogg Vorbis, relative path, or NULL */
    const char *captions; /* WebVTT, relative path, or NULL */
} exhibition_narration;

/* A point of the audio guide: on an artefact's surface (position and normal
 * in its scan's own coordinates, y up) or in a room (world metres). */
typedef struct exhibition_hotspot {
    const char *id;
    const char *artefact;    /* or NULL */
    uint32_t artefact_index; /* or EXHIBITION_NONE */
    const char *room;        /* when not on an artefact */
    uint32_t room_index;
    float position[3];
    float normal[3];         /* unit; default up */
    int stop;                /* keypad number 1..9999, 0 when none */
    exhibition_text title;   /* required */
    exhibition_text body;    /* paragraphs split by blank lines, *emphasis*; count 0 when none */
    const char *image;       /* relative path, or NULL */
    exhibition_narration *narration;
    size_t narration_count;
    bool has_camera;
    float camera_position[3], camera_look_at[3];
} exhibition_hotspot;

typedef struct exhibition {
    vt_arena arena; /* owns everything below */
    const char *dir;
    int format;
    exhibition_text title;
    exhibition_text credits; /* count 0 when not given */
    const char **languages;  /* the first is the default */
    size_t language_count;
    exhibition_room *rooms;
    size_t room_count;
    exhibition_artefact *artefacts;
    size_t artefact_count;
    exhibition_viewpoint *viewpoints;
    size_t viewpoint_count;
    exhibition_tour *tours;
    size_t tour_count;
    exhibition_hotspot *hotspots;
    size_t hotspot_count;
} exhibition;

/* ---- diagnostics -------------------------------------------------------- */

typedef struct exhibition_diag {
    uint32_t line, column; /* from 1; 0:0 when the file itself is the problem */
    bool warning;          /* reported, but the exhibition still loads */
    char message[256];     /* one line: what is wrong, then a fix */
} exhibition_diag;

typedef struct exhibition_diags {
    vt_arena arena; /* owns items */
    exhibition_diag *items;
    size_t count, capacity;
    size_t warnings; /* how many of the items are warnings */
} exhibition_diags;

/* Reads and checks DIR/exhibition.json. VT_OK only when no diagnostic was
 * made; VT_ERR_NOT_FOUND when the file is missing; VT_ERR_MALFORMED for any
 * other problem (VT_ERR_OUT_OF_MEMORY if memory ran out). DIAGS may be NULL;
 * otherwise it is appended to (start from a zeroed one). */
vt_result exhibition_load(const char *dir, exhibition *out, exhibition_diags *diags);

typedef struct exhibition_load_desc {
    const char *dir;  /* the exhibition folder (paths are relative to it); NULL = "." */
    /* JSON text to read instead of DIR/exhibition.json: an exhibition
     * already built into a package. Its paths are then checked for shape
     * only (relative, inside the folder), not looked up on disk. */
    const char *json;
    size_t json_len;
    /* A scan file that does not exist is a warning, and the artefact's scan
     * stays NULL: the viewer shows a placeholder where a builder refuses. */
    bool missing_scans_ok;
} exhibition_load_desc;

/* exhibition_load with choices. VT_OK when every diagnostic is a warning. */
vt_result exhibition_load_ex(const exhibition_load_desc *desc, exhibition *out, exhibition_diags *diags);
void exhibition_free(exhibition *ex);

/* "PATH:LINE:COLUMN: message", one per line ("warning: " before warnings).
 * PATH NULL -> "exhibition.json". */
void exhibition_print_diags(const exhibition_diags *diags, const char *path, FILE *f);
void exhibition_diags_free(exhibition_diags *diags);

/* The string for LANG, else the first (default-language) one, else "". */
const char *exhibition_text_get(const exhibition_text *t, const char *lang);

#endif
