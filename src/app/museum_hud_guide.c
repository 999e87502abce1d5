/* The audio guide on screen: hotspot markers, the open hotspot's panel
 * (title, text, narration controls), the caption of the moment and the
 * language menu. Shapes, not symbol glyphs, for the controls: every font
 * has them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "museum_hud_internal.h"
#include "render/render_overlay.h"

#define MARKER_REACH_M 14.0f /* farther markers are not drawn: the room is full enough */

bool _hud_in_rect(const float *r, float x, float y)
{
    return x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3];
}

void museum_hud_bind_guide(museum_hud *h, museum_guide *g)
{
    h->guide = g;
    h->has_stops = false;
    for (size_t i = 0; g && i < h->ex->hotspot_count; i++)
        h->has_stops |= h->ex->hotspots[i].stop > 0;
}

void museum_hud_opened(museum_hud *h, museum_nav *nav, int i)
{
    if (!h->guide || !museum_guide_open(h->guide, i, 0))
        return;
    const exhibition_hotspot *hs = &h->ex->hotspots[i];
    if (hs->has_camera && nav->state != MUSEUM_INSPECT)
        museum_nav_glide_to(nav, hs->camera_position, hs->camera_look_at);
    nav->changed = true;
}

/* Markers: every hotspot in the visitor's room (or on the artefact being
 * inspected) that faces the eye and lies ahead, at a constant size on
 * screen so it reads at any distance. */
static void _hud_markers_layout(museum_hud *h, const museum_nav *nav, float w, float hgt, float s)
{
    h->marker_count = 0;
    const museum_guide *g = h->guide;
    if (!g)
        return;
    render_view v = { 0 };
    museum_nav_view(nav, &v);
    mat4 vp;
    glm_mat4_mul(v.proj, v.view, vp);
    int room = world_room_at(h->world, nav->shown.eye[0], nav->shown.eye[2]);
    for (size_t i = 0; i < h->ex->hotspot_count && h->marker_count < MUSEUM_HUD_MARKERS; i++) {
        const exhibition_hotspot *hs = &h->ex->hotspots[i];
        if (nav->state == MUSEUM_INSPECT) {
            if ((int)hs->artefact_index != nav->inspected)
                continue;
        } else {
            uint32_t r = hs->artefact_index < h->ex->artefact_count ? h->ex->artefacts[hs->artefact_index].room_index
                                                                     : hs->room_index;
            if (room >= 0 && r != (uint32_t)room)
                continue;
        }
        float p[3], n[3];
        museum_guide_anchor(g, i, p, n);
        vec3 to_eye;
        glm_vec3_sub((float *)nav->shown.eye, p, to_eye);
        float dist = glm_vec3_norm(to_eye);
        if (dist > MARKER_REACH_M || (dist > 1e-4f && glm_vec3_dot(to_eye, n) < -0.15f * dist))
            continue; /* too far, or on the far side of its surface */
        vec4 c = { p[0], p[1], p[2], 1 }, o;
        glm_mat4_mulv(vp, c, o);
        if (o[3] <= 1e-4f)
            continue;
        float x = (o[0] / o[3] * 0.5f + 0.5f) * w, y = (0.5f - o[1] / o[3] * 0.5f) * hgt;
        if (x < 0 || x > w || y < 0 || y > hgt)
            continue;
        int k = h->marker_count++;
        h->marker[k][0] = x;
        h->marker[k][1] = y;
        h->marker[k][2] = 17 * s;
        h->marker_hotspot[k] = (int)i;
    }
}

static void _hud_markers_draw(const museum_hud *h, float s)
{
    for (int k = 0; k < h->marker_count; k++) {
        const float *m = h->marker[k];
        int i = h->marker_hotspot[k];
        bool open = h->guide && h->guide->open == i;
        render_overlay_circle(m[0], m[1], m[2] + 3 * s, 0, (render_rgba){ 0, 0, 0, 0.35f });
        render_overlay_circle(m[0], m[1], m[2], 0, open ? (render_rgba){ 0.25f, 0.55f, 0.95f, 1 } : _hud_accent);
        render_overlay_circle(m[0], m[1], m[2], 2.0f * s, _hud_white);
        char label[8];
        int stop = h->ex->hotspots[i].stop;
        snprintf(label, sizeof label, "%d", stop > 0 ? stop : i + 1);
        render_text_style st = { .size_px = (stop > 99 ? 12 : 15) * s, .font = RENDER_FONT_BOLD,
                                 .align = TEXT_ALIGN_CENTER, .color = { 0.1f, 0.08f, 0.05f, 1 } };
        render_overlay_text_box(m[0] - m[2], m[1] - st.size_px * 0.68f, 2 * m[2], 0, label, &st);
    }
}

static void _hud_control(museum_hud *h, int id, float x, float y, float w, float hgt)
{
    h->control[id][0] = x;
    h->control[id][1] = y;
    h->control[id][2] = w;
    h->control[id][3] = hgt;
    h->control_shown[id] = true;
}

static void _hud_format_time(double t, char *out, size_t size)
{
    int s = (int)floor(t + 0.5);
    snprintf(out, size, "%d:%02d", s / 60, s % 60);
}

/* The open hotspot: a panel on the right, with its controls. */
static void _hud_guide_panel(museum_hud *h, float w, float hgt, float s, const char *lang)
{
    const museum_guide *g = h->guide;
    size_t i = (size_t)g->open;
    float pw = fminf(w * 0.4f, 540 * s), pad = 20 * s, x = w - pw - 16 * s, y = 76 * s;
    float ph = hgt - y - 16 * s;
    h->panel_x = x;
    render_overlay_rect(x, y, pw, ph, 14 * s, (render_rgba){ 0.07f, 0.07f, 0.08f, 0.86f });
    /* Close, top right: a fingertip square with an X of two bars. */
    float cs = 44 * s, cx = x + pw - cs - 6 * s, cy = y + 6 * s;
    _hud_control(h, MUSEUM_HUD_G_CLOSE, cx, cy, cs, cs);
    float xs[4] = { cx + 14 * s, cy + 14 * s, cx + cs - 14 * s, cy + cs - 14 * s };
    float ys[4] = { cx + 14 * s, cy + cs - 14 * s, cx + cs - 14 * s, cy + 14 * s };
    render_overlay_polyline(xs, 2, 3 * s, false, _hud_white);
    render_overlay_polyline(ys, 2, 3 * s, false, _hud_white);

    float tx = x + pad, tw = pw - 2 * pad - cs, ty = y + pad;
    const char *title = museum_guide_title(g, i);
    render_text_style ts = { .size_px = 28 * s, .font = RENDER_FONT_BOLD, .lang = g->text_lang };
    float title_h = 0, unused;
    _hud_measure(h, title, ts.size_px, true, tw, &unused, &title_h);
    title_h = fminf(title_h, 3 * ts.size_px * 1.35f); /* three lines at most */
    render_overlay_text_box(tx, ty, tw, title_h + 2 * s, title, &ts);
    ty += title_h + 6 * s;
    if (strcmp(g->text_lang, g->lang) != 0) {
        char note[128];
        snprintf(note, sizeof note, "%s %s", museum_hud_word("fallback", lang),
                 museum_guide_language_name(g->text_lang));
        ty += render_overlay_text_box(tx, ty, pw - 2 * pad, 0, note,
                                      &(render_text_style){ .size_px = 15 * s, .color = _hud_accent, .lang = lang }) +
              6 * s;
    }
    /* Controls sit at the panel's foot; the image and text fill what is above. */
    float bar_h = 56 * s, by = y + ph - pad - bar_h;
    /* On a narrow panel the progress bar takes a row above the buttons. */
    bool bar_above = pw - 2 * pad - 3 * (bar_h + 8 * s) - 6 * s < 140 * s;
    float text_bottom = (bar_above ? by - bar_h * 0.9f : by) - 16 * s;
    if (h->image_of != g->open) {
        gfx_destroy_texture(h->image);
        h->image = (gfx_texture){ 0 };
        h->image_of = g->open;
        int m = pkg_media_find(g->pkg, VT_MEDIA_IMAGE, (uint32_t)g->open, NULL);
        pkg_blob b;
        vt_error_msg err = { { 0 } };
        if (m >= 0 && pkg_media_data(g->pkg, (uint32_t)m, true, &b, &err) == VT_OK)
            h->image = render_overlay_image_from_memory(b.data, (size_t)b.size, 1024, &h->image_w, &h->image_h, &err);
        if (m >= 0 && !h->image.id)
            vt_warn("image of hotspot \"%s\": %s", h->ex->hotspots[g->open].id, err.text);
    }
    if (h->image.id && h->image_w > 0 && h->image_h > 0 && text_bottom - ty > 40 * s) {
        float iw = pw - 2 * pad, ih = iw * (float)h->image_h / (float)h->image_w;
        float max_h = fmaxf(0.0f, (text_bottom - ty) * 0.45f);
        if (ih > max_h) {
            iw *= max_h / ih;
            ih = max_h;
        }
        render_overlay_image_rounded(tx, ty + 4 * s, iw, ih, 8 * s, h->image, _hud_white);
        ty += ih + 14 * s;
    }
    const char *body = museum_guide_body(g, i);
    if (body[0])
        _hud_body(tx, ty + 4 * s, pw - 2 * pad, text_bottom - ty - 4 * s, body, 19 * s, g->text_lang);

    float bx = x + pad, bs = bar_h;
    _hud_control(h, MUSEUM_HUD_G_PREV, bx, by, bs, bs);
    _hud_control(h, MUSEUM_HUD_G_PLAY, bx + bs + 8 * s, by, bs, bs);
    _hud_control(h, MUSEUM_HUD_G_NEXT, bx + 2 * (bs + 8 * s), by, bs, bs);
    for (int c = MUSEUM_HUD_G_PREV; c <= MUSEUM_HUD_G_NEXT; c++) {
        const float *r = h->control[c];
        render_overlay_rect(r[0], r[1], r[2], r[3], 10 * s, (render_rgba){ 0.22f, 0.22f, 0.24f, 1 });
    }
    /* Icons: previous |<, play > or pause ||, next >|. */
    float m = bs * 0.5f, q = bs * 0.2f;
    const float *pr = h->control[MUSEUM_HUD_G_PREV], *pl = h->control[MUSEUM_HUD_G_PLAY],
                *nx = h->control[MUSEUM_HUD_G_NEXT];
    float prev_tri[6] = { pr[0] + m + q, pr[1] + m - q, pr[0] + m + q, pr[1] + m + q, pr[0] + m - q * 0.6f, pr[1] + m };
    render_overlay_triangles(prev_tri, 3, _hud_white);
    render_overlay_rect(pr[0] + m - q * 0.9f, pr[1] + m - q, 3 * s, 2 * q, 0, _hud_white);
    bool playing = g->audio_lang[0] && !g->paused && museum_guide_position(g) < g->duration - 1e-3;
    if (playing) {
        render_overlay_rect(pl[0] + m - q * 0.8f, pl[1] + m - q, q * 0.55f, 2 * q, 0, _hud_white);
        render_overlay_rect(pl[0] + m + q * 0.25f, pl[1] + m - q, q * 0.55f, 2 * q, 0, _hud_white);
    } else {
        float play_tri[6] = { pl[0] + m - q * 0.7f, pl[1] + m - q, pl[0] + m - q * 0.7f, pl[1] + m + q,
                              pl[0] + m + q, pl[1] + m };
        render_overlay_triangles(play_tri, 3, g->audio_lang[0] ? _hud_white : _hud_soft);
    }
    float next_tri[6] = { nx[0] + m - q, nx[1] + m - q, nx[0] + m - q, nx[1] + m + q, nx[0] + m + q * 0.6f, nx[1] + m };
    render_overlay_triangles(next_tri, 3, _hud_white);
    render_overlay_rect(nx[0] + m + q * 0.9f - 3 * s, nx[1] + m - q, 3 * s, 2 * q, 0, _hud_white);

    /* Progress: a bar to tap along, and the times; beside the buttons, or
     * above them when the panel is narrow. */
    float gx = bx + 3 * (bs + 8 * s) + 6 * s, gw = x + pw - pad - gx, gy = by;
    if (bar_above) {
        gx = bx;
        gw = pw - 2 * pad;
        gy = by - bs * 0.9f;
    }
    double pos = museum_guide_position(g), dur = g->duration;
    _hud_control(h, MUSEUM_HUD_G_BAR, gx, gy, gw, bs * 0.8f);
    render_overlay_rect(gx, gy + bs * 0.4f - 3 * s, gw, 6 * s, 3 * s, (render_rgba){ 0.3f, 0.3f, 0.32f, 1 });
    float f = dur > 0 ? (float)(pos / dur) : 0;
    render_overlay_rect(gx, gy + bs * 0.4f - 3 * s, gw * f, 6 * s, 3 * s, _hud_accent);
    render_overlay_circle(gx + gw * f, gy + bs * 0.4f, 8 * s, 0, _hud_white);
    char times[48], a[16], b[16];
    _hud_format_time(pos, a, sizeof a);
    _hud_format_time(dur, b, sizeof b);
    if (g->audio_lang[0])
        snprintf(times, sizeof times, "%s / %s%s%s", a, b, strcmp(g->audio_lang, g->lang) ? " · " : "",
                 strcmp(g->audio_lang, g->lang) ? museum_guide_language_name(g->audio_lang) : "");
    else
        snprintf(times, sizeof times, "%s", museum_hud_word("no_narration", lang));
    render_overlay_text(gx, gy + bs * 0.4f + 9 * s, times,
                        &(render_text_style){ .size_px = 14 * s, .color = _hud_soft, .lang = lang });
}

/* The caption of the moment: large, at the bottom, beside the panel. */
static void _hud_caption(museum_hud *h, float w, float hgt, float s)
{
    const char *cap = museum_guide_caption(h->guide);
    if (!cap || !cap[0])
        return;
    float right = h->guide->open >= 0 ? h->panel_x - 16 * s : w;
    float cw = fminf(right - 32 * s, 900 * s), cx = (right - cw) * 0.5f;
    render_text_style st = { .size_px = 26 * s, .align = TEXT_ALIGN_CENTER, .lang = h->guide->audio_lang };
    /* At most three lines: a caption is read at a glance; a longer cue
     * shows its start (the packer splits synthetic ones by sentence). */
    float need = 0, unused;
    _hud_measure(h, cap, st.size_px, false, cw - 32 * s, &unused, &need);
    float lines_h = 3 * st.size_px * 1.4f, ch = fminf(need, lines_h) + 24 * s, cy = hgt - ch - 24 * s;
    render_overlay_rect(cx, cy, cw, ch, 12 * s, (render_rgba){ 0, 0, 0, 0.72f });
    render_overlay_text_box(cx + 16 * s, cy + 12 * s, cw - 32 * s, ch - 20 * s, cap, &st);
}

/* Volume: a speaker with as many waves as the level (none: muted); a tap
 * steps 100 -> 60 -> 30 -> 0 -> 100 %. Drawn at (X, Y), 48 px square. */
static void _hud_volume(museum_hud *h, float x, float y, float s)
{
    float b = 48 * s, v = museum_guide_volume(h->guide);
    _hud_control(h, MUSEUM_HUD_G_VOLUME, x, y, b, b);
    render_overlay_rect(x, y, b, b, 10 * s, _hud_panel);
    float cx = x + b * 0.36f, cy = y + b * 0.5f, u = b * 0.12f;
    render_overlay_rect(cx - u * 1.6f, cy - u * 0.7f, u, u * 1.4f, 0, _hud_white);
    float cone[6] = { cx - u * 0.7f, cy - u * 0.7f, cx + u * 0.6f, cy - u * 1.8f, cx - u * 0.7f, cy + u * 0.7f };
    float cone2[6] = { cx - u * 0.7f, cy + u * 0.7f, cx + u * 0.6f, cy - u * 1.8f, cx + u * 0.6f, cy + u * 1.8f };
    render_overlay_triangles(cone, 3, _hud_white);
    render_overlay_triangles(cone2, 3, _hud_white);
    int waves = v > 0.8f ? 3 : v > 0.45f ? 2 : v > 0.01f ? 1 : 0;
    for (int i = 0; i < waves; i++)
        render_overlay_rect(cx + u * (1.3f + 0.9f * (float)i), cy - u * (0.5f + 0.45f * (float)i), u * 0.35f,
                            u * (1.0f + 0.9f * (float)i), u * 0.15f, _hud_white);
    if (waves == 0) {
        float a[4] = { cx + u * 1.2f, cy - u, cx + u * 2.8f, cy + u }, c[4] = { cx + u * 1.2f, cy + u, cx + u * 2.8f,
                                                                                 cy - u };
        render_overlay_polyline(a, 2, 2.5f * s, false, _hud_white);
        render_overlay_polyline(c, 2, 2.5f * s, false, _hud_white);
    }
}

/* The language button (top right) and, when open, its menu: each language
 * in its own name; the volume button beside it. */
static void _hud_languages(museum_hud *h, float w, float s, const char *lang)
{
    h->lang_item_count = 0;
    if (h->ex->language_count < 2) {
        _hud_volume(h, w - 64 * s, 16 * s, s);
        return;
    }
    const char *name = museum_guide_language_name(lang);
    float tw, th;
    _hud_measure(h, name, 19 * s, true, 0, &tw, &th);
    float bw = tw + 32 * s, bh = 48 * s, x = w - bw - 16 * s, y = 16 * s;
    _hud_volume(h, x - 58 * s, y, s);
    _hud_control(h, MUSEUM_HUD_G_LANG, x, y, bw, bh);
    render_overlay_rect(x, y, bw, bh, 10 * s, _hud_panel);
    render_overlay_text(x + 16 * s, y + (bh - 19 * s * 1.3f) * 0.5f, name,
                        &(render_text_style){ .size_px = 19 * s, .font = RENDER_FONT_BOLD, .lang = lang });
    if (!h->lang_menu)
        return;
    float mw = 240 * s, mx = w - mw - 16 * s, my = y + bh + 8 * s, ih = 52 * s;
    size_t n = h->ex->language_count < MUSEUM_HUD_LANGS ? h->ex->language_count : MUSEUM_HUD_LANGS;
    render_overlay_rect(mx, my, mw, ih * (float)n + 8 * s, 12 * s, (render_rgba){ 0.07f, 0.07f, 0.08f, 0.94f });
    for (size_t i = 0; i < n; i++) {
        const char *code = h->ex->languages[i];
        float iy = my + 4 * s + ih * (float)i;
        float *r = h->lang_item[h->lang_item_count++];
        r[0] = mx;
        r[1] = iy;
        r[2] = mw;
        r[3] = ih;
        bool on = strcmp(code, lang) == 0;
        if (on)
            render_overlay_rect(mx + 4 * s, iy, mw - 8 * s, ih, 8 * s, (render_rgba){ 0.25f, 0.55f, 0.95f, 0.5f });
        render_overlay_text(mx + 20 * s, iy + (ih - 20 * s * 1.3f) * 0.5f, museum_guide_language_name(code),
                            &(render_text_style){ .size_px = 20 * s, .lang = code });
    }
}

void _hud_guide_layout(museum_hud *h, const museum_nav *nav, float w, float hgt, float s)
{
    if (h->guide && h->guide->generation != h->guide_generation) {
        /* Measures are keyed by address; caption strings were freed. */
        memset(h->measured, 0, sizeof h->measured);
        h->measured_next = 0;
        h->guide_generation = h->guide->generation;
    }
    memset(h->control_shown, 0, sizeof h->control_shown);
    _hud_markers_layout(h, nav, w, hgt, s);
}

void _hud_guide_draw(museum_hud *h, const museum_nav *nav, float w, float hgt, float s, const char *lang)
{
    (void)nav;
    if (!h->guide)
        return;
    _hud_markers_draw(h, s);
    if (h->guide->open >= 0)
        _hud_guide_panel(h, w, hgt, s, lang);
    _hud_caption(h, w, hgt, s);
    _hud_languages(h, w, s, lang);
    if (h->guide->keypad_digits > 0) {
        /* The number being typed, as an audio guide's display shows it. */
        char line[48];
        snprintf(line, sizeof line, "%s %d", museum_hud_word("stop", lang), h->guide->keypad);
        float bw = 220 * s, bx = (w - bw) * 0.5f, by = hgt * 0.4f;
        render_overlay_rect(bx, by, bw, 64 * s, 12 * s, (render_rgba){ 0, 0, 0, 0.75f });
        render_overlay_text_box(bx, by + 14 * s, bw, 0, line,
                                &(render_text_style){ .size_px = 30 * s, .font = RENDER_FONT_BOLD,
                                                      .align = TEXT_ALIGN_CENTER, .lang = lang });
    }
}

/* Taps on the guide's controls, markers and menu. */
bool _hud_guide_event(museum_hud *h, museum_nav *nav, const plat_event *ev, bool up)
{
    museum_guide *g = h->guide;
    if (!g)
        return false;
    float x = ev->x, y = ev->y;
    if (h->lang_menu) {
        /* The menu is modal: a tap chooses or closes it. */
        if (up) {
            for (int i = 0; i < h->lang_item_count; i++)
                if (_hud_in_rect(h->lang_item[i], x, y))
                    museum_guide_set_lang(g, h->ex->languages[i]);
            h->lang_menu = false;
            nav->changed = true;
        }
        return true;
    }
    int hit = -1;
    for (int c = 0; c < MUSEUM_HUD_G_COUNT && hit < 0; c++)
        if (h->control_shown[c] && _hud_in_rect(h->control[c], x, y))
            hit = c;
    if (hit >= 0) {
        if (up) {
            switch (hit) {
            case MUSEUM_HUD_G_CLOSE: museum_guide_close(g); break;
            case MUSEUM_HUD_G_PREV: museum_guide_step(g, -1); break;
            case MUSEUM_HUD_G_NEXT: museum_guide_step(g, 1); break;
            case MUSEUM_HUD_G_PLAY: museum_guide_toggle_pause(g); break;
            case MUSEUM_HUD_G_LANG: h->lang_menu = true; break;
            case MUSEUM_HUD_G_VOLUME: {
                float v = museum_guide_volume(g);
                museum_guide_set_volume(g, v > 0.8f ? 0.6f : v > 0.45f ? 0.3f : v > 0.01f ? 0.0f : 1.0f);
                break;
            }
            case MUSEUM_HUD_G_BAR: {
                const float *r = h->control[MUSEUM_HUD_G_BAR];
                museum_guide_seek(g, g->duration * glm_clamp((x - r[0]) / r[2], 0.0f, 1.0f));
                break;
            }
            }
            nav->changed = true;
        }
        return true;
    }
    /* A panel swallows taps on itself (they are not taps on the floor). */
    if (g->open >= 0 && x >= h->panel_x && y >= 76 * fmaxf((float)nav->view_h / 720.0f, 0.5f))
        return true;
    for (int k = 0; k < h->marker_count; k++) {
        const float *m = h->marker[k];
        float dx = x - m[0], dy = y - m[1], r = m[2] * 1.4f; /* a little larger than drawn: fingers */
        if (dx * dx + dy * dy <= r * r) {
            if (up)
                museum_hud_opened(h, nav, h->marker_hotspot[k]);
            return true;
        }
    }
    return false;
}
