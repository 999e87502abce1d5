/* text_internal: what the files of src/text/ share. Private to the module. */
#ifndef VT_TEXT_INTERNAL_H
#define VT_TEXT_INTERNAL_H

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include "base/file.h"
#include "text.h"

typedef struct _text_face {
    FT_Face ft;
    hb_font_t *hb;
    vt_blob owned;      /* the file's bytes when loaded from a path */
    uint32_t uid;       /* unique across sets: atlas keys */
    float ascender;     /* per em, y up */
    float descender;    /* per em, negative */
    float line_gap;     /* per em */
    char name[64];
} _text_face;

struct text_font_set {
    FT_Library ft;
    _text_face faces[TEXT_MAX_FONTS];
    int count;
    hb_buffer_t *buf;   /* reused by every shaping call */
    bool warned_empty;
};

/* Whole pixels, clamped: layouts and the atlas agree on the size. */
int _text_size_px(float size_px);
/* Decodes one UTF-8 character at S[*i] (i < len), advancing *i; invalid
 * bytes give U+FFFD and advance by one. */
uint32_t _text_utf8_next(const char *s, uint32_t len, uint32_t *i);
/* Characters that belong to the character before them: marks, joiners,
 * variation selectors. They shape with their base's font (or HarfBuzz
 * cannot place them on it) and a line never breaks before them. */
bool _text_clings(hb_unicode_funcs_t *uf, uint32_t cp);
/* Index of the first font holding CP, or -1. */
int _text_font_for(const text_font_set *s, uint32_t cp);
/* Grows *P (of *CAP elements of ELEM bytes) to hold NEED; false when out of memory. */
bool _text_reserve(void **p, uint32_t *cap, uint32_t need, size_t elem);
/* Shapes UTF8[begin, end) into L's glyphs (appended), pen starting at 0;
 * the rest of the TEXT_LEN bytes is context. Clusters are offsets in UTF8. */
bool _text_shape_append(const text_font_set *s, const char *utf8, uint32_t text_len, uint32_t begin, uint32_t end,
                        int size, const char *lang, text_layout *l);
void _text_warn_empty(const text_font_set *s);

/* ---- normalisation (text_nfc.c) ---- */
/* Writes the NFC form of IN[0, n) into *BUF (grown, NUL-terminated) and,
 * when MAP is not NULL, for each of its bytes the offset in IN of the piece
 * it came from (*MAP gets *OUT_N + 1 entries: the last maps the end to N).
 * Invalid bytes are copied through. False when out of memory. */
bool _text_nfc(const char *in, uint32_t n, char **buf, uint32_t *cap, uint32_t **map, uint32_t *map_cap,
               uint32_t *out_n);
/* The text a layout shapes: UTF8 itself when it is already NFC (*MAPPED
 * false), else its NFC form in L's scratch with L->_nfc_map leading back. */
bool _text_nfc_prepare(text_layout *l, const char *utf8, uint32_t n, const char **text, uint32_t *text_n,
                       bool *mapped);
/* Rewrites every glyph's cluster and line's byte range of L through MAP. */
void _text_remap(text_layout *l, const uint32_t *map);

/* ---- line layout (text_layout.c), shared with rich text ---- */
/* Fills BRK[b - begin] with _TEXT_BRK_* for each character starting at byte b. */
enum {
    _TEXT_BRK_BEFORE = 1, /* a line may start at this character */
    _TEXT_BRK_SPACE = 2,  /* a space: hangs past the line end, not measured */
};
void _text_breaks(const char *utf8, uint32_t begin, uint32_t end, uint8_t *brk);
/* Cuts the glyphs [g0, glyph_count) of the paragraph UTF8[begin, end) into
 * lines no wider than MAX_W (0: one line), using L->_brk from _text_breaks.
 * Glyph x must be the pen from the paragraph's start. */
bool _text_wrap(text_layout *l, uint32_t g0, uint32_t begin, uint32_t end, float max_w);
/* Aligns and stacks L's lines; the lines listed in PARAS (ascending, NPARA)
 * get GAP pixels of extra space above them. Sets width and height. */
void _text_place_lines(text_layout *l, const text_style *st, float max_w, const uint32_t *paras, uint32_t npara,
                       float gap);
/* Clears OUT for a new text and sets its metrics; false when the set holds
 * no font (warned once). */
bool _text_begin_layout(const text_font_set *s, const text_style *st, text_layout *out);

#endif
