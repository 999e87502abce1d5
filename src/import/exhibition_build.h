/* exhibition_build: a curator's exhibition folder (exhibition.json and its
 * scans) -> one exhibition package (format 1.1, docs/package-format.md),
 * incrementally and in parallel. The heart of `vitrine-pack DIR` and of
 * the viewer opening an exhibition folder.
 *
 * 1. Validate: exhibition_load_ex on DIR. Any error -> VT_ERR_MALFORMED,
 *    every diagnostic left in DIAGS for the caller to print (with
 *    exhibition_print_diags), nothing converted, nothing written.
 * 2. Collect the unique scans: one per (scan path, import options). An
 *    artefact's options are its `up` (y, the default, lets the file's own
 *    metadata decide) and metres as the unit: `height_m` and `scale` are
 *    applied where the artefact is placed, not baked, so one scan shown at
 *    two heights is one package. Room models likewise. Scan indices follow
 *    first use: artefacts in order, then rooms.
 * 3. Convert what the cache (import/pack_cache.h) does not hold already:
 *    several scans at once, biggest first, the `jobs` threads shared between
 *    them, and at most about half the machine's memory estimated in flight.
 *    Built-in models ("builtin:NAME") are generated and packed the same way.
 *    Each conversion is written atomically into the cache; with no cache
 *    (cache_dir "", or not writable) packages stay in memory instead.
 *    At the same time, on a thread of its own, the audio guide's media
 *    (import/exhibition_media.h): narration and captions per hotspot and
 *    language (cached too), hotspot images, fonts; every text checked
 *    against the fonts. Their problems join DIAGS at their line:column;
 *    any error fails the build (VT_ERR_MALFORMED) once the scans are done.
 * 4. Write the exhibition package: EXHB (the exhibition.json text exactly as
 *    validated), AMAP, RMAP, MDIR and the MEDA sections (fonts, then per
 *    hotspot image, audio, captions), then the scans in index order, copied from the
 *    cache files (memory-mapped, never all held on the heap). Atomically:
 *    temporary file + fsync + rename, so a failed build leaves an existing
 *    package as it was. Deterministic: the same inputs give the same bytes
 *    whatever `jobs` and whichever scans came from the cache.
 *
 * A scan that cannot be converted fails the build with its message (the
 * scan's path and the problem), unless missing_ok (the viewer): then it, like
 * a scan file that does not exist, becomes a placeholder (VT_PKG_NONE in the
 * maps) and a progress line says so.
 *
 * Depends on import (Assimp, the packer), scene (the validator, built-in
 * models), package (the format) and base. Call from one thread at a time per
 * build; builds into one cache may run in parallel (in one process or
 * several). */
#ifndef VT_EXHIBITION_BUILD_H
#define VT_EXHIBITION_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/file.h"
#include "base/result.h"
#include "scene/exhibition.h"

typedef struct exhibition_build_desc {
    const char *dir;          /* the exhibition folder */
    const char *out_path;     /* the package to write; NULL: into *out_memory */
    vt_blob *out_memory;      /* with out_path NULL: the package's bytes (vt_blob_free) */
    int jobs;                 /* 0 = one per core */
    const char *cache_dir;    /* NULL = the default (pack_cache_default_dir); "" = no cache */
    int max_texture_size;     /* 0 = 4096 */
    bool uncompressed;        /* textures as RGBA8 */
    bool missing_ok;          /* viewer: missing scans and failed conversions become placeholders,
                               * media problems warnings (import/exhibition_media.h) */
    const char *font_dir;     /* NULL = Debian's font folder (EXHIBITION_MEDIA_FONT_DIR); tests */
    const char *tts_program;  /* NULL = "espeak-ng" on PATH; tests */
    /* One line per scan as it finishes, e.g. "[2/5] scans/drum.glb: from cache" or
     * "[3/5] scans/vase.ply: converted in 1.4 s (120,000 triangles)". Called from
     * worker threads, one call at a time. May be NULL. */
    void (*progress)(void *user, const char *line);
    void *user;
} exhibition_build_desc;

typedef struct exhibition_build_report {
    uint32_t scans;        /* nested scan packages written */
    uint32_t converted;    /* of which converted by this build */
    uint32_t cached;       /* of which taken from the cache */
    uint32_t placeholders; /* artefacts shown as placeholders (missing or failed scans) */
    uint32_t narrations;   /* hotspot x language narrations packed (AUDIO + CAPTIONS each) */
    uint32_t synthetic;    /* of which spoken by espeak-ng */
    uint32_t narrations_cached; /* of which taken from the cache */
    uint32_t images, fonts;
    uint64_t media_bytes;  /* MEDA sections together */
    uint64_t bytes;        /* of the exhibition package */
    double seconds;
} exhibition_build_report;

/* DIAGS (may be NULL; else start from a zeroed one and free it with
 * exhibition_diags_free) receives the validator's diagnostics, then the
 * media's, warnings included, whatever the result. REP may be NULL. */
vt_result exhibition_build(const exhibition_build_desc *d, exhibition_diags *diags, exhibition_build_report *rep,
                           vt_error_msg *err);

#endif
