/* text: fonts, shaping, line layout and a glyph atlas on the CPU. No GL.
 *
 * A text_font_set is a primary font and its fallbacks (Noto Sans, then a CJK
 * font, then DejaVu as a last resort), loaded with FreeType from files or from
 * bytes in memory (fonts carried inside a package). HarfBuzz shapes UTF-8
 * into positioned glyphs: kerning, ligatures, and mark positioning, so
 * Vietnamese diacritics (ệ ở ữ ỳ, precomposed or decomposed) sit where the
 * font designer put them. Each character takes the first font in the set that
 * has it; combining marks stay with their base character's font.
 *
 * text_layout_utf8 breaks paragraphs into lines no wider than a box: at
 * spaces and after hyphens in alphabetic scripts, between any two ideographs
 * or kana in Chinese and Japanese (never before closing punctuation nor after
 * opening brackets), never inside a grapheme. A word longer than the whole
 * line is the only thing ever cut.
 *
 * A text_atlas rasterises glyphs once per pixel size into one R8 coverage
 * image that a renderer uploads as a texture (it reports what changed). Why
 * coverage and not SDF: at 14 px a signed distance field rounds corners and
 * blurs stems, while FreeType's light hinting snaps horizontal stems and the
 * x-height to the pixel grid, which is what makes small text crisp; at 64 px
 * plain coverage is exact too. Costs: one bitmap per size (sizes are whole
 * pixels) and per quarter-pixel horizontal position; a kiosk shows a handful
 * of sizes, so that is a few hundred kilobytes. Sampling is 1:1, so it is as
 * cheap as drawing gets on llvmpipe.
 *
 * Units: pixels, y down, origin at the top-left of the layout box; a line's
 * baseline is at lines[i].baseline. Sizes are rounded to whole pixels.
 * Ownership: the set owns its faces (font bytes given in memory must outlive
 * it); a text_layout owns its arrays (reused across calls, freed with
 * text_layout_free). Not thread-safe: one thread uses a set and an atlas.
 * Normalisation: every text is put in Unicode NFC (libunistring) before it
 * is shaped, so "e" + U+0323 + U+0302 and the precomposed "ệ" give the same
 * glyph whenever the font has it; marks the font cannot compose are still
 * placed on their base by HarfBuzz. Byte offsets in glyphs and lines
 * (cluster, byte_begin, byte_end) are mapped back to the caller's own UTF-8:
 * a character that composition merged reports the offset of the first
 * source byte of what it was made from. Invalid UTF-8 is left as it is and
 * drawn as U+FFFD.
 *
 * Rich text (text_layout_rich): a tiny markup for hotspot panels. *word*
 * draws with the emphasis font set (bold), a blank line starts a paragraph
 * with extra space above it, a single newline breaks the line, \* is a
 * literal asterisk. Wrapping measures every run in its own font.
 *
 * Limits: no bidirectional reordering (right-to-left scripts are shaped but
 * lines are laid out left to right). */
#ifndef VT_TEXT_H
#define VT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"

#define TEXT_MAX_FONTS 8
#define TEXT_MIN_SIZE_PX 4
#define TEXT_MAX_SIZE_PX 256

/* ---- fonts ---------------------------------------------------------------- */
typedef struct text_font_set text_font_set;

/* An empty set (NULL only when out of memory). Fonts are added in fallback
 * order: the first added is the primary font, whose metrics set line
 * heights. */
text_font_set *text_font_set_create(void);
void text_font_set_destroy(text_font_set *s);
/* FACE_INDEX picks a face in a collection (.ttc); 0 otherwise. A font that
 * cannot be read or parsed is not added: the result and ERR say why ("PATH:
 * no such file"), and the set stays usable. */
vt_result text_font_set_add_file(text_font_set *s, const char *path, int face_index, vt_error_msg *err);
/* DATA is not copied: it must outlive the set (a mapped package does). NAME
 * is for messages. */
vt_result text_font_set_add_memory(text_font_set *s, const void *data, size_t size, int face_index, const char *name,
                                   vt_error_msg *err);
/* Debian's fonts: Noto Sans (regular or bold), WenQuanYi Micro Hei for CJK,
 * DejaVu Sans last. VT_OK when at least one was loaded; the missing ones are
 * logged at info level. */
vt_result text_font_set_add_system(text_font_set *s, bool bold, vt_error_msg *err);
int text_font_set_count(const text_font_set *s);
/* The family name of font I ("Noto Sans"), for diagnostics. */
const char *text_font_name(const text_font_set *s, int i);

/* ---- shaping and layout -------------------------------------------------- */
typedef enum text_align {
    TEXT_ALIGN_LEFT,
    TEXT_ALIGN_CENTER,
    TEXT_ALIGN_RIGHT,
} text_align;

typedef struct text_style {
    float size_px;     /* em size in pixels; 0 = 16; rounded, clamped to 4..256 */
    float max_width;   /* wrap lines at this width in pixels; 0 = never wrap */
    text_align align;  /* within max_width, or within the widest line */
    float line_height; /* multiple of size_px; 0 = the primary font's own */
    const char *lang;  /* BCP 47 ("vi", "zh-Hans", "ja"): picks local glyph forms; NULL = none */
    float paragraph_gap; /* rich text: extra space above a paragraph, multiple of size_px; 0 = 0.75 */
} text_style;

/* text_glyph.flags */
enum {
    TEXT_GLYPH_EMPHASIS = 1, /* from an *emphasised* run: its font index is in the layout's emphasis set */
};

typedef struct text_glyph {
    float x, y;        /* where the glyph's origin is drawn (pen + offsets) */
    float advance;     /* pen movement after it, pixels */
    uint32_t glyph;    /* glyph id in its font; 0 is the font's missing-glyph box */
    uint32_t cluster;  /* byte offset in the UTF-8 of the first character it draws */
    uint16_t font;     /* index of its font in the set */
    uint16_t size;     /* the whole-pixel size it was shaped at */
    uint8_t flags;     /* TEXT_GLYPH_* */
} text_glyph;

typedef struct text_line {
    uint32_t first_glyph, glyph_count;
    uint32_t byte_begin, byte_end; /* the UTF-8 it shows, trailing spaces included */
    float x;                       /* left edge after alignment */
    float baseline;                /* y of the baseline */
    float width;                   /* ink advance, trailing spaces excluded */
} text_line;

typedef struct text_layout {
    const text_font_set *set; /* what the glyphs' font indices refer to */
    const text_font_set *emphasis_set; /* the same for TEXT_GLYPH_EMPHASIS glyphs (rich text) */
    text_glyph *glyphs;
    uint32_t glyph_count, glyph_cap;
    text_line *lines;
    uint32_t line_count, line_cap;
    float width, height;      /* widest line; line_count * line height */
    float ascent, descent;    /* of the primary font at this size (descent > 0) */
    float line_height;        /* baseline to baseline */
    float size;               /* the whole-pixel size used */
    /* scratch reused between calls */
    uint32_t *_cps, *_cp_bytes;
    uint8_t *_cp_font, *_brk;
    float *_pens;
    uint32_t _cp_cap, _brk_cap, _pen_cap;
    char *_nfc, *_plain;             /* the normalised text; rich text without its markup */
    uint32_t *_nfc_map, *_plain_map; /* their bytes' offsets in the text they came from */
    uint8_t *_plain_flags;           /* per byte of _plain: emphasis, paragraph break */
    uint32_t *_paras;                /* lines that start a paragraph (rich text) */
    uint32_t _nfc_cap, _nfc_map_cap, _plain_cap, _plain_map_cap, _plain_flags_cap, _para_cap;
} text_layout;

/* Shapes UTF-8 (LEN bytes, or up to the NUL when LEN < 0) into OUT as one
 * line, no wrapping (a newline is drawn as nothing). Invalid UTF-8 becomes
 * U+FFFD. Returns false when the set holds no font (OUT is then empty and a
 * warning is logged once per set) or memory runs out. */
bool text_shape_run(const text_font_set *s, const char *utf8, int len, const text_style *style, text_layout *out);
/* Shapes and breaks UTF-8 into lines (newlines start paragraphs), measured
 * and aligned. Same failures as text_shape_run. */
bool text_layout_utf8(const text_font_set *s, const char *utf8, int len, const text_style *style, text_layout *out);
/* Lays out MARKUP (see the top of this file) like text_layout_utf8: plain
 * runs with REGULAR, *emphasised* runs with EMPHASIS (NULL or empty: with
 * REGULAR too, still flagged TEXT_GLYPH_EMPHASIS so a renderer can colour
 * them). Line metrics are REGULAR's. Offsets refer to MARKUP's bytes.
 * Delimiters follow Markdown's flanking rule: a '*' opens only before a
 * non-space and closes only after one, a run of '*' counts as one, and one
 * left without a partner is drawn as it is ("5 * 3" stays as written).
 * Emphasis ends with its paragraph. Spaces and newlines at either end are
 * ignored; several blank lines (or lines of spaces) are one paragraph break. */
bool text_layout_rich(const text_font_set *regular, const text_font_set *emphasis, const char *markup, int len,
                      const text_style *style, text_layout *out);
void text_layout_free(text_layout *l);

/* The set glyph G of layout L was shaped with (emphasis or regular). */
static inline const text_font_set *text_layout_glyph_set(const text_layout *l, const text_glyph *g)
{
    return (g->flags & TEXT_GLYPH_EMPHASIS) && l->emphasis_set ? l->emphasis_set : l->set;
}

/* The lines of L whose slot (line_height tall around the baseline) meets
 * the band TOP..BOTTOM of the layout's own coordinates: what a scrolled or
 * clipped panel needs to draw. False (count 0) when none does. */
bool text_layout_visible_lines(const text_layout *l, float top, float bottom, uint32_t *first, uint32_t *count);

/* ---- normalisation -------------------------------------------------------- */
/* Puts LEN bytes of UTF-8 in Unicode NFC (canonical composition: "e" +
 * U+0323 + U+0302 becomes "ệ"). *OUT is a new NUL-terminated string the
 * caller frees with free(), *OUT_LEN its length. Invalid bytes are copied
 * through unchanged (and valid text around them is still normalised), so
 * the result holds the same replacement characters when decoded.
 * VT_ERR_OUT_OF_MEMORY or VT_ERR_TOO_LARGE (4 GiB and up) leave *OUT NULL. */
vt_result text_normalize_nfc(const char *in, size_t len, char **out, size_t *out_len);

/* The ink box of glyph G placed in its layout (pixels, y down): false for a
 * glyph with no ink (a space). For tests and hit boxes. */
typedef struct text_box {
    float x0, y0, x1, y1;
} text_box;
bool text_glyph_ink(const text_font_set *s, const text_glyph *g, text_box *out);
/* The pen advance of one character alone (no kerning), pixels; 0 if no font
 * has it. */
float text_char_advance(const text_font_set *s, uint32_t codepoint, float size_px);

/* ---- glyph atlas --------------------------------------------------------- */
typedef struct text_atlas text_atlas;

typedef struct text_atlas_desc {
    int width;      /* 0 = 1024 */
    int height;     /* first height; 0 = 512; doubles when full */
    int max_height; /* 0 = 4096: the largest texture the renderer can take */
} text_atlas_desc;

typedef struct text_atlas_glyph {
    uint16_t x, y, w, h; /* its coverage in the atlas; w == 0: nothing to draw */
    int16_t left, top;   /* bitmap's top-left from the pen position, pixels, y down */
} text_atlas_glyph;

typedef enum text_atlas_result {
    TEXT_ATLAS_OK,
    TEXT_ATLAS_FULL, /* at max_height: draw what uses the atlas, text_atlas_reset, retry */
} text_atlas_result;

/* Every glyph has a 1-pixel empty border, and a 4x4 block of full coverage
 * sits at (0, 0): untextured shapes sample its centre, so shapes and text
 * share one texture and one draw call. */
#define TEXT_ATLAS_SOLID_U 2.0f
#define TEXT_ATLAS_SOLID_V 2.0f

text_atlas *text_atlas_create(const text_atlas_desc *desc);
void text_atlas_destroy(text_atlas *a);
/* Finds or rasterises glyph G at horizontal sub-pixel offset FRAC_X (0..1,
 * kept to quarters). A glyph that fails to load draws nothing (w == 0). */
text_atlas_result text_atlas_get(text_atlas *a, const text_font_set *s, const text_glyph *g, float frac_x,
                                 text_atlas_glyph *out);
/* Forgets every glyph (the solid block stays): all of it is dirty. */
void text_atlas_reset(text_atlas *a);
/* The coverage image, one byte a pixel, rows top first. */
const uint8_t *text_atlas_pixels(const text_atlas *a, int *w, int *h);
/* Bumped when the image is resized: the texture must be made again. */
uint32_t text_atlas_generation(const text_atlas *a);
/* The rectangle changed since the last call (false: nothing), then clean. */
bool text_atlas_take_dirty(text_atlas *a, int *x, int *y, int *w, int *h);
/* Glyphs cached; bytes of the image. */
void text_atlas_stats(const text_atlas *a, uint32_t *glyphs, size_t *bytes);

#endif
