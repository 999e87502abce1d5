/* cli: the viewer's command line, parsed into app_options with no side
 * effects (no printing, no files), so every rule is unit-tested. */
#ifndef VT_CLI_H
#define VT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "import/import.h"
#include "render/render.h"

typedef struct app_options {
    const char *path;       /* scan to open; NULL = the demo */
    const char *screenshot; /* --screenshot OUT.png: one frame, headless */
    int width, height;      /* --size; default 1280x720 */
    bool has_orbit;
    float yaw, pitch, distance; /* --orbit degrees, degrees, metres (0 = fit) */
    bool has_mode;
    render_mode mode;       /* --mode */
    import_up up;           /* --up */
    float unit_scale;       /* --unit; 0 = from the file or a guess */
    bool fullscreen;
    bool verbose;
    /* Exhibitions (a folder with exhibition.json, or a built package). */
    const char *view;       /* --view NAME: start at this viewpoint */
    const char *tour;       /* --tour NAME: play this tour */
    bool has_at;
    float at;               /* --at SECONDS into the tour (with --screenshot) */
    const char *script;     /* --script FILE: timed input, fixed time step */
    bool watch;             /* --watch: rebuild and reload when a file changes */
    const char *lang;       /* --lang CODE: the visitor's language; NULL = the exhibition's first */
    const char *open_hotspot; /* --open-hotspot ID: open it (with --at: that far into its narration) */
    const char *audio_out;  /* --audio-out FILE.wav: record what the mixer plays (headless) */
} app_options;

typedef enum app_cli_result {
    APP_CLI_RUN,
    APP_CLI_HELP,
    APP_CLI_VERSION,
    APP_CLI_USAGE, /* err says what is wrong; exit code 2 */
} app_cli_result;

app_cli_result app_parse_args(int argc, char **argv, app_options *out, char *err, size_t err_size);
const char *app_usage(void);

#endif
