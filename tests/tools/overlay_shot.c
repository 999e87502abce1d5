/* overlay_shot: draws the 2D overlay (render_overlay.h) headless, through the
 * SDL platform (offscreen EGL when there is no display), onto a target
 * holding a plain resolved frame, writes the PNG and checks its pixels:
 *
 *   overlay_shot OUT.png [FRAMES]
 *
 * Vietnamese at 48 and 18 px (precomposed and decomposed), wrapped English,
 * CJK through the fallback font, a bold heading, and a floor-plan minimap
 * (triangles, outline, dots, a ring, a label). Checks: each text box is
 * inked; nothing is drawn right of a wrapped paragraph's box nor in an area
 * left empty; the panel's translucent colour is blended over the frame.
 * Exit 0 when all hold, 1 when one fails, 77 when no GL context can be made
 * (skipped). Look at the PNG too: marks must sit on their letters. With
 * FRAMES, the overlay is drawn that many more times and the mean time per
 * frame printed (a measurement, never a pass/fail).
 *
 * A second frame, OUT-panel.png, is a hotspot panel: images made from PNG
 * bytes (drawn in call order between shapes, one with rounded corners, one
 * with transparent rows), rich text with emphasis in a colour and a
 * paragraph break, a clipped scrolling body, and a sheet of Vietnamese with
 * emphasis, Chinese, Korean and Japanese at 18 and 32 px to look at. */
#include <math.h>
#include <stb_image_write.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "render/render_overlay.h"

#define W 960
#define H 540

static uint8_t *_px;
static int _failures;

static const uint8_t *_at(int x, int y) { return _px + ((size_t)y * W + (size_t)x) * 4; }

/* Pixels in [x0,x1) x [y0,y1) differing from RGB by more than TOL in a channel. */
static long _count_off(int x0, int y0, int x1, int y1, const uint8_t rgb[3], int tol)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const uint8_t *p = _at(x, y);
            for (int k = 0; k < 3; k++)
                if (abs((int)p[k] - (int)rgb[k]) > tol) {
                    n++;
                    break;
                }
        }
    return n;
}

static void _check(bool ok, const char *what, long value)
{
    printf("%s %s (%ld)\n", ok ? "ok  " : "FAIL", what, value);
    if (!ok)
        _failures++;
}

static float _w48, _para_h; /* measured while drawing, for the checks */

static void _draw(gfx_target t)
{
    const render_rgba panel = { 0.96f, 0.94f, 0.90f, 0.92f }, ink = { 0.10f, 0.09f, 0.08f, 1 };
    const render_rgba white = { 1, 1, 1, 1 }, gold = { 0.85f, 0.65f, 0.25f, 1 };
    render_overlay_begin(t, W, H);
    /* Left: an About panel, dark ink on a light card. */
    render_overlay_rect(20, 20, 580, 440, 18, panel);
    _w48 = render_overlay_text(40, 30, "Tiếng Việt ở ữ ỳ ệ", &(render_text_style){ .size_px = 48, .color = ink });
    render_overlay_text(40, 100, "Trống đồng Đông Sơn, thế kỷ III TCN — Phòng trưng bày số 1",
                        &(render_text_style){ .size_px = 18, .color = ink });
    render_overlay_text(40, 128, "Tách rời: Vie\xcc\xa3\xcc\x82t x\xcc\xa3\xcc\x82 o\xcc\x9b\xcc\x89 y\xcc\x80",
                        &(render_text_style){ .size_px = 18, .color = ink, .lang = "vi" });
    render_overlay_text(40, 156, "Giới thiệu", &(render_text_style){ .size_px = 24, .font = RENDER_FONT_BOLD, .color = ink });
    const char *para = "The Dong Son drum is a bronze kettle drum made in the Red River Delta of northern "
                       "Vietnam between 600 BC and the third century AD. Fonts: Noto Sans (OFL), "
                       "WenQuanYi Micro Hei (Apache 2.0).";
    _para_h = render_overlay_text_box(40, 192, 300, 0, para, &(render_text_style){ .size_px = 18, .color = ink });
    render_overlay_text(40, 400, "中文 汉字 日本語のかな 한국어", &(render_text_style){ .size_px = 24, .color = ink });

    /* Right: a minimap on a dark translucent card. */
    render_overlay_rect(620, 20, 320, 300, 12, (render_rgba){ 0, 0, 0, 0.55f });
    /* An L-shaped room as the caller's triangles, outlined for soft edges. */
    const float room[] = { 650, 50, 910, 50, 910, 150, 650, 50, 910, 150, 650, 150,
                           650, 150, 760, 150, 760, 290, 650, 150, 760, 290, 650, 290 };
    render_overlay_triangles(room, 12, (render_rgba){ 0.30f, 0.34f, 0.40f, 0.9f });
    const float outline[] = { 650, 50, 910, 50, 910, 150, 760, 150, 760, 290, 650, 290 };
    render_overlay_polyline(outline, 6, 2.5f, true, white);
    const float path[] = { 700, 250, 705, 110, 850, 100 };
    render_overlay_polyline(path, 3, 1.5f, false, (render_rgba){ 1, 1, 1, 0.5f });
    render_overlay_circle(700, 250, 6, 0, white);
    render_overlay_circle(705, 110, 6, 0, white);
    render_overlay_circle(850, 100, 6, 0, gold);
    render_overlay_circle(850, 100, 12, 2, gold);
    render_overlay_text(800, 120, "Phòng 1", &(render_text_style){ .size_px = 14, .color = white });
    /* Bottom: a HUD bar, centred text. */
    render_overlay_rect(620, 340, 320, 44, 22, (render_rgba){ 0, 0, 0, 0.6f });
    render_overlay_text_box(620, 350, 320, 0, "3 / 12 · Trống đồng",
                            &(render_text_style){ .size_px = 18, .align = TEXT_ALIGN_CENTER });
    render_overlay_end();
}

/* The "3D frame": a plain colour, resolved as render_frame leaves it. */
static const uint8_t bg[3] = { 26, 28, 33 };

static void _frame(gfx_target t)
{
    gfx_begin_target(t, (float[4]){ bg[0] / 255.0f, bg[1] / 255.0f, bg[2] / 255.0f, 1 });
    gfx_resolve_target(t);
    _draw(t);
}

/* ---- the hotspot panel frame ---------------------------------------------- */

typedef struct _png_mem {
    unsigned char *data;
    int size;
} _png_mem;

static void _png_append(void *ctx, void *data, int size)
{
    _png_mem *m = ctx;
    unsigned char *p = realloc(m->data, (size_t)(m->size + size));
    if (!p)
        return;
    memcpy(p + m->size, data, (size_t)size);
    m->data = p;
    m->size += size;
}

/* A W x H PNG in memory: left half red, right half blue, the bottom
 * quarter fully transparent. */
static _png_mem _make_png(int w, int h)
{
    uint8_t *px = calloc((size_t)w * (size_t)h, 4);
    _png_mem m = { 0 };
    if (!px)
        return m;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            p[0] = x < w / 2 ? 200 : 40, p[1] = x < w / 2 ? 40 : 60, p[2] = x < w / 2 ? 40 : 200;
            p[3] = y < h * 3 / 4 ? 255 : 0;
        }
    stbi_write_png_to_func(_png_append, &m, w, h, 4, px, w * 4);
    free(px);
    return m;
}

static bool _near(const uint8_t *p, int r, int g, int b, int tol)
{
    return abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
}

static const char *const _rich_vi =
    "Trống đồng *Đông Sơn* là bảo vật của người Việt cổ, đúc bằng *đồng thau* khoảng "
    "2.500 năm trước.\n\nMặt trống có *ngôi sao* mười bốn cánh.";

/* The sheet of scripts on the right of the panel frame, at SIZE px from Y;
 * returns where it ended. */
static float _sheet(float y, float size)
{
    const render_rgba ink = { 0.10f, 0.09f, 0.08f, 1 }, accent = { 0.62f, 0.16f, 0.08f, 1 };
    render_text_style st = { .size_px = size, .color = ink, .emphasis_color = accent, .lang = "vi" };
    /* "Việt" decomposed, its marks in the unusual order: NFC makes it one glyph. */
    const char *vi = "Trống đồng *Đông Sơn*, bảo vật của người *Vie\xcc\x82\xcc\xa3t* cổ.";
    y += render_overlay_rich_box(500, y, 430, 0, vi, &st) + size * 0.4f;
    static const struct {
        const char *lang, *text;
    } lines[] = {
        { "zh-Hans", "东山铜鼓，越南国宝。" },
        { "ko", "동선 청동북, 베트남의 보물." },
        { "ja", "ドンソンの銅鼓、ベトナムの宝。" },
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        st.lang = lines[i].lang;
        y += render_overlay_text_box(500, y, 430, 0, lines[i].text, &st);
    }
    return y;
}

static float _rich_h, _sheet_end;

static void _draw_panel(gfx_target t, gfx_texture img, gfx_texture bad)
{
    const render_rgba panel = { 0.96f, 0.94f, 0.90f, 1 }, ink = { 0.10f, 0.09f, 0.08f, 1 };
    gfx_begin_target(t, (float[4]){ bg[0] / 255.0f, bg[1] / 255.0f, bg[2] / 255.0f, 1 });
    gfx_resolve_target(t);
    render_overlay_begin(t, W, H);
    render_overlay_rect(20, 20, 440, 500, 0, panel);
    /* Call order is drawing order: green, then the image, then white. */
    render_overlay_rect(40, 40, 200, 150, 0, (render_rgba){ 0, 0.6f, 0, 1 });
    render_overlay_image(60, 60, 160, 120, img, (render_rgba){ 0 });
    render_overlay_rect(180, 140, 100, 60, 0, (render_rgba){ 1, 1, 1, 1 });
    render_overlay_image_rounded(290, 40, 160, 120, 30, img, (render_rgba){ 0 });
    render_overlay_image(290, 40, 160, 120, bad, (render_rgba){ 0 }); /* the invalid handle: nothing */
    /* Rich text: emphasis in its own colour, a paragraph break. */
    render_text_style st = { .size_px = 18, .color = ink, .emphasis_color = { 0.75f, 0.05f, 0.05f, 1 }, .lang = "vi" };
    _rich_h = render_overlay_rich_box(40, 210, 280, 0, _rich_vi, &st);
    /* A scrolling body: a long text starting above the clip, cut to it. */
    render_overlay_clip(40, 420, 400, 60);
    render_overlay_rich_box(40, 380, 400, 0,
                            "Dòng một bị cắt.\nDòng hai bị cắt.\nDòng ba hiện ra.\nDòng bốn hiện ra.\n"
                            "Dòng năm hiện ra.\nDòng sáu bị cắt.\nDòng bảy bị cắt.\nDòng tám bị cắt.",
                            &(render_text_style){ .size_px = 18, .color = ink });
    render_overlay_clip_none();
    /* Right: the sheet of scripts at 18 and 32 px. */
    render_overlay_rect(480, 20, 460, 500, 0, panel);
    float y = _sheet(30, 18);
    render_overlay_rect(500, y + 4, 420, 1, 0, (render_rgba){ 0.6f, 0.55f, 0.5f, 1 });
    _sheet_end = _sheet(y + 14, 32);
    render_overlay_end();
}

/* Checks the panel frame (in _px) and writes it to PATH. */
static void _check_panel(gfx_target t, const char *path)
{
    _png_mem png = _make_png(64, 48), big = _make_png(300, 200);
    vt_error_msg err = { "" };
    int iw, ih;
    gfx_texture img = render_overlay_image_from_memory(png.data, (size_t)png.size, 0, &iw, &ih, &err);
    _check(img.id != 0 && iw == 64 && ih == 48, "a PNG in memory becomes a texture", img.id);
    gfx_texture small = render_overlay_image_from_memory(big.data, (size_t)big.size, 100, &iw, &ih, &err);
    _check(small.id != 0 && iw == 100 && ih == 67, "a large image is scaled to max_side", iw * 1000 + ih);
    gfx_destroy_texture(small);
    static const char junk[] = "not an image, only a few bytes of text";
    vt_error_msg bad_err = { "" };
    gfx_texture bad = render_overlay_image_from_memory(junk, sizeof junk, 0, &iw, &ih, &bad_err);
    _check(bad.id == 0 && strncmp(bad_err.text, "image:", 6) == 0 && iw == 0,
           "undecodable bytes: no texture, a message", bad.id);
    printf("     (%s)\n", bad_err.text);
    free(png.data);
    free(big.data);

    _draw_panel(t, img, bad);
    if (!gfx_read_target(t, _px)) {
        _check(false, "read the panel frame", 0);
        return;
    }
    if (!stbi_write_png(path, W, H, 4, _px, W * 4))
        fprintf(stderr, "overlay_shot: cannot write %s\n", path);
    const uint8_t *panel = _at(450, 510); /* the left card, away from everything */
    _check(_near(_at(50, 50), 0, 153, 0, 2), "the rect before the image shows around it", _at(50, 50)[1]);
    _check(_near(_at(90, 100), 200, 40, 40, 4), "the image's red half, colour kept", _at(90, 100)[0]);
    _check(_near(_at(190, 100), 40, 60, 200, 4), "the image's blue half, colour kept", _at(190, 100)[2]);
    _check(_near(_at(200, 165), 255, 255, 255, 1), "the rect after the image covers it", _at(200, 165)[1]);
    _check(_near(_at(90, 172), 0, 153, 0, 2), "transparent rows show what is below", _at(90, 172)[1]);
    _check(_near(_at(292, 42), panel[0], panel[1], panel[2], 2), "rounded corner is cut", _at(292, 42)[0]);
    _check(_near(_at(330, 100), 200, 40, 40, 4), "rounded image's inside is drawn", _at(330, 100)[0]);
    /* Rich text: inked, emphasis in red, nothing right of its 280 px box. */
    long inked = _count_off(40, 210, 320, 210 + (int)_rich_h, panel, 60), red = 0;
    for (int y = 210; y < 210 + (int)_rich_h; y++)
        for (int x = 40; x < 320; x++)
            red += _at(x, y)[0] > 150 && _at(x, y)[1] < 90;
    _check(_rich_h > 5 * 18 && inked > 2000, "rich paragraph is inked", inked);
    _check(red > 150, "emphasis is drawn in its colour", red);
    long spill = _count_off(322, 210, 460, 210 + (int)_rich_h, panel, 3);
    _check(spill == 0, "nothing right of the 280 px rich box", spill);
    /* The clip: ink inside 420..480, none above or below it. */
    long in_clip = _count_off(40, 420, 440, 480, panel, 60);
    long out_clip = _count_off(40, 380, 440, 420, panel, 2) + _count_off(40, 480, 440, 520, panel, 2);
    _check(in_clip > 500, "clipped text is drawn inside the clip", in_clip);
    _check(out_clip == 0, "nothing drawn outside the clip", out_clip);
    _check(_sheet_end < 510, "the script sheet fits its card", (long)_sheet_end);
    long sheet = _count_off(500, 30, 930, (int)_sheet_end, panel, 60);
    _check(sheet > 20000, "the script sheet is inked", sheet);
    gfx_destroy_texture(img);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: overlay_shot OUT.png [FRAMES]\n");
        return 2;
    }
    vt_error_msg err;
    if (!plat_init(&(plat_desc){ .title = "overlay", .width = W, .height = H, .headless = true }, &err)) {
        printf("skipped: %s\n", err.text);
        return 77;
    }
    if (!gfx_init(plat_gl_proc_loader(), &err) || !render_overlay_init(&err)) {
        fprintf(stderr, "overlay_shot: %s\n", err.text);
        plat_shutdown();
        return 1;
    }
    gfx_target t = gfx_make_target(&(gfx_target_desc){ .width = W, .height = H });
    _frame(t);
    _px = malloc((size_t)W * H * 4);

    if (!_px || !gfx_read_target(t, _px)) {
        fprintf(stderr, "overlay_shot: cannot read the target\n");
        return 1;
    }
    if (!stbi_write_png(argv[1], W, H, 4, _px, W * 4))
        fprintf(stderr, "overlay_shot: cannot write %s\n", argv[1]);

    /* The panel's own colour, away from anything drawn on it. */
    const uint8_t *pc = _at(560, 440);
    uint8_t panel_rgb[3] = { pc[0], pc[1], pc[2] };
    int expect_r = (int)lroundf((0.96f * 0.92f) * 255 + bg[0] * (1 - 0.92f));
    _check(abs(panel_rgb[0] - expect_r) <= 3, "panel blended over the frame (red)", panel_rgb[0]);
    long inked48 = _count_off(40, 30, 40 + (int)_w48, 30 + 66, panel_rgb, 60);
    _check(_w48 > 200 && inked48 > 2000, "48 px Vietnamese line is inked", inked48);
    long inked18 = _count_off(40, 100, 560, 124, panel_rgb, 60);
    _check(inked18 > 800, "18 px Vietnamese line is inked", inked18);
    long inked_dec = _count_off(40, 128, 400, 152, panel_rgb, 60);
    _check(inked_dec > 300, "decomposed Vietnamese line is inked", inked_dec);
    long inked_para = _count_off(40, 192, 340, 192 + (int)_para_h, panel_rgb, 60);
    _check(_para_h > 4 * 18 && inked_para > 2000, "wrapped paragraph is inked", inked_para);
    long spill = _count_off(342, 192, 590, 192 + (int)_para_h, panel_rgb, 3);
    _check(spill == 0, "nothing right of the 300 px paragraph box", spill);
    long inked_cjk = _count_off(40, 400, 420, 434, panel_rgb, 60);
    _check(inked_cjk > 800, "CJK line is inked (fallback font)", inked_cjk);
    long empty = _count_off(620, 400, 950, 530, bg, 2) + _count_off(0, 470, 610, 540, bg, 2);
    _check(empty == 0, "areas left empty keep the frame's pixels", empty);
    long dot = _count_off(846, 96, 854, 104, (const uint8_t[3]){ 217, 166, 64 }, 6);
    _check(dot == 0, "the current viewpoint dot is solid gold", dot);

    /* A second frame with glyphs the atlas has not seen: they go up as a
     * sub-rectangle of the texture made by the first frame. */
    gfx_begin_target(t, (float[4]){ bg[0] / 255.0f, bg[1] / 255.0f, bg[2] / 255.0f, 1 });
    gfx_resolve_target(t);
    render_overlay_begin(t, W, H);
    render_overlay_text(40, 470, "Xin chào quý khách!", &(render_text_style){ .size_px = 30 });
    render_overlay_end();
    long inked2 = gfx_read_target(t, _px) ? _count_off(40, 470, 400, 510, bg, 60) : 0;
    _check(inked2 > 800, "new glyphs in a later frame are drawn", inked2);

    /* The hotspot panel, written beside OUT.png. */
    size_t len = strlen(argv[1]);
    char *panel_path = malloc(len + 16);
    if (panel_path) {
        memcpy(panel_path, argv[1], len + 1);
        if (len > 4 && strcmp(argv[1] + len - 4, ".png") == 0)
            panel_path[len - 4] = '\0';
        strcat(panel_path, "-panel.png");
        _check_panel(t, panel_path);
        free(panel_path);
    }

    free(_px);
    int frames = argc == 3 ? atoi(argv[2]) : 0;
    if (frames > 0) {
        gfx_finish();
        double t0 = plat_time();
        for (int i = 0; i < frames; i++)
            _frame(t);
        gfx_finish();
        printf("%.2f ms a frame (3D stand-in + overlay), %s\n", (plat_time() - t0) * 1000.0 / frames,
               gfx_get_info()->renderer);
    }
    render_overlay_shutdown();
    gfx_destroy_target(t);
    gfx_shutdown();
    plat_shutdown();
    printf("%s: %s\n", argv[1], _failures ? "FAILED" : "passed");
    return _failures ? 1 : 0;
}
