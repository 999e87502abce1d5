#define _POSIX_C_SOURCE 200809L
/* vitrine-pack: converts a scan into a .vitrine package, builds an
 * exhibition folder into one, checks packages.
 *
 *   vitrine-pack SCAN -o OUT.vitrine [options]   convert
 *   vitrine-pack DIR -o OUT.vitrine [options]    build an exhibition (import/exhibition_build.h),
 *                                                its audio guide included (import/exhibition_media.h)
 *   vitrine-pack --verify FILE.vitrine            check every checksum
 *   vitrine-pack --info FILE.vitrine              JSON summary on stdout
 *
 * Exit codes: 0 ok, 1 anything else (out of memory, cannot write), 2 usage,
 * 3 bad input. Output is written atomically: a failed or interrupted run
 * never leaves a broken package where a good one was. */
#include <malloc.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "import/exhibition_build.h"
#include "import/import.h"
#include "import/pack.h"
#include "package/package.h"
#include "scene/exhibition.h"
#include "pack_info.h"

#ifndef VITRINE_VERSION
#define VITRINE_VERSION "0.0.0"
#endif

static const char *_usage =
    "Usage: vitrine-pack SCAN -o OUT.vitrine [options]\n"
    "       vitrine-pack EXHIBITION_DIR -o OUT.vitrine [options]\n"
    "       vitrine-pack --verify FILE.vitrine\n"
    "       vitrine-pack --info FILE.vitrine\n"
    "       vitrine-pack --check EXHIBITION_DIR\n"
    "Converts a 3D scan (OBJ, PLY, glTF/GLB, FBX) into a .vitrine package: quantised,\n"
    "optimised geometry with levels of detail, and GPU-compressed textures with mipmaps.\n"
    "A folder with an exhibition.json is validated, then built into one package holding\n"
    "the exhibition and every scan it shows, with its audio guide: narration for every\n"
    "hotspot in every language (the curator's recordings, else espeak-ng), captions,\n"
    "images and fonts. Scans and narration converted before come from the cache\n"
    "($XDG_CACHE_HOME/vitrine or ~/.cache/vitrine); several convert at once.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE          the package to write (atomically)\n"
    "  -j, --jobs N               worker threads (default: the number of cores)\n"
    "  --max-texture-size N       largest texture side, 16..16384 (default 4096)\n"
    "  --uncompressed             keep textures as RGBA8 (larger; for tests and old drivers)\n"
    "  --up y|z|-z|x              the scan's up axis when the file does not say (one scan;\n"
    "                             an exhibition gives each artefact's \"up\")\n"
    "  --unit m|cm|mm|in|NUMBER   the scan's unit when the file does not say (one scan)\n"
    "  -q, --quiet                no progress bar (no per-scan lines for an exhibition)\n"
    "  -v, --verbose              print how long each stage took\n"
    "  --check DIR                validate an exhibition folder (exhibition.json): every\n"
    "                             problem as DIR/exhibition.json:LINE:COLUMN: message\n"
    "  --verify FILE              check a package's every checksum and index (an exhibition's\n"
    "                             scans included)\n"
    "  --info FILE                print a JSON summary of a package\n"
    "  --help, --version\n"
    "\n"
    "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input file.\n";

typedef struct _progress {
    bool tty, verbose;
    int last;
    double start, stage_start;
    char stage[32];
} _progress;

static double _now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void _progress_cb(void *user, float fraction, const char *stage)
{
    _progress *p = user;
    if (p->verbose && strcmp(stage, p->stage) != 0) {
        double now = _now();
        if (p->stage[0])
            fprintf(stderr, "vitrine-pack: %-10s %6.2f s\n", p->stage, now - p->stage_start);
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->stage_start = now;
    }
    if (!p->tty)
        return;
    int pct = (int)(fraction * 100.0f + 0.5f);
    if (pct == p->last)
        return;
    p->last = pct;
    int bar = pct * 30 / 100;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %-10s", bar, "##############################", 30 - bar, "", pct, stage);
    if (pct >= 100)
        fputc('\n', stderr);
    fflush(stderr);
}

static int _exit_for(vt_result r)
{
    return r == VT_OK ? 0 : (r == VT_ERR_OUT_OF_MEMORY || r == VT_ERR_IO) ? 1 : 3;
}

static void _exhibition_line(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "vitrine-pack: %s\n", line);
}

/* An exhibition folder: every problem in exhibition.json at once, nothing
 * written when there is one; then one line per scan and a summary. */
static int _build_exhibition(const char *dir, const char *output, const exhibition_build_desc *opt)
{
    exhibition_build_desc d = *opt;
    d.dir = dir;
    d.out_path = output;
    exhibition_diags diags = { 0 };
    exhibition_build_report rep;
    vt_error_msg err = { { 0 } };
    vt_result r = exhibition_build(&d, &diags, &rep, &err);
    char json_path[4200];
    snprintf(json_path, sizeof json_path, "%s/exhibition.json", dir);
    exhibition_print_diags(&diags, json_path, stderr);
    exhibition_diags_free(&diags);
    if (r != VT_OK) {
        fprintf(stderr, "vitrine-pack: %s\n", err.text);
        return _exit_for(r);
    }
    printf("%s: %u scan%s (%u converted, %u from cache), %u placeholder%s, %u narration%s (%u synthetic, %u from "
           "cache), %u image%s, %u font%s, %.1f MB, %.1f s\n",
           output, rep.scans, rep.scans == 1 ? "" : "s", rep.converted, rep.cached, rep.placeholders,
           rep.placeholders == 1 ? "" : "s", rep.narrations, rep.narrations == 1 ? "" : "s", rep.synthetic,
           rep.narrations_cached, rep.images, rep.images == 1 ? "" : "s", rep.fonts, rep.fonts == 1 ? "" : "s",
           (double)rep.bytes / 1e6, rep.seconds);
    return 0;
}

static int _usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vitrine-pack: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see --help)\n");
    return 2;
}

int main(int argc, char **argv)
{
    /* Conversion allocates and frees buffers of hundreds of megabytes. By
     * default glibc maps each from the kernel afresh and every page faults
     * and is zeroed again (a third of the time on a 6.4M-triangle scan);
     * keeping freed memory in the heap lets the next buffer reuse it. */
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    const char *input = NULL, *output = NULL, *verify = NULL, *info = NULL, *check = NULL;
    int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN), max_tex = 0;
    bool quiet = false, uncompressed = false, verbose = false;
    import_up up = IMPORT_UP_AUTO;
    float unit = 0.0f;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(_usage, stdout);
            return 0;
        }
        if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
            printf("vitrine-pack %s (package format %u.%u)\n", VITRINE_VERSION, VT_PKG_VERSION_MAJOR,
                   VT_PKG_VERSION_MINOR);
            return 0;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            verbose = true;
        } else if (!strcmp(a, "--uncompressed")) {
            uncompressed = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-j") || !strcmp(a, "--jobs") ||
                   !strcmp(a, "--max-texture-size") || !strcmp(a, "--up") || !strcmp(a, "--unit") ||
                   !strcmp(a, "--verify") || !strcmp(a, "--info") || !strcmp(a, "--check")) {
            if (!v)
                return _usage_error("option %s needs a value", a);
            i++;
            char *end;
            if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
                output = v;
            } else if (!strcmp(a, "--verify")) {
                verify = v;
            } else if (!strcmp(a, "--info")) {
                info = v;
            } else if (!strcmp(a, "--check")) {
                check = v;
            } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
                long n = strtol(v, &end, 10);
                if (*end || n < 1 || n > 256)
                    return _usage_error("bad --jobs '%s': expected 1 to 256", v);
                jobs = (int)n;
            } else if (!strcmp(a, "--max-texture-size")) {
                long n = strtol(v, &end, 10);
                if (*end || n < 16 || n > 16384)
                    return _usage_error("bad --max-texture-size '%s': expected 16 to 16384", v);
                max_tex = (int)n;
            } else if (!strcmp(a, "--up")) {
                if (!import_parse_up(v, &up))
                    return _usage_error("bad --up '%s': expected y, z, -z or x", v);
            } else if (!import_parse_unit(v, &unit)) {
                return _usage_error("bad --unit '%s': expected m, cm, mm, in, ft or a positive number", v);
            }
        } else if (a[0] == '-' && a[1]) {
            return _usage_error("unknown option '%s'", a);
        } else if (input) {
            return _usage_error("one input at a time ('%s' is extra)", a);
        } else {
            input = a;
        }
    }

    vt_error_msg err = { { 0 } };
    if (check) {
        if (input || output || verify || info)
            return _usage_error("%s", "--check takes one exhibition folder and nothing else");
        /* Validation before any work: every problem at once, nothing written. */
        exhibition ex;
        exhibition_diags diags = { 0 };
        vt_result r = exhibition_load(check, &ex, &diags);
        char json_path[4200];
        snprintf(json_path, sizeof json_path, "%s/exhibition.json", check);
        exhibition_print_diags(&diags, json_path, stderr);
        if (r == VT_OK) {
            printf("%s: ok (%zu rooms, %zu artefacts, %zu viewpoints, %zu tours)\n", json_path, ex.room_count,
                   ex.artefact_count, ex.viewpoint_count, ex.tour_count);
            exhibition_free(&ex);
        } else if (diags.count > 1) {
            fprintf(stderr, "vitrine-pack: %zu problems in %s\n", diags.count, json_path);
        }
        exhibition_diags_free(&diags);
        return _exit_for(r);
    }
    if (verify || info) {
        if (input || output || (verify && info))
            return _usage_error("%s takes one package and nothing else", verify ? "--verify" : "--info");
        vt_package pkg;
        vt_result r = pkg_open(&pkg, verify ? verify : info, &err);
        if (r == VT_OK && verify && (r = pkg_verify_all(&pkg, &err)) != VT_OK)
            pkg_close(&pkg);
        if (r != VT_OK) {
            fprintf(stderr, "vitrine-pack: %s\n", err.text);
            return _exit_for(r);
        }
        if (verify && pkg_is_exhibition(&pkg))
            printf("%s: ok (an exhibition: %u scan%s, %u artefact%s, %llu bytes)\n", verify, pkg_scan_count(&pkg),
                   pkg_scan_count(&pkg) == 1 ? "" : "s", pkg_artefact_count(&pkg),
                   pkg_artefact_count(&pkg) == 1 ? "" : "s", (unsigned long long)pkg.size);
        else if (verify)
            printf("%s: ok (%u sections, %llu bytes)\n", verify, pkg.section_count, (unsigned long long)pkg.size);
        else
            pack_print_info(&pkg, stdout);
        pkg_close(&pkg);
        return 0;
    }
    if (!input)
        return _usage_error("%s", "no input scan given");
    if (!output)
        return _usage_error("%s", "no output given: use -o OUT.vitrine");
    struct stat st;
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (up != IMPORT_UP_AUTO || unit != 0.0f)
            return _usage_error("%s", "--up and --unit are for one scan; in an exhibition, give an artefact's "
                                "\"up\" in exhibition.json");
        return _build_exhibition(input, output,
                                 &(exhibition_build_desc){ .jobs = jobs, .max_texture_size = max_tex,
                                                           .uncompressed = uncompressed,
                                                           .progress = quiet ? NULL : _exhibition_line });
    }

    _progress prog = { .tty = !quiet && isatty(2), .verbose = verbose, .last = -1, .start = _now() };
    _progress_cb(&prog, 0.0f, "import");
    scene_model model;
    vt_result r = import_scan(&(import_desc){ .path = input, .up = up, .unit_scale = unit,
                                              .max_texture_size = max_tex, .for_packing = true },
                              &model, &err);
    if (r != VT_OK) {
        fprintf(stderr, "vitrine-pack: %s\n", err.text);
        return _exit_for(r);
    }
    vt_blob bytes;
    r = pack_model(&model, &(pack_desc){ .max_texture_size = max_tex, .uncompressed = uncompressed, .jobs = jobs,
                                         .source_name = input, .progress = _progress_cb, .user = &prog },
                   &bytes, &err);
    scene_model_free(&model);
    if (r != VT_OK) {
        fprintf(stderr, "vitrine-pack: %s\n", err.text);
        return _exit_for(r);
    }
    _progress_cb(&prog, 1.0f, "write");
    r = vt_file_write_atomic(output, bytes.data, bytes.size);
    vt_blob_free(&bytes);
    _progress_cb(&prog, 1.0f, "");
    if (verbose)
        fprintf(stderr, "vitrine-pack: total      %6.2f s\n", _now() - prog.start);
    if (r != VT_OK) {
        fprintf(stderr, "vitrine-pack: %s: cannot write the package\n", output);
        return 1;
    }
    return 0;
}
