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
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "text/text.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
