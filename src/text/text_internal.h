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
/* Clears OUT for a new text and sets its metrics; false when the set holds
 * no font (warned once). */
bool _text_begin_layout(const text_font_set *s, const text_style *st, text_layout *out);

#endif
