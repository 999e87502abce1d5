/* exhibition_media: the audio guide's media for an exhibition package (the
 * MDIR / MEDA sections, docs/package-format.md): narration and captions per
 * hotspot and language, hotspot images, and the fonts the texts need.
 * Called by exhibition_build after validation; its own file so the builder
 * stays about scans.
 *
 * Narration: for every hotspot and every declared language, the hotspot's
 * title, a paragraph break (a pause) and its body in that language, with
 * the simple markup taken out (*emphasis* -> emphasis), go to
 * media_narration_build together with the curator's recording and captions
 * for that language, if any. Several at once on `jobs` threads (espeak-ng
 * runs as child processes), each result cached under the cache folder as
 * narration-<key>.bin, the key covering the text, the language, the
 * recording's and the captions' bytes, the speech program and the pipeline
 * version (EXHIBITION_MEDIA_VERSION), so an unchanged exhibition converts
 * nothing. Each narration becomes two media, AUDIO then CAPTIONS.
 *
 * Images: JPEG or PNG that stb_image decodes fully, at most
 * EXHIBITION_MEDIA_MAX_IMAGE px a side, stored as the curator's bytes.
 *
 * Fonts: Noto Sans Regular and Bold always, WenQuanYi Micro Hei when some
 * text has CJK characters (Debian's fonts-noto-core and fonts-wqy-microhei).
 * Every text of the exhibition (any string under a declared language's key,
 * plus inventory numbers and licences) is NFC-normalised (libunistring) and
 * each character looked up in the packaged fonts with FreeType; one that no
 * font has is an error at the text's line:column. A font file missing on
 * the build machine is a warning (the package carries what there is), and
 * then the coverage findings are warnings too: they may be the missing
 * font's.
 *
 * Problems become exhibition diagnostics at the line:column in
 * exhibition.json of what they are about (the narration's audio or captions
 * path, the image path, the text), the media file's own file:line:column in
 * the message. Undecodable audio, malformed captions, captions longer than
 * the audio, a bad image or an unshowable character are errors (warnings
 * with missing_ok: the hotspot then lacks that medium); no espeak-ng, or no
 * voice for a language, is a warning and no narration in that language.
 *
 * Order (deterministic, whatever `jobs` and the cache): fonts, then per
 * hotspot its image and, per declared language, AUDIO then CAPTIONS.
 * Depends on media, package (the format), scene (the exhibition), base,
 * FreeType, libunistring and stb_image. */
#ifndef VT_EXHIBITION_MEDIA_H
#define VT_EXHIBITION_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/file.h"
#include "base/result.h"
#include "package/vitrine_format.h"
#include "scene/exhibition.h"

/* Bump when anything changes a narration's bytes (text preparation, the
 * media pipeline's settings): old cache entries are then not used. */
#define EXHIBITION_MEDIA_VERSION "narration-1"
#define EXHIBITION_MEDIA_MAX_IMAGE 4096
/* Where Debian puts the fonts (font_dir replaces it in tests). */
#define EXHIBITION_MEDIA_FONT_DIR "/usr/share/fonts/truetype"

typedef struct exhibition_medium {
    vt_pkg_media entry; /* as it goes into MDIR */
    vt_blob data;       /* its MEDA bytes (owned) */
} exhibition_medium;

typedef struct exhibition_media {
    exhibition_medium *items;
    uint32_t count;
    uint32_t narrations;        /* AUDIO entries */
    uint32_t synthetic;         /* of which spoken by espeak-ng */
    uint32_t narrations_cached; /* of which taken from the cache */
    uint32_t images, fonts;
    uint64_t bytes;             /* all media together */
} exhibition_media;

typedef struct exhibition_media_desc {
    const exhibition *ex;     /* validated */
    const char *dir;          /* the exhibition folder */
    const char *json;         /* the validated exhibition.json text, for positions */
    size_t json_len;
    const char *cache_dir;    /* NULL or "": no cache */
    int jobs;                 /* 0 = 1 */
    bool missing_ok;          /* the viewer: errors become warnings, the medium is left out */
    const char *font_dir;     /* NULL = EXHIBITION_MEDIA_FONT_DIR (noto/, wqy/ under it) */
    const char *tts_program;  /* NULL = "espeak-ng" */
    /* Lines worth a curator's eye that are not problems ("narration: 3
     * converted, 15 from cache", approximate captions). May be NULL. Called
     * from the calling thread only. */
    void (*progress)(void *user, const char *line);
    void *user;
} exhibition_media_desc;

/* Builds every medium into *OUT (zeroed first; exhibition_media_free it
 * whatever the result). Diagnostics are appended to DIAGS (required), in
 * document order. VT_ERR_MALFORMED when any of them is an error (ERR says
 * how many), VT_ERR_OUT_OF_MEMORY, else VT_OK. */
vt_result exhibition_media_build(const exhibition_media_desc *d, exhibition_media *out, exhibition_diags *diags,
                                 vt_error_msg *err);
void exhibition_media_free(exhibition_media *m);

/* TEXT with the exhibition format's light markup taken out, for speech:
 * '*' around emphasis dropped; paragraphs (blank lines) kept. Malloc'd. */
char *exhibition_media_plain_text(const char *text);

#endif
