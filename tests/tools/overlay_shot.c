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
 * frame printed (a measurement, never a pass/fail). */
#include <math.h>
#include <stb_image_write.h>
#include <stdio.h>
#include <stdlib.h>

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
