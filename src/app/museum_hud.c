/* The overlay of the walk-through: map, buttons, tour progress, records,
 * About. Sizes scale with the frame height so a 4K kiosk reads like a
 * laptop, only larger. */
#include "museum_hud.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "museum_hud_internal.h"

enum { _BTN_BACK, _BTN_ABOUT, _BTN_TOUR, _BTN_MAP };

/* ---- words -------------------------------------------------------------- */

typedef struct _hud_word {
    const char *key, *vi, *en, *zh, *ko, *ja, *fr;
} _hud_word;

/* The interface's own words. Records, titles and narration come from the
 * exhibition; these few are the app's, in the six languages of our first
 * visitors (others read English). */
static const _hud_word _hud_words[] = {
    { "back", "← Quay lại", "← Back", "← 返回", "← 뒤로", "← 戻る", "← Retour" },
    { "about", "Giới thiệu", "About", "关于", "소개", "概要", "À propos" },
    { "tour", "Tham quan", "Tour", "导览", "투어", "ツアー", "Visite" },
    { "stop_tour", "Dừng tham quan", "End tour", "结束导览", "투어 종료", "ツアー終了", "Fin de la visite" },
    { "map", "Bản đồ", "Map", "地图", "지도", "地図", "Plan" },
    { "paused", "Tạm dừng", "Paused", "已暂停", "일시 정지", "一時停止", "En pause" },
    { "stop", "Điểm dừng", "Stop", "站点", "정류장", "ストップ", "Étape" },
    { "close", "Nhấn Esc hoặc chạm để đóng", "Press Esc or tap to close", "按 Esc 或轻触关闭",
      "Esc를 누르거나 탭하여 닫기", "Esc キーかタップで閉じる", "Appuyez sur Échap ou touchez pour fermer" },
    { "credits", "Ghi công và giấy phép", "Credits and licences", "署名与许可", "저작자 표시와 라이선스",
      "クレジットとライセンス", "Crédits et licences" },
    { "inventory", "Số hiệu", "Inventory no.", "藏品编号", "소장품 번호", "資料番号", "N° d'inventaire" },
    { "date", "Niên đại", "Date", "年代", "연대", "年代", "Date" },
    { "material", "Chất liệu", "Material", "材质", "재질", "材質", "Matériau" },
    { "dimensions", "Kích thước", "Dimensions", "尺寸", "크기", "寸法", "Dimensions" },
    { "provenance", "Nguồn gốc", "Provenance", "来源", "출처", "来歴", "Provenance" },
    { "credit", "Ghi công", "Credit", "署名", "저작자", "クレジット", "Crédit" },
    { "licence", "Giấy phép", "Licence", "许可", "라이선스", "ライセンス", "Licence" },
    { "fallback", "Chưa có bản dịch; đang hiển thị:", "Not translated; shown in", "暂无译文，显示为：",
      "번역이 없어 다음 언어로 표시:", "翻訳がないため表示言語：", "Pas de traduction ; affiché en" },
    { "no_narration", "Không có thuyết minh", "No narration", "无语音讲解", "음성 해설 없음", "音声ガイドなし",
      "Pas de commentaire audio" },
    { "help",
      "Đi: W A S D hoặc phím mũi tên · Nhìn: kéo · Chạm sàn để đi tới · Chạm hiện vật để xem · "
      "1–9: điểm nhìn · T: tham quan (Space: tạm dừng) · Tab: bản đồ · I: giới thiệu",
      "Walk: W A S D or arrows · Look: drag · Tap the floor to walk there · Tap a work to inspect it · "
      "1–9: viewpoints · T: tour (Space pauses) · Tab: map · I: about",
      "行走：W A S D 或方向键 · 观看：拖动 · 轻触地面前往 · 轻触展品查看 · 1–9：视点 · T：导览 · Tab：地图 · I：关于",
      "이동: W A S D 또는 화살표 · 보기: 드래그 · 바닥을 탭해 이동 · 유물을 탭해 보기 · 1–9: 시점 · T: 투어 · "
      "Tab: 지도 · I: 소개",
      "移動：W A S D か矢印 · 見回す：ドラッグ · 床をタップして移動 · 作品をタップして見る · 1–9：視点 · T：ツアー · "
      "Tab：地図 · I：概要",
      "Marcher : W A S D ou flèches · Regarder : glisser · Touchez le sol pour y aller · Touchez une œuvre pour "
      "l'examiner · 1–9 : points de vue · T : visite · Tab : plan · I : à propos" },
    { "inspect_help", "Kéo để xoay · Cuộn hoặc chụm để phóng · Esc: quay lại",
      "Drag to turn · Wheel or pinch to zoom · Esc: back", "拖动旋转 · 滚轮或捏合缩放 · Esc：返回",
      "드래그로 회전 · 휠이나 핀치로 확대 · Esc: 뒤로", "ドラッグで回転 · ホイールかピンチで拡大 · Esc：戻る",
      "Glisser pour tourner · Molette ou pincement pour zoomer · Échap : retour" },
};

const char *museum_hud_word(const char *key, const char *lang)
{
    static const char *const codes[] = { "vi", "en", "zh", "ko", "ja", "fr" };
    int which = 1; /* English for the languages we have no words in */
    for (int c = 0; lang && c < 6; c++)
        if (strncmp(lang, codes[c], 2) == 0)
            which = c;
    for (size_t i = 0; i < sizeof _hud_words / sizeof *_hud_words; i++)
        if (strcmp(_hud_words[i].key, key) == 0) {
            const _hud_word *w = &_hud_words[i];
            const char *all[6] = { w->vi, w->en, w->zh, w->ko, w->ja, w->fr };
            return all[which];
        }
    return key;
}

/* Paragraphs and *emphasis* (text_layout_rich), wrapped into the box. */
void _hud_body(float x, float y, float w, float hgt, const char *text, float size, const char *lang)
{
    render_overlay_rich_box(x, y, w, hgt, text,
                            &(render_text_style){ .size_px = size, .color = _hud_soft, .emphasis_color = _hud_accent,
                                                  .line_height = 1.35f, .lang = lang });
}

/* ---- lifetime ------------------------------------------------------------ */

/* The map's floors, decoded once from the world's floor meshes. */
static void _hud_floors(museum_hud *h)
{
    const world *w = h->world;
    free(h->floor_xz);
    h->floor_vertex_count = 0;
    uint32_t n = 0;
    for (size_t i = 0; i < w->mesh_count; i++)
        if (w->meshes[i].kind == WORLD_MESH_FLOOR)
            n += w->meshes[i].index_count;
    h->floor_xz = malloc((n ? n : 1) * 2 * sizeof *h->floor_xz);
    if (!h->floor_xz)
        return; /* the map shows outlines only */
    for (size_t i = 0; i < w->mesh_count; i++) {
        const world_mesh *m = &w->meshes[i];
        if (m->kind != WORLD_MESH_FLOOR)
            continue;
        for (uint32_t k = 0; k < m->index_count; k++) {
            const uint16_t *q = (const uint16_t *)(m->vertices + (size_t)m->indices[k] * WORLD_VERTEX_STRIDE);
            h->floor_xz[2 * h->floor_vertex_count] = m->pos_offset[0] + q[0] / 65535.0f * m->pos_scale[0];
            h->floor_xz[2 * h->floor_vertex_count + 1] = m->pos_offset[2] + q[2] / 65535.0f * m->pos_scale[2];
            h->floor_vertex_count++;
        }
    }
}

void museum_hud_rebind(museum_hud *h, const exhibition *ex, const world *w)
{
    h->ex = ex;
    h->world = w;
    h->record_of = -1;
    gfx_destroy_texture(h->image); /* the old package's */
    h->image = (gfx_texture){ 0 };
    h->image_of = -1;
    /* Record texts die with the old exhibition: forget their measures. */
    memset(h->measured, 0, sizeof h->measured);
    h->measured_next = 0;
    _hud_floors(h);
}

bool museum_hud_init(museum_hud *h, const exhibition *ex, const world *w, vt_error_msg *err)
{
    memset(h, 0, sizeof *h);
    museum_hud_rebind(h, ex, w);
    h->ready = render_overlay_init(err);
    return h->ready;
}

void museum_hud_add_fonts(museum_hud *h, const vt_package *pkg)
{
    if (!h->ready)
        return;
    for (uint32_t i = 0; i < pkg_media_count(pkg); i++) {
        const vt_pkg_media *m = pkg_media(pkg, i);
        pkg_blob b;
        vt_error_msg err = { { 0 } };
        if (m->kind != VT_MEDIA_FONT || h->font_copy_count == (int)(sizeof h->font_copies / sizeof *h->font_copies) ||
            pkg_media_data(pkg, i, true, &b, &err) != VT_OK)
            continue;
        void *copy = malloc((size_t)b.size);
        if (!copy)
            continue;
        memcpy(copy, b.data, (size_t)b.size);
        h->font_copies[h->font_copy_count++] = copy;
        /* A bold face serves the bold set; any other serves both (CJK). */
        bool bold = strstr(m->name, "Bold") != NULL;
        for (int f = 0; f < RENDER_FONT_COUNT; f++) {
            text_font_set *set = render_overlay_fonts((render_font)f);
            if (set && (f == RENDER_FONT_BOLD || !bold) &&
                text_font_set_add_memory(set, copy, (size_t)b.size, 0, m->name, &err) != VT_OK)
                vt_info("%s", err.text);
        }
    }
}

void museum_hud_free(museum_hud *h)
{
    gfx_destroy_texture(h->image);
    if (h->ready)
        render_overlay_shutdown();
    for (int i = 0; i < h->font_copy_count; i++)
        free(h->font_copies[i]); /* after the overlay that used them */
    free(h->floor_xz);
    memset(h, 0, sizeof *h);
}

/* Width and height of TEXT laid out at SIZE (wrapped at MAX_WIDTH when > 0),
 * remembered by the text's address. */
void _hud_measure(museum_hud *h, const char *text, float size, bool bold, float max_width, float *w_out,
                  float *h_out)
{
    for (uint32_t i = 0; i < MUSEUM_HUD_MEASURED; i++) {
        const museum_hud_measure *m = &h->measured[i];
        if (m->text == text && m->size_px == size && m->bold == bold && m->max_width == max_width) {
            *w_out = m->w;
            *h_out = m->h;
            return;
        }
    }
    float w = 0, ht = size * 1.3f;
    text_font_set *fonts = render_overlay_fonts(bold ? RENDER_FONT_BOLD : RENDER_FONT_REGULAR);
    text_layout l = { 0 };
    if (fonts && text_layout_utf8(fonts, text, -1, &(text_style){ .size_px = size, .max_width = max_width }, &l)) {
        w = l.width;
        ht = l.height;
    }
    text_layout_free(&l);
    h->measured[h->measured_next] = (museum_hud_measure){ text, size, bold, max_width, w, ht };
    h->measured_next = (h->measured_next + 1) % MUSEUM_HUD_MEASURED;
    *w_out = w;
    *h_out = ht;
}

/* ---- input --------------------------------------------------------------- */

static int _hud_button_at(const museum_hud *h, float x, float y)
{
    for (int i = 0; i < MUSEUM_HUD_BUTTONS; i++) {
        const float *b = h->button[i];
        if (h->button_shown[i] && x >= b[0] && x < b[0] + b[2] && y >= b[1] && y < b[1] + b[3])
            return i;
    }
    return -1;
}

bool museum_hud_event(museum_hud *h, museum_nav *nav, const plat_event *ev)
{
    bool down = ev->type == PLAT_EV_MOUSE_DOWN || ev->type == PLAT_EV_TOUCH_DOWN;
    bool up = ev->type == PLAT_EV_MOUSE_UP || ev->type == PLAT_EV_TOUCH_UP;
    if (!down && !up)
        return false;
    if (nav->show_about || nav->show_help) {
        /* A modal page: any tap closes it. */
        if (up) {
            nav->show_about = nav->show_help = false;
            nav->changed = true;
        }
        return true;
    }
    int b = _hud_button_at(h, ev->x, ev->y);
    if (b < 0)
        return _hud_guide_event(h, nav, ev, up);
    if (up) {
        switch (b) {
        case _BTN_BACK: museum_nav_back(nav); break;
        case _BTN_ABOUT: nav->show_about = true; break;
        case _BTN_TOUR:
            if (nav->state == MUSEUM_TOUR) {
                plat_event esc = { .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_ESCAPE };
                museum_nav_event(nav, &esc, 0);
            } else if (h->ex->tour_count > 0) {
                museum_nav_start_tour(nav, 0, false);
            }
            break;
        case _BTN_MAP: nav->show_map = !nav->show_map; break;
        }
        nav->changed = true;
    }
    return true;
}

/* ---- drawing ------------------------------------------------------------- */


/* Places button ID with LABEL at (X, Y); returns its width. */
static float _hud_place_button(museum_hud *h, int id, float x, float y, float s, const char *label)
{
    float tw, th;
    _hud_measure(h, label, 19 * s, true, 0, &tw, &th);
    float bw = tw + 32 * s, bh = 48 * s; /* 48 px at 720p: a fingertip */
    h->button[id][0] = x;
    h->button[id][1] = y;
    h->button[id][2] = bw;
    h->button[id][3] = bh;
    h->button_shown[id] = true;
    return bw;
}

static const char *_hud_button_label(const museum_hud *h, const museum_nav *nav, int id, const char *lang)
{
    switch (id) {
    case _BTN_BACK: return museum_hud_word("back", lang);
    case _BTN_ABOUT: return museum_hud_word("about", lang);
    case _BTN_TOUR: return museum_hud_word(nav->state == MUSEUM_TOUR ? "stop_tour" : "tour", lang);
    default: return museum_hud_word("map", lang);
    }
    (void)h;
}

void museum_hud_layout(museum_hud *h, const museum_nav *nav, int w, int hgt, const char *lang)
{
    (void)w;
    float s = fmaxf((float)hgt / 720.0f, 0.5f), x = 16 * s, y = 16 * s;
    memset(h->button_shown, 0, sizeof h->button_shown);
    if (!h->ready)
        return;
    for (int id = 0; id < MUSEUM_HUD_BUTTONS; id++) {
        if ((id == _BTN_BACK && nav->state != MUSEUM_INSPECT) || (id == _BTN_TOUR && h->ex->tour_count == 0))
            continue;
        x += _hud_place_button(h, id, x, y, s, _hud_button_label(h, nav, id, lang)) + 10 * s;
    }
    h->buttons_right = x - 10 * s;
    _hud_guide_layout(h, nav, (float)w, (float)hgt, s);
}

static void _hud_draw_buttons(const museum_hud *h, const museum_nav *nav, float s, const char *lang)
{
    render_text_style st = { .size_px = 19 * s, .font = RENDER_FONT_BOLD, .lang = lang };
    for (int id = 0; id < MUSEUM_HUD_BUTTONS; id++) {
        if (!h->button_shown[id])
            continue;
        const float *b = h->button[id];
        render_overlay_rect(b[0], b[1], b[2], b[3], 10 * s, _hud_panel);
        render_overlay_text(b[0] + 16 * s, b[1] + (b[3] - 19 * s * 1.3f) * 0.5f,
                            _hud_button_label(h, nav, id, lang), &st);
    }
}

static void _hud_map(museum_hud *h, museum_nav *nav, float w, float hgt, float s)
{
    const world *wd = h->world;
    float bx0 = wd->bounds.min[0], bz0 = wd->bounds.min[2];
    float bw = fmaxf(wd->bounds.max[0] - bx0, 0.5f), bd = fmaxf(wd->bounds.max[2] - bz0, 0.5f);
    float box = fminf(w, hgt) * 0.34f, pad = 12 * s;
    float ppm = fminf((box - 2 * pad) / bw, (box - 2 * pad) / bd);
    float mw = bw * ppm + 2 * pad, mh = bd * ppm + 2 * pad;
    float mx = w - mw - 16 * s, my = hgt - mh - 16 * s;
    render_overlay_rect(mx, my, mw, mh, 10 * s, _hud_panel);
    museum_map_frame *f = &nav->map;
    f->visible = true;
    f->x = mx;
    f->y = my;
    f->w = mw;
    f->h = mh;
    f->px_per_m = ppm;
    f->origin[0] = bx0 - pad / ppm;
    f->origin[1] = bz0 - pad / ppm;
#define MAPX(X) (mx + ((X) - f->origin[0]) * ppm)
#define MAPY(Z) (my + ((Z) - f->origin[1]) * ppm)
    /* Floors: their triangles, in batches the overlay takes at once. */
    float tri[3 * 2 * 128];
    uint32_t k = 0;
    for (uint32_t i = 0; i < h->floor_vertex_count; i++) {
        tri[2 * k] = MAPX(h->floor_xz[2 * i]);
        tri[2 * k + 1] = MAPY(h->floor_xz[2 * i + 1]);
        if (++k == 3 * 128) {
            render_overlay_triangles(tri, k, (render_rgba){ 0.80f, 0.76f, 0.68f, 0.9f });
            k = 0;
        }
    }
    if (k)
        render_overlay_triangles(tri, k, (render_rgba){ 0.80f, 0.76f, 0.68f, 0.9f });
    /* Walls as outlines, then doorways cut back in floor colour. */
    for (size_t r = 0; r < wd->room_count; r++) {
        const world_room *room = &wd->rooms[r];
        if (!room->has_floor_plan || room->outline_count < 3)
            continue;
        float pts[2 * 64];
        uint32_t n = 0;
        for (size_t i = 0; i < room->outline_count && n < 64; i++, n++) {
            pts[2 * n] = MAPX(room->outline[i][0]);
            pts[2 * n + 1] = MAPY(room->outline[i][1]);
        }
        render_overlay_polyline(pts, n, 2.5f * s, true, (render_rgba){ 0.25f, 0.22f, 0.20f, 1 });
        for (size_t d = 0; d < room->door_count; d++) {
            const world_door *door = &room->doors[d];
            float seg[4] = { MAPX(door->a[0]), MAPY(door->a[1]), MAPX(door->b[0]), MAPY(door->b[1]) };
            render_overlay_polyline(seg, 2, 4.0f * s, false, (render_rgba){ 0.80f, 0.76f, 0.68f, 1 });
        }
    }
    /* Artefacts: amber dots; the one being inspected larger. */
    for (size_t a = 0; a < wd->artefact_count; a++) {
        const vt_aabb *b = &wd->artefact_bounds[a];
        float cx = MAPX(0.5f * (b->min[0] + b->max[0])), cy = MAPY(0.5f * (b->min[2] + b->max[2]));
        bool on = (int)a == nav->inspected;
        render_overlay_circle(cx, cy, (on ? 7.0f : 5.0f) * s, 0, wd->artefact_placeholder[a]
                                                                     ? (render_rgba){ 0.9f, 0.2f, 0.7f, 1 }
                                                                     : _hud_accent);
    }
    /* The visitor: a dot and the way they look. */
    float p[2], yaw;
    museum_nav_position(nav, p, &yaw);
    vec3 fwd;
    cam_look_forward(&nav->shown, fwd);
    float len = hypotf(fwd[0], fwd[2]);
    float vx = MAPX(p[0]), vy = MAPY(p[1]);
    if (len > 1e-3f) {
        float dx = fwd[0] / len, dy = fwd[2] / len, r = 16 * s;
        float cone[6] = { vx, vy, vx + (dx * 0.9f - dy * 0.5f) * r, vy + (dy * 0.9f + dx * 0.5f) * r,
                          vx + (dx * 0.9f + dy * 0.5f) * r, vy + (dy * 0.9f - dx * 0.5f) * r };
        render_overlay_triangles(cone, 3, (render_rgba){ 0.25f, 0.55f, 0.95f, 0.55f });
    }
    render_overlay_circle(vx, vy, 6 * s, 0, (render_rgba){ 0.20f, 0.50f, 0.95f, 1 });
    render_overlay_circle(vx, vy, 6 * s, 1.5f * s, _hud_white);
#undef MAPX
#undef MAPY
}

/* "Label: value" lines of a record, skipping what the curator left out. */
static void _hud_line(char *buf, size_t size, size_t *used, const char *label, const char *value)
{
    if (!value || !value[0] || *used >= size)
        return;
    int n = snprintf(buf + *used, size - *used, "%s%s: %s", *used ? "\n" : "", label, value);
    if (n > 0)
        *used += (size_t)n < size - *used ? (size_t)n : size - *used - 1;
}

static void _hud_record(museum_hud *h, const museum_nav *nav, float w, float hgt, float s, const char *lang)
{
    const exhibition_record *r = &nav->ex->artefacts[nav->inspected].record;
    if (h->record_of != nav->inspected || strcmp(h->record_lang, lang) != 0) {
        size_t used = 0;
        h->record[0] = 0;
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("date", lang),
                  exhibition_text_get(&r->date, lang));
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("material", lang),
                  exhibition_text_get(&r->material, lang));
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("dimensions", lang),
                  exhibition_text_get(&r->dimensions, lang));
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("inventory", lang), r->inventory_number);
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("credit", lang),
                  exhibition_text_get(&r->credit, lang));
        _hud_line(h->record, sizeof h->record, &used, museum_hud_word("licence", lang), r->licence);
        h->record_of = nav->inspected;
        snprintf(h->record_lang, sizeof h->record_lang, "%s", lang);
        /* The buffer's address is the measure's key: forget the old text. */
        for (uint32_t i = 0; i < MUSEUM_HUD_MEASURED; i++)
            if (h->measured[i].text == h->record)
                h->measured[i].text = NULL;
    }
    float pw = fminf(w * 0.42f, 560 * s), x = 16 * s, pad = 16 * s;
    render_text_style title = { .size_px = 26 * s, .font = RENDER_FONT_BOLD, .lang = lang };
    render_text_style text = { .size_px = 17 * s, .color = _hud_soft, .lang = lang };
    const char *name = exhibition_text_get(&r->title, lang);
    float unused, h1, h2;
    _hud_measure(h, name, title.size_px, true, pw - 2 * pad, &unused, &h1);
    _hud_measure(h, h->record, text.size_px, false, pw - 2 * pad, &unused, &h2);
    float ph = pad + h1 + 8 * s + h2 + pad;
    float y = hgt - ph - 16 * s;
    render_overlay_rect(x, y, pw, ph, 12 * s, _hud_panel);
    render_overlay_text_box(x + pad, y + pad, pw - 2 * pad, 0, name, &title);
    render_overlay_text_box(x + pad, y + pad + h1 + 8 * s, pw - 2 * pad, 0, h->record, &text);
}

static void _hud_about(const museum_hud *h, float w, float hgt, float s, const char *lang)
{
    render_overlay_rect(0, 0, w, hgt, 0, (render_rgba){ 0, 0, 0, 0.55f });
    float pw = fminf(w - 64 * s, 980 * s), ph = hgt - 64 * s, x = (w - pw) * 0.5f, y = 32 * s, pad = 28 * s;
    render_overlay_rect(x, y, pw, ph, 16 * s, (render_rgba){ 0.09f, 0.09f, 0.10f, 0.94f });
    float cy = y + pad;
    cy += render_overlay_text_box(x + pad, cy, pw - 2 * pad, 0, exhibition_text_get(&h->ex->title, lang),
                                  &(render_text_style){ .size_px = 34 * s, .font = RENDER_FONT_BOLD, .lang = lang });
    cy += 10 * s;
    const char *credits = exhibition_text_get(&h->ex->credits, lang);
    if (credits[0])
        cy += render_overlay_text_box(x + pad, cy, pw - 2 * pad, 0, credits,
                                      &(render_text_style){ .size_px = 17 * s, .color = _hud_soft, .lang = lang }) +
              14 * s;
    cy += render_overlay_text_box(x + pad, cy, pw - 2 * pad, 0, museum_hud_word("credits", lang),
                                  &(render_text_style){ .size_px = 22 * s, .font = RENDER_FONT_BOLD,
                                                        .color = _hud_accent, .lang = lang }) +
          6 * s;
    float bottom = y + ph - pad - 30 * s;
    for (size_t i = 0; i < h->ex->artefact_count && cy < bottom; i++) {
        const exhibition_record *r = &h->ex->artefacts[i].record;
        char line[1024];
        snprintf(line, sizeof line, "%s — %s (%s)", exhibition_text_get(&r->title, lang),
                 exhibition_text_get(&r->credit, lang), r->licence ? r->licence : "");
        cy += render_overlay_text_box(x + pad, cy, pw - 2 * pad, bottom - cy, line,
                                      &(render_text_style){ .size_px = 16 * s, .lang = lang }) +
              6 * s;
    }
    render_overlay_text_box(x + pad, y + ph - pad - 22 * s, pw - 2 * pad, 0, museum_hud_word("close", lang),
                            &(render_text_style){ .size_px = 16 * s, .color = _hud_soft, .align = TEXT_ALIGN_CENTER,
                                                  .lang = lang });
}

static void _hud_status(museum_hud *h, const museum_nav *nav, float w, float s, float left, const char *lang)
{
    char line[512] = "";
    if (nav->state == MUSEUM_TOUR && nav->tour_index >= 0) {
        const exhibition_tour *t = &h->ex->tours[nav->tour_index];
        snprintf(line, sizeof line, "%s · %s %d/%zu%s%s", exhibition_text_get(&t->name, lang),
                 museum_hud_word("stop", lang), nav->tour_stop + 1, nav->tour.stop_count,
                 nav->player.paused ? " · " : "", nav->player.paused ? museum_hud_word("paused", lang) : "");
    } else if (nav->state != MUSEUM_INSPECT) {
        int r = world_room_at(h->world, nav->shown.eye[0], nav->shown.eye[2]);
        if (r >= 0 && (size_t)r < h->ex->room_count)
            snprintf(line, sizeof line, "%s", exhibition_text_get(&h->ex->rooms[r].name, lang));
    }
    if (!line[0])
        return;
    render_text_style st = { .size_px = 20 * s, .align = TEXT_ALIGN_CENTER, .lang = lang };
    /* Centred, unless the buttons reach that far: then beside them, and
     * short of the language button on the right. */
    float right = w - 16 * s;
    if (h->ex->language_count > 1) {
        float tw, th;
        _hud_measure(h, museum_guide_language_name(lang), 19 * s, true, 0, &tw, &th);
        right -= tw + 32 * s + 10 * s;
    }
    right -= 58 * s; /* the volume button */
    float bw = fminf(w * 0.4f, 520 * s), x = fmaxf((w - bw) * 0.5f, left + 16 * s);
    bw = fminf(bw, right - x);
    if (bw < 80 * s)
        return;
    render_overlay_rect(x, 16 * s, bw, 48 * s, 10 * s, _hud_panel);
    render_overlay_text_box(x, 16 * s + 11 * s, bw, 48 * s, line, &st);
}

void museum_hud_draw(museum_hud *h, gfx_target target, museum_nav *nav, const char *lang)
{
    nav->map.visible = false;
    if (!h->ready)
        return;
    int iw, ih;
    gfx_target_size(target, &iw, &ih);
    float w = (float)iw, hgt = (float)ih, s = fmaxf(hgt / 720.0f, 0.5f);
    museum_hud_layout(h, nav, iw, ih, lang);
    render_overlay_begin(target, iw, ih);
    _hud_draw_buttons(h, nav, s, lang);
    _hud_status(h, nav, w, s, h->buttons_right, lang);
    if (nav->state == MUSEUM_INSPECT && nav->inspected >= 0)
        _hud_record(h, nav, w, hgt, s, lang);
    bool guide_open = h->guide && h->guide->open >= 0;
    if (nav->show_map && nav->state != MUSEUM_INSPECT && !guide_open)
        _hud_map(h, nav, w, hgt, s);
    _hud_guide_draw(h, nav, w, hgt, s, lang);
    if (nav->show_help)
        render_overlay_text_box(16 * s, 76 * s, fminf(w * 0.6f, 700 * s), 0,
                                museum_hud_word(nav->state == MUSEUM_INSPECT ? "inspect_help" : "help", lang),
                                &(render_text_style){ .size_px = 17 * s, .lang = lang });
    if (nav->show_about)
        _hud_about(h, w, hgt, s, lang);
    render_overlay_end();
}
