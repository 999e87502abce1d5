/* test_text: fonts, shaping, line layout and the glyph atlas (src/text/).
 * Uses Debian's fonts (fonts-noto-core, fonts-wqy-microhei); a test whose
 * font is missing is skipped, not failed. No GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "text/text.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define NOTO_BOLD "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"

/* Noto Sans then WenQuanYi: skips the test when either is missing. */
static text_font_set *_noto_wqy(void)
{
    if (access(NOTO, R_OK) != 0 || access(WQY, R_OK) != 0) {
        printf("  fonts-noto-core or fonts-wqy-microhei missing\n");
        return NULL;
    }
    text_font_set *s = text_font_set_create();
    assert_non_null(s);
    vt_error_msg e;
    assert_int_equal(text_font_set_add_file(s, NOTO, 0, &e), VT_OK);
    assert_int_equal(text_font_set_add_file(s, WQY, 0, &e), VT_OK);
    return s;
}

#define NEED_FONTS(s)                                                                                                  \
    text_font_set *s = _noto_wqy();                                                                                    \
    if (!s)                                                                                                            \
        skip();

/* Ink of glyphs [first, first + n) of L, united. */
static bool _ink(const text_layout *l, uint32_t first, uint32_t n, text_box *out)
{
    bool any = false;
    for (uint32_t i = first; i < first + n; i++) {
        text_box b;
        if (!text_glyph_ink(l->set, &l->glyphs[i], &b))
            continue;
        if (!any)
            *out = b;
        out->x0 = fminf(out->x0, b.x0), out->y0 = fminf(out->y0, b.y0);
        out->x1 = fmaxf(out->x1, b.x1), out->y1 = fmaxf(out->y1, b.y1);
        any = true;
    }
    return any;
}

static void test_vietnamese_clusters(void **state)
{
    NEED_FONTS(s);
    const char *t = "Tiếng Việt";
    text_layout l = { 0 };
    assert_true(text_shape_run(s, t, -1, &(text_style){ .size_px = 32 }, &l));
    /* Every character start is some glyph's cluster, every glyph is real. */
    uint32_t chars = 0;
    for (uint32_t b = 0; t[b]; b++) {
        if (((unsigned char)t[b] & 0xc0) == 0x80)
            continue;
        chars++;
        bool found = false;
        for (uint32_t g = 0; g < l.glyph_count; g++)
            found |= l.glyphs[g].cluster == b;
        assert_true(found);
    }
    assert_int_equal(chars, 10);
    for (uint32_t g = 0; g < l.glyph_count; g++) {
        assert_int_not_equal(l.glyphs[g].glyph, 0);
        assert_int_equal(l.glyphs[g].font, 0); /* Latin stays in Noto */
    }
    assert_true(l.width > 100 && l.width < 250);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

/* A base with two marks that has no precomposed form (x + dot below +
 * circumflex): HarfBuzz must keep three glyphs and place the marks on the
 * base, one above its top, one below the baseline. */
static void test_marks_sit_on_their_base(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    assert_true(text_shape_run(s, "x\xcc\xa3\xcc\x82", -1, &(text_style){ .size_px = 64 }, &l));
    assert_int_equal(l.glyph_count, 3);
    text_box base, m;
    assert_true(text_glyph_ink(s, &l.glyphs[0], &base));
    int above = 0, below = 0;
    for (uint32_t i = 1; i < 3; i++) {
        assert_int_not_equal(l.glyphs[i].glyph, 0);
        assert_int_equal(l.glyphs[i].cluster, 0); /* one grapheme */
        assert_true(text_glyph_ink(s, &l.glyphs[i], &m));
        /* overlaps the base horizontally, centred on it within a third */
        assert_true(m.x1 > base.x0 && m.x0 < base.x1);
        float mc = (m.x0 + m.x1) * 0.5f, bc = (base.x0 + base.x1) * 0.5f;
        assert_true(fabsf(mc - bc) < (base.x1 - base.x0) / 3);
        above += m.y1 <= base.y0 + 1;
        below += m.y0 >= l.lines[0].baseline - 1;
    }
    assert_int_equal(above, 1);
    assert_int_equal(below, 1);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

/* ệ precomposed and e + U+0323 + U+0302 both draw a circumflex above and a
 * dot below: their ink reaches above plain e and below the baseline. */
static void test_decomposed_vietnamese_has_both_marks(void **state)
{
    NEED_FONTS(s);
    const text_style st = { .size_px = 64 };
    text_layout l = { 0 };
    text_box e, box;
    assert_true(text_shape_run(s, "e", -1, &st, &l));
    assert_true(_ink(&l, 0, l.glyph_count, &e));
    const char *forms[] = { "\xe1\xbb\x87", "e\xcc\xa3\xcc\x82", "e\xcc\x82\xcc\xa3" };
    for (int f = 0; f < 3; f++) {
        assert_true(text_shape_run(s, forms[f], -1, &st, &l));
        for (uint32_t i = 0; i < l.glyph_count; i++)
            assert_int_not_equal(l.glyphs[i].glyph, 0); /* no tofu box */
        assert_true(_ink(&l, 0, l.glyph_count, &box));
        assert_true(box.y0 < e.y0 - 0.15f * 64);                /* circumflex above */
        assert_true(box.y1 > l.lines[0].baseline + 0.05f * 64); /* dot below */
        assert_true(box.x0 < e.x1 && box.x1 > e.x0);
    }
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_cjk_falls_back(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    assert_true(text_shape_run(s, "A中文", -1, &(text_style){ .size_px = 24 }, &l));
    assert_int_equal(l.glyph_count, 3);
    assert_int_equal(l.glyphs[0].font, 0);
    for (uint32_t i = 1; i < 3; i++) {
        assert_int_equal(l.glyphs[i].font, 1);
        assert_int_not_equal(l.glyphs[i].glyph, 0);
    }
    assert_non_null(strstr(text_font_name(s, 1), "WenQuanYi"));
    assert_true(fabsf(l.glyphs[2].advance - 24) < 2); /* ideographs are square */
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_kerning_tightens_av(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    assert_true(text_shape_run(s, "AV", -1, &(text_style){ .size_px = 48 }, &l));
    float alone = text_char_advance(s, 'A', 48) + text_char_advance(s, 'V', 48);
    assert_true(alone > 40);
    assert_true(l.width < alone - 1.0f);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

/* The bytes between two lines: the previous line must end at a space or a
 * hyphen, unless it ends in (or the next starts with) an ideograph. */
static bool _breaks_between_words(const char *t, const text_layout *l)
{
    for (uint32_t i = 1; i < l->line_count; i++) {
        uint32_t b = l->lines[i].byte_begin;
        char before = t[b - 1];
        if (before != ' ' && before != '-')
            return false;
    }
    return true;
}

static void test_wrap_keeps_words_whole(void **state)
{
    NEED_FONTS(s);
    const char *t = "Trống đồng Đông Sơn là một loại trống tiêu biểu cho văn hóa Đông Sơn của người Việt cổ. "
                    "The Dong Son drum is a bronze kettle drum made in the Red River Delta, well-known "
                    "across Southeast Asia.";
    text_layout l = { 0 };
    assert_true(text_layout_utf8(s, t, -1, &(text_style){ .size_px = 18, .max_width = 300 }, &l));
    assert_true(l.line_count >= 5);
    assert_true(l.width <= 300);
    for (uint32_t i = 0; i < l.line_count; i++) {
        const text_line *ln = &l.lines[i];
        assert_true(ln->width <= 300.0f);
        assert_true(ln->width > 150.0f || i == l.line_count - 1); /* greedy: lines are full */
        for (uint32_t g = ln->first_glyph; g < ln->first_glyph + ln->glyph_count; g++)
            if (t[l.glyphs[g].cluster] != ' ')
                assert_true(l.glyphs[g].x + l.glyphs[g].advance <= 300.5f);
        assert_true(fabsf(ln->baseline - (l.lines[0].baseline + (float)i * l.line_height)) < 1.0f);
    }
    assert_true(_breaks_between_words(t, &l));
    assert_true(fabsf(l.height - (float)l.line_count * l.line_height) < 0.01f);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_wrap_cjk_between_characters(void **state)
{
    NEED_FONTS(s);
    /* 24 ideographs and punctuation at 20 px in 100 px: about 5 a line. */
    const char *t = "东山铜鼓是越南北部红河三角洲的青铜器，「铜鼓」距今已有两千多年。";
    text_layout l = { 0 };
    assert_true(text_layout_utf8(s, t, -1, &(text_style){ .size_px = 20, .max_width = 100 }, &l));
    assert_true(l.line_count >= 5);
    for (uint32_t i = 0; i < l.line_count; i++) {
        assert_true(l.lines[i].width <= 100.0f);
        assert_true(l.lines[i].glyph_count > 0);
        if (i == 0)
            continue;
        /* Kinsoku: no line starts with closing punctuation, none ends with an opening bracket. */
        const char *start = t + l.lines[i].byte_begin;
        assert_true(strncmp(start, "，", 3) && strncmp(start, "。", 3) && strncmp(start, "」", 3));
        const char *end_prev = t + l.lines[i].byte_begin - 3;
        assert_true(strncmp(end_prev, "「", 3));
    }
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_long_word_is_cut_not_spilled(void **state)
{
    NEED_FONTS(s);
    const char *t = "Pneumonoultramicroscopicsilicovolcanoconiosis";
    text_layout l = { 0 };
    assert_true(text_layout_utf8(s, t, -1, &(text_style){ .size_px = 18, .max_width = 120 }, &l));
    assert_true(l.line_count >= 2);
    for (uint32_t i = 0; i < l.line_count; i++)
        assert_true(l.lines[i].width <= 120.0f);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_newlines_and_alignment(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    const char *t = "Một\r\nhai ba\n\nbốn";
    assert_true(text_layout_utf8(s, t, -1, &(text_style){ .size_px = 20, .max_width = 200, .align = TEXT_ALIGN_CENTER },
                                 &l));
    assert_int_equal(l.line_count, 4);
    assert_int_equal(l.lines[2].glyph_count, 0); /* the empty paragraph keeps its line */
    for (uint32_t i = 0; i < l.line_count; i++)
        if (l.lines[i].glyph_count)
            assert_true(fabsf(l.lines[i].x - (200 - l.lines[i].width) / 2) < 0.01f);
    assert_true(text_layout_utf8(s, "ab", -1, &(text_style){ .size_px = 20, .max_width = 200, .align = TEXT_ALIGN_RIGHT },
                                 &l));
    assert_true(fabsf(l.lines[0].x + l.lines[0].width - 200) < 0.01f);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_invalid_utf8_is_replaced(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    const char bad[] = "a\xff\xc3(b\xe1\x80"; /* stray, broken pair, cut short */
    assert_true(text_layout_utf8(s, bad, (int)strlen(bad), &(text_style){ 0 }, &l));
    assert_true(l.glyph_count >= 4);
    assert_int_equal(l.size, 16);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_missing_font_fails_cleanly(void **state)
{
    text_font_set *s = text_font_set_create();
    assert_non_null(s);
    vt_error_msg e = { "" };
    assert_int_equal(text_font_set_add_file(s, "/nonexistent/NoSuchFont.ttf", 0, &e), VT_ERR_NOT_FOUND);
    assert_non_null(strstr(e.text, "NoSuchFont.ttf"));
    static const unsigned char junk[64] = { 'n', 'o', 't', ' ', 'a', ' ', 'f', 'o', 'n', 't' };
    assert_int_equal(text_font_set_add_memory(s, junk, sizeof junk, 0, "junk", &e), VT_ERR_MALFORMED);
    assert_non_null(strstr(e.text, "junk"));
    assert_int_equal(text_font_set_add_memory(s, NULL, 0, 0, NULL, &e), VT_ERR_EMPTY);
    assert_int_equal(text_font_set_count(s), 0);
    /* An empty set shapes nothing and says so, without crashing. */
    text_layout l = { 0 };
    assert_false(text_layout_utf8(s, "Việt", -1, &(text_style){ 0 }, &l));
    assert_false(text_shape_run(s, "Việt", -1, &(text_style){ 0 }, &l));
    assert_int_equal(l.glyph_count, 0);
    assert_int_equal(l.line_count, 0);
    assert_false(text_layout_utf8(NULL, "x", -1, NULL, &l));
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_font_from_memory(void **state)
{
    if (access(NOTO, R_OK) != 0)
        skip();
    vt_blob b = { 0 };
    assert_int_equal(vt_file_read(NOTO, &b, 64u << 20), VT_OK);
    text_font_set *s = text_font_set_create();
    vt_error_msg e;
    assert_int_equal(text_font_set_add_memory(s, b.data, b.size, 0, "Noto in memory", &e), VT_OK);
    assert_string_equal(text_font_name(s, 0), "Noto Sans");
    text_layout l = { 0 };
    assert_true(text_shape_run(s, "Việt", -1, &(text_style){ .size_px = 20 }, &l));
    assert_int_equal(l.glyph_count, 4);
    text_layout_free(&l);
    text_font_set_destroy(s); /* before the bytes it reads */
    vt_blob_free(&b);
}

static void test_system_fonts(void **state)
{
    text_font_set *s = text_font_set_create();
    vt_error_msg e;
    if (text_font_set_add_system(s, false, &e) != VT_OK) {
        text_font_set_destroy(s);
        skip();
    }
    assert_true(text_font_set_count(s) >= 1);
    text_font_set_destroy(s);
}

static void test_atlas(void **state)
{
    NEED_FONTS(s);
    text_atlas *a = text_atlas_create(&(text_atlas_desc){ .width = 256, .height = 64, .max_height = 256 });
    assert_non_null(a);
    int x, y, w, h;
    assert_true(text_atlas_take_dirty(a, &x, &y, &w, &h)); /* all of it at first */
    const uint8_t *px = text_atlas_pixels(a, &w, &h);
    assert_int_equal(w, 256);
    assert_int_equal(px[(int)TEXT_ATLAS_SOLID_V * w + (int)TEXT_ATLAS_SOLID_U], 255);
    assert_false(text_atlas_take_dirty(a, &x, &y, &w, &h));

    text_layout l = { 0 };
    text_atlas_glyph g, again;
    /* Small and kiosk-sized: both rasterised, the big one bigger. */
    assert_true(text_shape_run(s, "ệ", -1, &(text_style){ .size_px = 14 }, &l));
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0, &g), TEXT_ATLAS_OK);
    assert_true(g.w > 3 && g.h > 8 && g.top < 0);
    int small_h = g.h;
    assert_true(text_atlas_take_dirty(a, &x, &y, &w, &h));
    assert_true(x <= g.x && y <= g.y && x + w >= g.x + g.w && y + h >= g.y + g.h);
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0, &again), TEXT_ATLAS_OK);
    assert_memory_equal(&g, &again, sizeof g);
    assert_false(text_atlas_take_dirty(a, &x, &y, &w, &h)); /* cached: nothing new */
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0.5f, &again), TEXT_ATLAS_OK);
    assert_true(again.x != g.x || again.y != g.y); /* another quarter pixel, another bitmap */
    /* Ink: some pixel of the bitmap is fully covered. */
    px = text_atlas_pixels(a, &w, &h);
    int max = 0;
    for (int r = 0; r < g.h; r++)
        for (int c = 0; c < g.w; c++)
            max = px[(g.y + r) * w + g.x + c] > max ? px[(g.y + r) * w + g.x + c] : max;
    assert_true(max > 200);
    assert_true(text_shape_run(s, "ệ", -1, &(text_style){ .size_px = 64 }, &l));
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0, &g), TEXT_ATLAS_OK);
    assert_true(g.h > 3 * small_h);

    /* Fill it: it grows to its largest, then says full; reset starts over. */
    uint32_t gen = text_atlas_generation(a);
    assert_true(text_shape_run(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ中文汉字", -1, &(text_style){ .size_px = 64 }, &l));
    text_atlas_result r = TEXT_ATLAS_OK;
    for (uint32_t i = 0; i < l.glyph_count && r == TEXT_ATLAS_OK; i++)
        r = text_atlas_get(a, s, &l.glyphs[i], 0, &g);
    assert_int_equal(r, TEXT_ATLAS_FULL);
    text_atlas_pixels(a, &w, &h);
    assert_int_equal(h, 256);
    assert_true(text_atlas_generation(a) > gen);
    text_atlas_reset(a);
    uint32_t n;
    size_t bytes;
    text_atlas_stats(a, &n, &bytes);
    assert_int_equal(n, 0);
    assert_int_equal(bytes, 256 * 256);
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0, &g), TEXT_ATLAS_OK);
    assert_true(g.w > 0);
    /* A space has no ink: cached as nothing to draw. */
    assert_true(text_shape_run(s, " ", -1, &(text_style){ .size_px = 20 }, &l));
    assert_int_equal(text_atlas_get(a, s, &l.glyphs[0], 0, &g), TEXT_ATLAS_OK);
    assert_int_equal(g.w, 0);

    text_atlas_destroy(a);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

/* ---- normalisation --------------------------------------------------------- */

/* The glyph ids of UTF8 laid out in S at 32 px. */
static uint32_t _glyph_ids(text_font_set *s, const char *utf8, text_layout *l, uint32_t *ids, uint32_t max)
{
    assert_true(text_layout_utf8(s, utf8, -1, &(text_style){ .size_px = 32 }, l));
    assert_true(l->glyph_count <= max);
    for (uint32_t i = 0; i < l->glyph_count; i++)
        ids[i] = l->glyphs[i].glyph;
    return l->glyph_count;
}

/* Decomposed Vietnamese (marks in either order) and decomposed Hangul jamo
 * shape exactly like their precomposed forms, and clusters still point
 * into the caller's bytes. */
static void test_nfc_decomposed_equals_precomposed(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    uint32_t pre[64], dec[64];
    const char *pairs[][2] = {
        { "Vi\xe1\xbb\x87t Nam", "Vie\xcc\xa3\xcc\x82t Nam" },   /* ệ: dot below then circumflex */
        { "Vi\xe1\xbb\x87t Nam", "Vie\xcc\x82\xcc\xa3t Nam" },   /* the marks the other way round */
        { "\xe1\xbb\x9f \xe1\xbb\xaf \xe1\xbb\xb3", "o\xcc\x9b\xcc\x89 u\xcc\x9b\xcc\x83 y\xcc\x80" }, /* ở ữ ỳ */
        { "\xea\xb0\x80\xeb\x82\x98", "\xe1\x84\x80\xe1\x85\xa1\xe1\x84\x82\xe1\x85\xa1" }, /* 가나 from jamo */
        { "caf\xc3\xa9", "cafe\xcc\x81" },
    };
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        uint32_t n = _glyph_ids(s, pairs[p][0], &l, pre, 64);
        uint32_t m = _glyph_ids(s, pairs[p][1], &l, dec, 64);
        assert_int_equal(n, m);
        assert_memory_equal(pre, dec, n * sizeof *pre);
        for (uint32_t i = 0; i < n; i++)
            assert_int_not_equal(dec[i], 0);
    }
    /* Offsets refer to the decomposed input: "ệ" starts at byte 2 ('e'),
     * "t" after its two marks at byte 7. */
    assert_true(text_layout_utf8(s, "Vie\xcc\xa3\xcc\x82t", -1, &(text_style){ .size_px = 32 }, &l));
    assert_int_equal(l.glyph_count, 4);
    assert_int_equal(l.glyphs[2].cluster, 2);
    assert_int_equal(l.glyphs[3].cluster, 7);
    assert_int_equal(l.lines[0].byte_end, 8);
    /* Jamo pairs compose across two starters: the second syllable is at 6. */
    const char *jamo = "\xe1\x84\x80\xe1\x85\xa1\xe1\x84\x82\xe1\x85\xa1";
    assert_true(text_shape_run(s, jamo, -1, &(text_style){ .size_px = 32 }, &l));
    assert_int_equal(l.glyph_count, 2);
    assert_int_equal(l.glyphs[0].cluster, 0);
    assert_int_equal(l.glyphs[1].cluster, 6);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_normalize_nfc_api(void **state)
{
    (void)state;
    char *out;
    size_t n;
    assert_int_equal(text_normalize_nfc("Vie\xcc\xa3\xcc\x82t", 8, &out, &n), VT_OK);
    assert_int_equal(n, 6);
    assert_string_equal(out, "Vi\xe1\xbb\x87t");
    free(out);
    /* Invalid bytes stay where they were; the valid text around them is
     * still normalised. */
    const char bad[] = "a\xff" "e\xcc\x81\xc3(\xe1\x80";
    assert_int_equal(text_normalize_nfc(bad, sizeof bad - 1, &out, &n), VT_OK);
    assert_int_equal(n, 8);
    assert_memory_equal(out, "a\xff\xc3\xa9\xc3(\xe1\x80", 8);
    free(out);
    assert_int_equal(text_normalize_nfc("", 0, &out, &n), VT_OK);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);
    /* Already NFC, ASCII or not: unchanged. */
    const char *same = "Trống đồng 中文 한국어";
    assert_int_equal(text_normalize_nfc(same, strlen(same), &out, &n), VT_OK);
    assert_int_equal(n, strlen(same));
    assert_string_equal(out, same);
    free(out);
}

/* ---- rich text --------------------------------------------------------------- */

static text_font_set *_bold(void)
{
    if (access(NOTO_BOLD, R_OK) != 0 || access(WQY, R_OK) != 0)
        return NULL;
    text_font_set *s = text_font_set_create();
    vt_error_msg e;
    assert_int_equal(text_font_set_add_file(s, NOTO_BOLD, 0, &e), VT_OK);
    assert_int_equal(text_font_set_add_file(s, WQY, 0, &e), VT_OK);
    return s;
}

static void test_rich_emphasis_uses_bold(void **state)
{
    NEED_FONTS(s);
    text_font_set *b = _bold();
    if (!b) {
        text_font_set_destroy(s);
        skip();
    }
    /* Trống *đồng* Đông Sơn */
    const char *m = "Tr\xe1\xbb\x91ng *\xc4\x91\xe1\xbb\x93ng* \xc4\x90\xc3\xb4ng S\xc6\xa1n";
    text_layout l = { 0 }, ref = { 0 };
    assert_true(text_layout_rich(s, b, m, -1, &(text_style){ .size_px = 24 }, &l));
    assert_ptr_equal(l.emphasis_set, b);
    assert_true(text_shape_run(b, "\xc4\x91\xe1\xbb\x93ng", -1, &(text_style){ .size_px = 24 }, &ref));
    /* The emphasised glyphs are the bold font's "đồng", in order, and their
     * clusters point into the markup (after the '*' at byte 8). */
    uint32_t emph = 0, first = 0;
    for (uint32_t i = 0; i < l.glyph_count; i++) {
        const text_glyph *g = &l.glyphs[i];
        if (!(g->flags & TEXT_GLYPH_EMPHASIS))
            continue;
        if (!emph)
            first = i;
        assert_ptr_equal(text_layout_glyph_set(&l, g), b);
        assert_true(emph < ref.glyph_count);
        assert_int_equal(g->glyph, ref.glyphs[emph].glyph);
        assert_int_equal(g->cluster, 9 + ref.glyphs[emph].cluster);
        emph++;
    }
    assert_int_equal(emph, ref.glyph_count);
    /* The same word unemphasised is regular and narrower. */
    assert_int_equal(l.glyphs[0].flags, 0);
    assert_ptr_equal(text_layout_glyph_set(&l, &l.glyphs[0]), s);
    float bold_w = 0;
    for (uint32_t i = first; i < first + emph; i++)
        bold_w += l.glyphs[i].advance;
    assert_true(text_shape_run(s, "\xc4\x91\xe1\xbb\x93ng", -1, &(text_style){ .size_px = 24 }, &ref));
    assert_true(bold_w > ref.width + 1.0f);
    /* No asterisk is drawn. */
    assert_true(text_shape_run(s, "*", -1, &(text_style){ .size_px = 24 }, &ref));
    uint32_t star = ref.glyphs[0].glyph;
    for (uint32_t i = 0; i < l.glyph_count; i++)
        assert_int_not_equal(l.glyphs[i].glyph, star);
    text_layout_free(&l);
    text_layout_free(&ref);
    text_font_set_destroy(b);
    text_font_set_destroy(s);
}

/* Escaped asterisks, asterisks between spaces and an opener with no closer
 * are drawn; "**x**" is emphasis like "*x*". */
static void test_rich_literal_asterisks(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 }, ref = { 0 };
    assert_true(text_shape_run(s, "*", -1, &(text_style){ .size_px = 20 }, &ref));
    uint32_t star = ref.glyphs[0].glyph;
    const char *m = "5 \\* 3, 2 * 4 and *open";
    assert_true(text_layout_rich(s, NULL, m, -1, &(text_style){ .size_px = 20 }, &l));
    uint32_t stars = 0;
    for (uint32_t i = 0; i < l.glyph_count; i++) {
        assert_int_equal(l.glyphs[i].flags, 0);
        if (l.glyphs[i].glyph == star) {
            stars++;
            /* an escaped one is found at its backslash */
            const char *at = m + l.glyphs[i].cluster;
            assert_true(at[0] == '*' || (at[0] == '\\' && at[1] == '*'));
        }
    }
    assert_int_equal(stars, 3);
    assert_true(text_layout_rich(s, NULL, "a **bold** b", -1, &(text_style){ .size_px = 20 }, &l));
    uint32_t flagged = 0;
    for (uint32_t i = 0; i < l.glyph_count; i++) {
        assert_int_not_equal(l.glyphs[i].glyph, star);
        flagged += (l.glyphs[i].flags & TEXT_GLYPH_EMPHASIS) != 0;
    }
    assert_int_equal(flagged, 4);
    text_layout_free(&l);
    text_layout_free(&ref);
    text_font_set_destroy(s);
}

static void test_rich_paragraphs_and_line_breaks(void **state)
{
    NEED_FONTS(s);
    text_layout para = { 0 }, br = { 0 };
    const text_style st = { .size_px = 20 };
    assert_true(text_layout_rich(s, NULL, "\n\nM\xe1\xbb\x99t\n\n\n  \nhai\n", -1, &st, &para));
    assert_true(text_layout_rich(s, NULL, "M\xe1\xbb\x99t\nhai", -1, &st, &br));
    assert_int_equal(para.line_count, 2); /* outer newlines ignored, blank lines are one break */
    assert_int_equal(br.line_count, 2);
    float gap = para.lines[1].baseline - para.lines[0].baseline, line = br.lines[1].baseline - br.lines[0].baseline;
    assert_true(fabsf(line - br.line_height) < 1.0f);
    assert_true(fabsf(gap - line - roundf(0.75f * 20)) < 1.0f);
    assert_true(fabsf(para.height - br.height - roundf(0.75f * 20)) < 1.0f);
    assert_true(text_layout_rich(s, NULL, "a\n\nb", -1, &(text_style){ .size_px = 20, .paragraph_gap = 2 }, &para));
    assert_true(fabsf(para.lines[1].baseline - para.lines[0].baseline - para.line_height - 40) < 1.0f);
    /* Line offsets are the markup's: "b" is at byte 3. */
    assert_int_equal(para.lines[1].byte_begin, 3);
    text_layout_free(&para);
    text_layout_free(&br);
    text_font_set_destroy(s);
}

/* Lines mixing regular and bold runs stay inside the box: every width is
 * measured with the font that draws it. */
static void test_rich_wrap_across_runs(void **state)
{
    NEED_FONTS(s);
    text_font_set *b = _bold();
    if (!b) {
        text_font_set_destroy(s);
        skip();
    }
    const char *m = "*Tr\xe1\xbb\x91ng \xc4\x91\xe1\xbb\x93ng* l\xc3\xa0 *WIDE WORDS WWWW* and narrow ones, "
                    "*MMMMMM MMMMMM* then *\xe1\xbb\x86 \xe1\xbb\x86 \xe1\xbb\x86 \xe1\xbb\x86 \xe1\xbb\x86* ok, "
                    "a line of plain words to fill the box up.\n\nA second *paragraph* with *\xc4\x90\xc3\xb4ng "
                    "S\xc6\xa1n* once again.";
    text_layout l = { 0 };
    for (float w = 120; w <= 360; w += 40) {
        assert_true(text_layout_rich(s, b, m, -1, &(text_style){ .size_px = 18, .max_width = w }, &l));
        assert_true(l.line_count >= 3);
        bool mixed = false;
        for (uint32_t i = 0; i < l.line_count; i++) {
            const text_line *ln = &l.lines[i];
            assert_true(ln->width <= w);
            int kinds = 0;
            for (uint32_t g = ln->first_glyph; g < ln->first_glyph + ln->glyph_count; g++) {
                kinds |= (l.glyphs[g].flags & TEXT_GLYPH_EMPHASIS) ? 1 : 2;
                text_box ink;
                if (text_glyph_ink(text_layout_glyph_set(&l, &l.glyphs[g]), &l.glyphs[g], &ink))
                    assert_true(ink.x1 <= w + 1.5f); /* ink, with its side bearing */
                if (m[l.glyphs[g].cluster] != ' ')
                    assert_true(l.glyphs[g].x + l.glyphs[g].advance <= w + 0.5f);
            }
            mixed |= kinds == 3;
        }
        assert_true(mixed);
    }
    text_layout_free(&l);
    text_font_set_destroy(b);
    text_font_set_destroy(s);
}

/* ---- CJK, Korean, Japanese ------------------------------------------------- */

static bool _is_hangul(const char *p) /* a UTF-8 Hangul syllable at P */
{
    const unsigned char *u = (const unsigned char *)p;
    if ((u[0] & 0xf0) != 0xe0)
        return false;
    uint32_t cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
    return cp >= 0xac00 && cp <= 0xd7a3;
}

/* Korean breaks only at spaces; Chinese and Japanese between characters,
 * never before closing punctuation, small kana or the long-vowel mark. */
static void test_wrap_korean_and_japanese(void **state)
{
    NEED_FONTS(s);
    const char *t = "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xeb\xac\xb8\xec\x9e\xa5\xec\x9d\x80 "
                    "\xeb\x9d\x84\xec\x96\xb4\xec\x93\xb0\xea\xb8\xb0\xeb\xa1\x9c "
                    "\xeb\x82\x98\xeb\x88\x95\xeb\x8b\x88\xeb\x8b\xa4. " /* 한국어 문장은 띄어쓰기로 나눕니다. */
                    "中文句子没有空格，在字之间换行。"
                    "日本語の文章はスペースなしで改行します。ちょっと待ってください。コーヒーを一杯。";
    static const char *const no_start[] = { "，", "。", "ょ", "っ", "ー", "、" };
    text_layout l = { 0 };
    /* From 100 px, where the longest Korean word (5 syllables) fits. */
    for (float w = 100; w <= 220; w += 30) {
        assert_true(text_layout_utf8(s, t, -1, &(text_style){ .size_px = 18, .max_width = w, .lang = "ko" }, &l));
        assert_true(l.line_count >= 4);
        for (uint32_t i = 0; i < l.line_count; i++) {
            assert_true(l.lines[i].width <= w);
            assert_true(l.lines[i].glyph_count > 0);
            if (i == 0)
                continue;
            const char *start = t + l.lines[i].byte_begin;
            /* A line starting in, or right after, a Korean word follows a space. */
            if (_is_hangul(start) || (l.lines[i].byte_begin >= 3 && _is_hangul(start - 3)))
                assert_int_equal(start[-1], ' ');
            for (size_t k = 0; k < sizeof no_start / sizeof no_start[0]; k++)
                assert_true(strncmp(start, no_start[k], strlen(no_start[k])) != 0);
        }
    }
    /* Japanese alone: between characters, each line nearly full. */
    const char *ja = "日本語の文章はスペースなしで改行します。";
    assert_true(text_layout_utf8(s, ja, -1, &(text_style){ .size_px = 20, .max_width = 100, .lang = "ja" }, &l));
    assert_true(l.line_count >= 4);
    for (uint32_t i = 0; i + 1 < l.line_count; i++)
        assert_true(l.lines[i].width >= 60 && l.lines[i].width <= 100);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

static void test_visible_lines(void **state)
{
    NEED_FONTS(s);
    text_layout l = { 0 };
    assert_true(text_layout_utf8(s, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9", -1, &(text_style){ .size_px = 20 }, &l));
    assert_int_equal(l.line_count, 10);
    float lh = l.line_height;
    uint32_t first, count;
    assert_true(text_layout_visible_lines(&l, 2.5f * lh, 5 * lh, &first, &count));
    assert_int_equal(first, 2);
    assert_int_equal(count, 3);
    assert_true(text_layout_visible_lines(&l, -100, 100 * lh, &first, &count));
    assert_int_equal(first, 0);
    assert_int_equal(count, 10);
    assert_false(text_layout_visible_lines(&l, 11 * lh, 12 * lh, &first, &count));
    assert_int_equal(count, 0);
    text_layout_free(&l);
    text_font_set_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_clusters),
        cmocka_unit_test(test_marks_sit_on_their_base),
        cmocka_unit_test(test_decomposed_vietnamese_has_both_marks),
        cmocka_unit_test(test_cjk_falls_back),
        cmocka_unit_test(test_kerning_tightens_av),
        cmocka_unit_test(test_wrap_keeps_words_whole),
        cmocka_unit_test(test_wrap_cjk_between_characters),
        cmocka_unit_test(test_long_word_is_cut_not_spilled),
        cmocka_unit_test(test_newlines_and_alignment),
        cmocka_unit_test(test_invalid_utf8_is_replaced),
        cmocka_unit_test(test_missing_font_fails_cleanly),
        cmocka_unit_test(test_font_from_memory),
        cmocka_unit_test(test_system_fonts),
        cmocka_unit_test(test_atlas),
        cmocka_unit_test(test_nfc_decomposed_equals_precomposed),
        cmocka_unit_test(test_normalize_nfc_api),
        cmocka_unit_test(test_rich_emphasis_uses_bold),
        cmocka_unit_test(test_rich_literal_asterisks),
        cmocka_unit_test(test_rich_paragraphs_and_line_breaks),
        cmocka_unit_test(test_rich_wrap_across_runs),
        cmocka_unit_test(test_wrap_korean_and_japanese),
        cmocka_unit_test(test_visible_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
