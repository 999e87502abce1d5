/* render_overlay: an immediate-mode 2D layer on top of a finished frame:
 * rectangles (rounded or not), caller's triangles, polylines, circles, and
 * text (src/text/: shaped, wrapped, with fallback fonts). For the minimap,
 * the HUD, the About screen and hotspot panels; the app does hit testing.
 *
 *     render_frame(target, ...);               // 3D, resolved
 *     render_overlay_begin(target, w, h);      // pixels, origin top left
 *     render_overlay_rect(16, 16, 300, 80, 12, (render_rgba){ 0, 0, 0, 0.6f });
 *     render_overlay_text(32, 28, "Trống đồng Đông Sơn", &(render_text_style){ .size_px = 24 });
 *     render_overlay_end();                    // one draw call, usually
 *     gfx_present_target(target, ...) or gfx_read_target(target, ...)
 *
 * A hotspot panel adds images, rich text and a clip for scrolling:
 *
 *     gfx_texture photo = render_overlay_image_from_memory(bytes, size, 1024, &pw, &ph, &err);
 *     ...
 *     render_overlay_image_rounded(x, y, 320, 320.0f * ph / pw, 12, photo, (render_rgba){ 0 });
 *     render_overlay_clip(x, body_y, 320, body_h);     // the scrolling body
 *     render_overlay_rich_box(x, body_y - scroll, 320, 0, "Trống *đồng*…\n\nĐoạn hai", &st);
 *     render_overlay_clip_none();
 *
 * Shapes are anti-aliased by a one-pixel alpha fringe (no multisampling on
 * the resolved image); the caller's triangles are drawn as given (stroke
 * their outline with a polyline for soft edges). Colours are sRGB 0..1 with
 * straight alpha; blending is premultiplied. Everything batches into one
 * vertex stream over one texture (the glyph atlas, which also holds a solid
 * block for shapes), so a frame's overlay is one draw call unless the atlas
 * fills mid-frame, an image is drawn or the clip changes: each of those
 * draws what came before it, so the order of calls is the order on screen.
 * Nothing is allocated per frame once buffers have grown.
 *
 * Lifetime: render_overlay_init after gfx_init (the lead calls it next to
 * render_init), render_overlay_shutdown before gfx_shutdown. Fonts are
 * Debian's system fonts (text_font_set_add_system); when none loads, shapes
 * still draw, text draws nothing, and one warning is logged. Main thread
 * only. */
#ifndef VT_RENDER_OVERLAY_H
#define VT_RENDER_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"
#include "gfx/gfx.h"
#include "text/text.h"

typedef struct render_rgba {
    float r, g, b, a;
} render_rgba;

typedef enum render_font {
    RENDER_FONT_REGULAR,
    RENDER_FONT_BOLD,
    RENDER_FONT_COUNT
} render_font;

typedef struct render_text_style {
    float size_px;      /* 0 = 16 */
    render_rgba color;  /* all zero = opaque white */
    render_font font;
    text_align align;   /* within the box width (text_box), or the widest line */
    float line_height;  /* multiple of size_px; 0 = the font's own */
    const char *lang;   /* BCP 47, or NULL */
    render_rgba emphasis_color; /* rich text's *emphasis*: all zero = the text's colour (the bold face marks it) */
    float paragraph_gap;        /* rich text: extra space above a paragraph, multiple of size_px; 0 = 0.75 */
} render_text_style;

/* False (ERR set) only when the shader cannot be built; missing fonts are
 * not an error here. Safe to call again after render_overlay_shutdown. */
bool render_overlay_init(vt_error_msg *err);
void render_overlay_shutdown(void);
/* The font set behind FONT, to measure or lay out text ahead of drawing
 * (hit boxes, cached paragraphs) or to add a packaged font as a fallback.
 * NULL before init. */
text_font_set *render_overlay_fonts(render_font font);

/* Starts a batch for TARGET, which holds a resolved frame; drawing
 * coordinates span W x H pixels (normally the target's size). */
void render_overlay_begin(gfx_target target, int w, int h);
/* Uploads what changed in the glyph atlas and draws the batch. */
void render_overlay_end(void);

/* A filled rectangle; RADIUS > 0 rounds its corners. */
void render_overlay_rect(float x, float y, float w, float h, float radius, render_rgba color);
/* Triangles as given: XY holds COUNT vertices (x, y pairs), three a triangle. */
void render_overlay_triangles(const float *xy, uint32_t count, render_rgba color);
/* A line through COUNT points (x, y pairs), WIDTH pixels wide, mitred
 * corners; CLOSED joins the last point to the first. */
void render_overlay_polyline(const float *xy, uint32_t count, float width, bool closed, render_rgba color);
/* A disc, or a ring STROKE pixels wide when STROKE > 0. */
void render_overlay_circle(float cx, float cy, float radius, float stroke, render_rgba color);

/* One line of text with its box's top-left at (X, Y); no wrapping
 * (newlines still start lines). Returns the width drawn. */
float render_overlay_text(float x, float y, const char *utf8, const render_text_style *style);
/* Text wrapped to the box (X, Y, W, H) and aligned in it; lines that would
 * pass the bottom are not drawn (H <= 0: no limit). Returns the height the
 * text needs, drawn or not, so a caller can size or scroll a panel. */
float render_overlay_text_box(float x, float y, float w, float h, const char *utf8, const render_text_style *style);
/* A layout made beforehand with text_layout_utf8 (its set must be alive),
 * top-left at (X, Y). Cheapest for paragraphs drawn every frame. */
void render_overlay_layout(float x, float y, const text_layout *layout, render_rgba color);

/* Rich text (text.h, text_layout_rich): *emphasis* in the bold font (and
 * STYLE's emphasis_color), a blank line starts a paragraph with
 * paragraph_gap above it, a newline breaks the line, \* is an asterisk.
 * Wrapped to the box (X, Y, W, H) as render_overlay_text_box: lines that
 * would pass the bottom are not drawn (H <= 0: no limit). Returns the
 * height the text needs. With STYLE's font already bold, only the colour
 * marks emphasis. Text is normalised to NFC, as all text is. */
float render_overlay_rich_box(float x, float y, float w, float h, const char *utf8, const render_text_style *style);
/* What render_overlay_rich_box would return, without drawing (and outside
 * a frame): to size a panel before drawing its background. 0 before init. */
float render_overlay_rich_height(float w, const char *utf8, const render_text_style *style);
/* A rich layout made beforehand (text_layout_rich with the overlay's fonts,
 * which must be alive): emphasised glyphs in EMPHASIS, the rest in COLOR. */
void render_overlay_rich_layout(float x, float y, const text_layout *layout, render_rgba color, render_rgba emphasis);

/* ---- images ------------------------------------------------------------------
 * An image is drawn in call order: above what was drawn before it, below
 * what comes after (the batch so far is drawn first). TEX holds sRGB colour
 * with straight alpha (GFX_SRGB8_A8 as render_overlay_image_from_memory
 * makes, or a package's sRGB texture); it is stretched over the box and
 * multiplied by TINT (all zero = opaque white: as it is). */
void render_overlay_image(float x, float y, float w, float h, gfx_texture tex, render_rgba tint);
/* The same with corners rounded to RADIUS pixels, anti-aliased. */
void render_overlay_image_rounded(float x, float y, float w, float h, float radius, gfx_texture tex,
                                  render_rgba tint);
/* Decodes JPEG or PNG bytes (stb_image) into an sRGB texture with mips,
 * scaled down in linear light so its long side is at most MAX_SIDE pixels
 * (0 = 2048; never more than the GPU takes). *W and *H get its size. Bytes
 * that do not decode, or an image over 16384 pixels a side, give the
 * invalid handle {0} and ERR ("image: ..."); nothing is drawn for it. The
 * caller destroys the texture (gfx_destroy_texture). Needs gfx_init. */
gfx_texture render_overlay_image_from_memory(const void *data, size_t size, int max_side, int *w, int *h,
                                             vt_error_msg *err);

/* ---- clipping ----------------------------------------------------------------
 * Limits what is drawn after it to the rectangle (X, Y, W, H) in drawing
 * coordinates (a scrolling panel's body), until the next clip call or the
 * end of the batch; a new rectangle replaces the last one (no nesting).
 * Text lines wholly outside the rectangle are not even sent. */
void render_overlay_clip(float x, float y, float w, float h);
void render_overlay_clip_none(void);

#endif
