#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *app_usage(void)
{
    return "Usage: vitrine [OPTIONS] [SCAN | EXHIBITION_DIR | FILE.vitrine]\n"
           "Opens a 3D scan (OBJ, PLY, glTF/GLB, FBX) for inspection, or an exhibition to walk\n"
           "through (a folder with exhibition.json, or a package built by vitrine-pack);\n"
           "with no argument, the demo gallery.\n"
           "\n"
           "Options:\n"
           "  --screenshot OUT.png     render one frame with no display, write a PNG, exit\n"
           "  --size WxH               frame size in pixels (default 1280x720)\n"
           "  --orbit YAW,PITCH[,DIST] view angles in degrees and distance in metres\n"
           "                           (0,0 looks at the front; DIST omitted or 0 frames the scan)\n"
           "  --mode unlit|lit|clay    look: scan colour as captured, lit, or untextured clay\n"
           "  --up y|z|-z|x            the scan's up axis when the file does not say\n"
           "  --unit m|cm|mm|in|NUMBER the scan's unit when the file does not say\n"
           "  --fullscreen             fill the screen (kiosks)\n"
           "  --view NAME              exhibition: start at viewpoint NAME\n"
           "  --tour NAME              exhibition: play tour NAME\n"
           "  --at SECONDS             with --tour and --screenshot: the moment to show\n"
           "  --script FILE            play timed input from FILE at a fixed time step\n"
           "                           (docs/input-script.md); with --screenshot, shoot at its end\n"
           "  --watch                  exhibition folder: rebuild and reload when a file changes\n"
           "  --lang CODE              the visitor's language (default: the exhibition's first)\n"
           "  --open-hotspot ID        exhibition: open an audio-guide hotspot (with --at SECONDS:\n"
           "                           that far into its narration, caption shown)\n"
           "  --audio-out FILE.wav     with --screenshot: record what the audio mixer plays\n"
           "  --verbose                print what was loaded and how\n"
           "  --help, --version\n"
           "\n"
           "Controls: drag to turn, wheel or pinch to zoom toward the cursor, right-drag or\n"
           "two-finger drag to pan, double-click or double-tap to focus a point, F frame,\n"
           "R reset, L lit, C clay, U unlit, M next look, S screenshot, F11 fullscreen, Esc quit.\n"
           "In an exhibition: WASD or arrows walk, drag to look, click or tap the floor to walk\n"
           "there, click an artefact to inspect it (Esc or Backspace goes back), 1-9 viewpoints,\n"
           "T tour (Space pauses), Tab map, I about and credits.\n"
           "\n"
           "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input file.\n";
}

static bool _cli_float(const char *s, float *out)
{
    char *end;
    errno = 0;
    float v = strtof(s, &end);
    if (end == s || *end != 0 || errno != 0 || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool _cli_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return false;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end != 0 || a < 16 || b < 16 || a > 8192 || b > 8192)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

static bool _cli_orbit(const char *s, app_options *o)
{
    /* Comma-separated, every field present: "30,,10" is a typo, not 30,10. */
    float v[3] = { 0, 0, 0 };
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char field[32];
        if (n == 3 || len == 0 || len >= sizeof field)
            return false;
        memcpy(field, p, len);
        field[len] = 0;
        if (!_cli_float(field, &v[n]))
            return false;
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (n < 2 || v[2] < 0 || fabsf(v[1]) > 90.0f)
        return false;
    o->yaw = v[0];
    o->pitch = v[1];
    o->distance = v[2];
    o->has_orbit = true;
    return true;
}

app_cli_result app_parse_args(int argc, char **argv, app_options *o, char *err, size_t err_size)
{
    memset(o, 0, sizeof *o);
    o->width = 1280;
    o->height = 720;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return APP_CLI_HELP;
        if (!strcmp(a, "--version") || !strcmp(a, "-V"))
            return APP_CLI_VERSION;
        if (!strcmp(a, "--fullscreen")) {
            o->fullscreen = true;
            continue;
        }
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            o->verbose = true;
            continue;
        }
        if (!strcmp(a, "--watch")) {
            o->watch = true;
            continue;
        }
        if (a[0] == '-' && a[1] == '-') {
            /* Options with a value: "--name VALUE" or "--name=VALUE". */
            static const char *const with_value[] = { "--screenshot", "--size", "--orbit", "--mode", "--up",
                                                      "--unit", "--view", "--tour", "--at", "--script", "--lang",
                                                      "--open-hotspot", "--audio-out" };
            const int n_with_value = (int)(sizeof with_value / sizeof *with_value);
            const char *name = a, *value = NULL;
            char name_buf[32];
            const char *eq = strchr(a, '=');
            if (eq) {
                size_t n = (size_t)(eq - a);
                if (n >= sizeof name_buf)
                    n = sizeof name_buf - 1;
                memcpy(name_buf, a, n);
                name_buf[n] = 0;
                name = name_buf;
                value = eq + 1;
            }
            int which = -1;
            for (int k = 0; k < n_with_value; k++)
                if (!strcmp(name, with_value[k]))
                    which = k;
            if (which < 0) {
                snprintf(err, err_size, "unknown option '%s' (see --help)", name);
                return APP_CLI_USAGE;
            }
            if (!value) {
                if (i + 1 >= argc) {
                    snprintf(err, err_size, "option %s needs a value (see --help)", name);
                    return APP_CLI_USAGE;
                }
                value = argv[++i];
            }
            bool ok = true;
            switch (which) {
            case 0: o->screenshot = value; ok = value[0] != 0; break;
            case 1: ok = _cli_size(value, &o->width, &o->height); break;
            case 2: ok = _cli_orbit(value, o); break;
            case 3: ok = render_parse_mode(value, &o->mode); o->has_mode = ok; break;
            case 4: ok = import_parse_up(value, &o->up); break;
            case 5: ok = import_parse_unit(value, &o->unit_scale); break;
            case 6: o->view = value; ok = value[0] != 0; break;
            case 7: o->tour = value; ok = value[0] != 0; break;
            case 8: ok = _cli_float(value, &o->at) && o->at >= 0 && o->at <= 86400; o->has_at = ok; break;
            case 9: o->script = value; ok = value[0] != 0; break;
            case 10: o->lang = value; ok = value[0] != 0 && strlen(value) < 16; break;
            case 11: o->open_hotspot = value; ok = value[0] != 0; break;
            case 12: o->audio_out = value; ok = value[0] != 0; break;
            }
            if (!ok) {
                static const char *const expect[] = {
                    "a file name", "WIDTHxHEIGHT, each 16 to 8192", "YAW,PITCH[,DISTANCE], pitch within -90..90",
                    "unlit, lit or clay", "y, z, -z or x", "m, cm, mm, in, ft or a positive number",
                    "a viewpoint id", "a tour id", "seconds, 0 to 86400", "a script file", "a language code like vi or en",
                    "a hotspot id", "a .wav file name",
                };
                snprintf(err, err_size, "bad value '%s' for %s: expected %s", value, name, expect[which]);
                return APP_CLI_USAGE;
            }
            continue;
        }
        if (a[0] == '-' && a[1] != 0) {
            snprintf(err, err_size, "unknown option '%s' (see --help)", a);
            return APP_CLI_USAGE;
        }
        if (o->path) {
            snprintf(err, err_size, "only one scan or exhibition can be opened at a time ('%s' and '%s')", o->path, a);
            return APP_CLI_USAGE;
        }
        o->path = a;
    }
    if (o->has_at && !o->tour && !o->open_hotspot) {
        snprintf(err, err_size, "--at needs --tour NAME or --open-hotspot ID (the moment of what?)");
        return APP_CLI_USAGE;
    }
    if (o->view && o->tour) {
        snprintf(err, err_size, "--view and --tour cannot be used together: a tour starts at its own first stop");
        return APP_CLI_USAGE;
    }
    if (o->audio_out && !o->screenshot) {
        snprintf(err, err_size, "--audio-out records a headless run: add --screenshot OUT.png");
        return APP_CLI_USAGE;
    }
    return APP_CLI_RUN;
}
