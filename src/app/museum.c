/* The exhibition app: load, then a frame loop (input, update, stream,
 * render, present) or one headless frame. */
#include "museum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"
#include "app/exhibition_source.h"
#include "app/museum_guide.h"
#include "app/museum_hud.h"
#include "app/museum_nav.h"
#include "app/museum_scene.h"
#include "app/museum_watch.h"
#include "app/pick.h"
#include "app/screenshot.h"
#include "app/script.h"
#include "audio/audio_mixer.h"
#include "audio/audio_wav.h"
#include "base/log.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "render/render.h"

#define MUSEUM_STREAM_BUDGET (24u << 20) /* bytes uploaded between two frames */
#define MUSEUM_SCRIPT_STEP (1.0 / 30.0)

typedef struct app_museum {
    const app_options *opt;
    const char *path;
    app_exhibition source;
    museum_scene scene;
    museum_nav nav;
    museum_hud hud;
    museum_guide guide;
    audio_mixer *mixer;     /* the narration's mixer */
    bool audio_device;      /* a device pulls the mixer (else headless renders it, or silence) */
    audio_wav_writer wav;   /* --audio-out */
    bool recording;
    float pointer[2];       /* where the pointer or finger last was (P: hotspot position) */
    int ambient_room;       /* the room whose sound plays, or -1 */
    audio_source ambient_src[2]; /* the playing one and the one fading out */
    int ambient_slot;
    gfx_target target;
    int width, height;
    bool fullscreen;
    char lang[36]; /* a copy: the exhibition it came from is replaced on reload */
} app_museum;

static void _museum_make_target(app_museum *m, int w, int h)
{
    gfx_destroy_target(m->target);
    m->width = w > 0 ? w : 1;
    m->height = h > 0 ? h : 1;
    m->target = gfx_make_target(&(gfx_target_desc){ .width = m->width, .height = m->height });
    museum_nav_resize(&m->nav, m->width, m->height);
}

static void _museum_print_diagnostics(const app_museum *m)
{
    if (m->source.diagnostics && m->source.diagnostics[0])
        fputs(m->source.diagnostics, stderr);
}

/* Builds (or opens) the exhibition and readies its scene on the CPU: before
 * any window, so a curator's mistakes print without one flashing up. */
static vt_result _museum_open(app_museum *m, vt_error_msg *err)
{
    vt_result r = app_exhibition_open(m->path, m->opt, &m->source, err);
    _museum_print_diagnostics(m);
    if (r != VT_OK)
        return r;
    return museum_scene_load(&m->scene, &m->source.pkg, NULL, err);
}

static void _museum_close(app_museum *m)
{
    museum_scene_close(&m->scene);
    app_exhibition_close(&m->source);
}

/* ERROR_PX: the level-of-detail budget; in motion 2 pixels (a quarter
 * fewer triangles on software GL, and motion hides the difference), still
 * 1 pixel (every frame a visitor studies is full detail). */
static void _museum_draw(app_museum *m, float error_px)
{
    render_view view = { .mode = RENDER_UNLIT, .force_lod = -1, .max_error_px = error_px };
    museum_nav_view(&m->nav, &view);
    /* The inspected artefact takes the look the visitor chose (L, C, U). */
    int a = m->nav.state == MUSEUM_INSPECT ? m->nav.inspected : -1;
    render_mode keep = RENDER_UNLIT;
    if (a >= 0 && (uint32_t)a < m->scene.instance_count) {
        keep = m->scene.instances[a].mode;
        if (m->nav.inspect.mode != RENDER_UNLIT)
            m->scene.instances[a].mode = m->nav.inspect.mode;
    }
    render_scene sc = { .instances = m->scene.instances, .instance_count = m->scene.instance_count,
                        .statics = m->scene.statics, .static_count = m->scene.static_count };
    render_frame_scene(m->target, &view, &sc, NULL);
    if (a >= 0 && (uint32_t)a < m->scene.instance_count)
        m->scene.instances[a].mode = keep;
    museum_hud_draw(&m->hud, m->target, &m->nav, m->guide.lang); /* the guide holds the visitor's language */
}

/* P while inspecting: the surface point under the pointer in the scan's own
 * coordinates, printed ready to paste into a hotspot. How a curator places
 * hotspots without a 3D editor. */
static void _museum_print_hotspot(app_museum *m)
{
    museum_nav *n = &m->nav;
    int a = n->inspected;
    uint32_t scan = a >= 0 && (uint32_t)a < m->scene.instance_count ? m->scene.instance_scan[a] : VT_PKG_NONE;
    if (scan >= m->scene.scan_count || !m->scene.scan_ok[scan])
        return;
    vec3 o, d, lo, ld;
    cam_look_ray(&n->shown, n->orbit.fov_y, (float)m->width / (float)m->height, m->pointer[0], m->pointer[1],
                 (float)m->width, (float)m->height, o, d);
    mat4 inv;
    glm_mat4_inv(m->scene.world.artefact_model[a], inv);
    glm_mat4_mulv3(inv, o, 1.0f, lo);
    glm_mat4_mulv3(inv, d, 0.0f, ld);
    glm_vec3_normalize(ld);
    float t;
    if (!app_pick(&m->scene.scans[scan], 400000, lo, ld, &t)) {
        fprintf(stderr, "vitrine: no surface under the pointer\n");
        return;
    }
    fprintf(stdout, "hotspot on \"%s\": \"position\": [%.4f, %.4f, %.4f], \"normal\": [%.3f, %.3f, %.3f]\n",
            m->scene.ex.artefacts[a].id, lo[0] + ld[0] * t, lo[1] + ld[1] * t, lo[2] + ld[2] * t, -ld[0], -ld[1],
            -ld[2]);
    fflush(stdout);
}

/* Input in the order a visitor meets it: the HUD's buttons and markers,
 * the audio guide's keys (while a hotspot is open, and stop numbers), then
 * walking and looking. */
static void _museum_event(app_museum *m, const plat_event *ev, double now)
{
    museum_nav *n = &m->nav;
    museum_guide *g = &m->guide;
    if (ev->type == PLAT_EV_MOUSE_MOVE || ev->type == PLAT_EV_TOUCH_DOWN || ev->type == PLAT_EV_MOUSE_DOWN) {
        m->pointer[0] = ev->x;
        m->pointer[1] = ev->y;
    }
    if (ev->type == PLAT_EV_KEY_DOWN && ev->key == PLAT_KEY_P && n->state == MUSEUM_INSPECT) {
        _museum_print_hotspot(m);
        return;
    }
    if (museum_hud_event(&m->hud, n, ev))
        return;
    if (ev->type == PLAT_EV_KEY_DOWN && !ev->repeat && n->state != MUSEUM_INSPECT) {
        bool stops = m->hud.has_stops;
        if (g->open >= 0) {
            switch (ev->key) {
            case PLAT_KEY_ESCAPE:
            case PLAT_KEY_BACKSPACE: museum_guide_close(g); n->changed = true; return;
            case PLAT_KEY_SPACE:
            case PLAT_KEY_P: museum_guide_toggle_pause(g); n->changed = true; return;
            case PLAT_KEY_PAGEDOWN: museum_guide_step(g, 1); n->changed = true; return;
            case PLAT_KEY_PAGEUP: museum_guide_step(g, -1); n->changed = true; return;
            default: break;
            }
        }
        if (stops && ev->key >= PLAT_KEY_0 && ev->key <= PLAT_KEY_9) {
            museum_guide_keypad(g, (int)(ev->key - PLAT_KEY_0), now);
            n->changed = true;
            return;
        }
        if (stops && ev->key == PLAT_KEY_ENTER) {
            int h = museum_guide_keypad(g, -1, now);
            if (h >= 0)
                museum_hud_opened(&m->hud, n, h);
            n->changed = true;
            return;
        }
    }
    museum_nav_event(n, ev, now);
}

/* Room sound follows the visitor: the old room's fades out as the new
 * one's fades in, both under the narration (the mixer ducks them). */
static void _museum_ambient(app_museum *m)
{
    int room = world_room_at(&m->scene.world, m->nav.shown.eye[0], m->nav.shown.eye[2]);
    if (room == m->ambient_room || !m->guide.mixer || !m->mixer)
        return;
    m->ambient_room = room;
    int media = room >= 0 ? pkg_media_find(&m->source.pkg, VT_MEDIA_AMBIENT, (uint32_t)room, NULL) : -1;
    pkg_blob b;
    vt_error_msg err = { { 0 } };
    audio_source *src = &m->ambient_src[m->ambient_slot ^ 1];
    bool have = media >= 0 && pkg_media_data(&m->source.pkg, (uint32_t)media, true, &b, &err) == VT_OK &&
                audio_source_open_memory(b.data, (size_t)b.size, pkg_media(&m->source.pkg, (uint32_t)media)->name,
                                         src, &err) == VT_OK;
    if (media >= 0 && !have)
        vt_warn("%s (the room stays quiet)", err.text);
    if (m->audio_device)
        plat_audio_lock();
    audio_mixer_stop_role(m->mixer, AUDIO_ROLE_AMBIENT, 1200.0f);
    if (have) {
        audio_play(m->mixer, src, &(audio_play_desc){ .role = AUDIO_ROLE_AMBIENT, .loop = true, .fade_in_ms = 1500.0f });
        m->ambient_slot ^= 1;
    }
    if (m->audio_device)
        plat_audio_unlock();
}

static void _museum_update(app_museum *m, double now, float dt)
{
    museum_nav_update(&m->nav, dt);
    museum_guide_update(&m->guide, dt);
    /* A lone digit with no Enter was a viewpoint key after all. */
    int d = museum_guide_keypad_expired(&m->guide, now);
    if (d >= 1)
        museum_nav_goto_viewpoint(&m->nav, (size_t)(d - 1));
    if (m->guide.open >= 0 && !m->guide.paused)
        m->nav.changed = true; /* captions and progress move */
    _museum_ambient(m);
}

/* Headless audio: the mixer rendered for DT seconds into the recording. */
static void _museum_render_audio(app_museum *m, double dt)
{
    if (!m->recording)
        return;
    float buf[2 * 2048];
    size_t frames = (size_t)llround(dt * AUDIO_RATE);
    while (frames > 0) {
        size_t k = frames < 2048 ? frames : 2048;
        audio_mixer_render(m->mixer, buf, k);
        audio_wav_writer_write(&m->wav, buf, k);
        frames -= k;
    }
}

/* The device's thread; m->mixer changes only under plat_audio_lock. */
static void _museum_audio_cb(void *user, float *out, int frames)
{
    app_museum *m = user;
    if (m->mixer)
        audio_mixer_render(m->mixer, out, (size_t)frames);
    else
        memset(out, 0, (size_t)frames * AUDIO_CHANNELS * sizeof *out);
}

/* Headless: one frame of the start, a viewpoint, a tour moment or a script. */
static int _museum_headless(app_museum *m)
{
    const app_options *opt = m->opt;
    museum_nav *n = &m->nav;
    if (opt->view) {
        int v = museum_nav_find_viewpoint(n, opt->view);
        if (v < 0) {
            vt_error("%s: no viewpoint \"%s\" (see \"viewpoints\" in exhibition.json)", m->path, opt->view);
            return 2;
        }
        museum_nav_set_pose(n, m->scene.ex.viewpoints[v].position, m->scene.ex.viewpoints[v].look_at);
    }
    if (opt->tour) {
        int t = museum_nav_find_tour(n, opt->tour);
        if (t < 0 || !museum_nav_start_tour(n, (size_t)t, true)) {
            vt_error("%s: no tour \"%s\" with stops (see \"tours\" in exhibition.json)", m->path, opt->tour);
            return 2;
        }
        cam_tour_player_seek(&n->player, opt->has_at ? opt->at : 0.0);
        cam_tour_player_pose(&n->player, &n->shown, &n->tour_stop, NULL);
    }
    if (opt->open_hotspot) {
        int h = museum_guide_find(&m->guide, opt->open_hotspot);
        if (h < 0) {
            vt_error("%s: no hotspot \"%s\" (see \"hotspots\" in exhibition.json)", m->path, opt->open_hotspot);
            return 2;
        }
        museum_hud_opened(&m->hud, n, h);
        if (n->state == MUSEUM_GLIDE) {
            museum_nav_update(n, 1000.0f); /* a screenshot shows where the glide lands */
            museum_nav_update(n, 0.0f);
        }
        /* Recording: play from the start up to --at (or to the end and a
         * breath after). Otherwise the caption of --at is simply looked up. */
        double at = opt->has_at ? opt->at : 0.0;
        if (m->recording) {
            double until = opt->has_at ? at : m->guide.duration + 0.5;
            for (double t = 0; t < until - 1e-9; t += MUSEUM_SCRIPT_STEP)
                _museum_render_audio(m, fmin(MUSEUM_SCRIPT_STEP, until - t));
        } else {
            museum_guide_seek(&m->guide, at);
        }
    }
    if (opt->script) {
        app_script s;
        vt_error_msg err = { { 0 } };
        if (app_script_load(opt->script, &s, &err) != VT_OK) {
            vt_error("%s", err.text);
            return 3;
        }
        app_script_set_step(&s, MUSEUM_SCRIPT_STEP);
        app_script_set_view(&s, m->width, m->height);
        /* A fixed step and a clock that is the step count: the same script
         * gives the same frame on any machine, however slow. */
        double end = app_script_duration(&s);
        for (long frame = 0;; frame++) {
            double t = (double)frame * MUSEUM_SCRIPT_STEP;
            plat_event ev;
            /* Where the HUD's buttons, markers and the guide's controls are,
             * as a visitor would see them: the overlay drawn alone (the
             * frame itself is drawn once, at the end). */
            museum_hud_draw(&m->hud, m->target, n, m->guide.lang);
            while (app_script_poll(&s, t, &ev))
                _museum_event(m, &ev, t);
            _museum_update(m, t, (float)MUSEUM_SCRIPT_STEP);
            _museum_render_audio(m, MUSEUM_SCRIPT_STEP);
            if (n->want_quit || t >= end)
                break;
        }
        app_script_free(&s);
    }
    _museum_draw(m, 1.0f);
    vt_error_msg err = { { 0 } };
    if (app_write_screenshot(m->target, opt->screenshot, &err) != VT_OK) {
        vt_error("%s", err.text);
        return 1;
    }
    if (m->recording) {
        m->recording = false;
        if (audio_wav_writer_close(&m->wav, &err) != VT_OK) {
            vt_error("%s", err.text);
            return 1;
        }
    }
    return 0;
}

/* --watch: a new build when the folder changes; the visitor keeps standing
 * where they were. A build that fails leaves the last good one on screen. */
static bool _museum_reload(app_museum *m)
{
    cam_look keep = m->nav.shown;
    app_exhibition source;
    museum_scene scene;
    memset(&scene, 0, sizeof scene);
    vt_error_msg err = { { 0 } };
    vt_result r = app_exhibition_open(m->path, m->opt, &source, &err);
    if (source.diagnostics && source.diagnostics[0])
        fputs(source.diagnostics, stderr);
    if (r == VT_OK)
        r = museum_scene_load(&scene, &source.pkg, NULL, &err);
    if (r != VT_OK) {
        vt_error("%s (still showing the previous build)", err.text);
        museum_scene_close(&scene);
        app_exhibition_close(&source);
        return false;
    }
    /* Every voice reads the old package's bytes: a fresh mixer, swapped in
     * under the device's lock, before that package closes (none when memory
     * ran out: the callback then plays silence). */
    char lang[sizeof m->guide.lang];
    snprintf(lang, sizeof lang, "%s", m->guide.lang);
    float volume = museum_guide_volume(&m->guide);
    bool had_mixer = m->guide.mixer != NULL;
    museum_guide_free(&m->guide);
    audio_mixer *fresh = audio_mixer_create(&(audio_mixer_desc){ 0 });
    if (m->audio_device)
        plat_audio_lock();
    audio_mixer *old = m->mixer;
    m->mixer = fresh;
    if (m->audio_device)
        plat_audio_unlock();
    audio_mixer_destroy(old);
    m->ambient_room = -1;
    _museum_close(m);
    m->source = source;
    m->scene = scene;
    /* The scene moved: its package pointer must follow the copy. */
    m->scene.pkg = &m->source.pkg;
    if (museum_scene_upload(&m->scene, false, &err) != VT_OK)
        vt_error("%s", err.text);
    museum_nav_init(&m->nav, &m->scene.ex, &m->scene.world, m->width, m->height);
    museum_hud_rebind(&m->hud, &m->scene.ex, &m->scene.world);
    museum_guide_init(&m->guide, &m->scene.ex, &m->scene.world, &m->source.pkg, had_mixer ? m->mixer : NULL,
                      m->audio_device, lang);
    museum_guide_set_volume(&m->guide, volume); /* a muted kiosk stays muted across a curator's edit */
    museum_hud_bind_guide(&m->hud, &m->guide);
    m->hud.lang_menu = false;
    cam_walk_set_look(&m->nav.walk, &keep);
    m->nav.walk.eye_height = fmaxf(0.3f, keep.eye[1]);
    m->nav.shown = keep;
    fprintf(stderr, "vitrine: reloaded %s\n", m->path);
    return true;
}

static int _museum_loop(app_museum *m)
{
    museum_nav *n = &m->nav;
    museum_watch watch = { 0 };
    if (m->opt->watch)
        museum_watch_init(&watch, m->path);
    app_script script;
    bool scripted = false;
    if (m->opt->script) {
        vt_error_msg err = { { 0 } };
        if (app_script_load(m->opt->script, &script, &err) != VT_OK) {
            vt_error("%s", err.text);
            return 3;
        }
        app_script_set_view(&script, m->width, m->height);
        scripted = true;
    }
    double start = plat_time(), last = start, next_watch = start + 0.5;
    bool dirty = true, coarse = false;
    int shot = 0;
    for (;;) {
        /* input */
        plat_event ev;
        double now = plat_time();
        while (plat_poll(&ev)) {
            if (ev.type == PLAT_EV_RESIZE)
                _museum_make_target(m, ev.width, ev.height);
            _museum_event(m, &ev, now);
        }
        while (scripted && app_script_poll(&script, now - start, &ev))
            _museum_event(m, &ev, now);
        if (n->want_quit)
            break;
        app_frame_fullscreen(&n->want_fullscreen_toggle, &m->fullscreen);
        /* update */
        float dt = app_frame_dt(now, &last);
        bool moving = museum_nav_busy(n);
        _museum_update(m, now, dt);
        if (m->opt->watch && now >= next_watch) {
            next_watch = now + 0.5;
            if (museum_watch_changed(&watch)) {
                _museum_reload(m);
                dirty = true;
            }
        }
        bool streamed = museum_scene_stream(&m->scene, n->shown.eye, MUSEUM_STREAM_BUDGET);
        /* The frame after motion stops is drawn again at full detail. */
        dirty = dirty || moving || n->changed || streamed || (coarse && !moving);
        n->changed = false;
        /* render + present; idle sleeps until input (a kiosk at night) */
        if (dirty) {
            _museum_draw(m, moving ? 2.0f : 1.0f);
            coarse = moving;
            app_frame_present(m->target);
            dirty = false;
        } else if (museum_scene_complete(&m->scene) && !scripted && !m->opt->watch) {
            plat_wait_event(250);
        } else {
            plat_wait_event(10);
        }
        if (n->want_screenshot) {
            app_frame_screenshot(m->target, &shot);
            n->want_screenshot = false;
        }
    }
    if (scripted)
        app_script_free(&script);
    museum_watch_free(&watch);
    return 0;
}

int app_run_museum(const app_options *opt, const char *path)
{
    if (opt->verbose)
        vt_log_set_level(VT_LOG_INFO);
    static app_museum m; /* large; app lifetime */
    memset(&m, 0, sizeof m);
    m.opt = opt;
    m.path = path;
    m.fullscreen = opt->fullscreen;
    bool headless = opt->screenshot != NULL;
    vt_error_msg err = { { 0 } };
    vt_result r = _museum_open(&m, &err);
    if (r != VT_OK) {
        vt_error("%s", err.text);
        _museum_close(&m);
        return r == VT_ERR_OUT_OF_MEMORY || r == VT_ERR_IO ? 1 : 3;
    }
    if (!plat_init(&(plat_desc){ .title = "Vitrine", .width = opt->width, .height = opt->height,
                                 .headless = headless, .fullscreen = opt->fullscreen },
                   &err)) {
        vt_error("%s", err.text);
        _museum_close(&m);
        return 1;
    }
    int code = 1;
    if (!gfx_init(plat_gl_proc_loader(), &err) || !render_init(!headless, &err)) {
        vt_error("%s", err.text);
        goto out;
    }
    /* A screenshot waits for every level; a window streams them in. */
    if (museum_scene_upload(&m.scene, headless, &err) != VT_OK) {
        vt_error("%s", err.text);
        goto out;
    }
    snprintf(m.lang, sizeof m.lang, "%s",
             opt->lang ? opt->lang : m.scene.ex.language_count ? m.scene.ex.languages[0] : "en");
    int w = opt->width, h = opt->height;
    if (!headless)
        plat_drawable_size(&w, &h);
    museum_nav_init(&m.nav, &m.scene.ex, &m.scene.world, w, h);
    _museum_make_target(&m, w, h);
    if (!m.target.id) {
        vt_error("cannot create a %dx%d frame buffer", w, h);
        goto out;
    }
    if (!museum_hud_init(&m.hud, &m.scene.ex, &m.scene.world, &err))
        vt_warn("%s (no on-screen text)", err.text);
    museum_hud_add_fonts(&m.hud, &m.source.pkg);
    /* Narration: a window plays through the sound device (none: silent,
     * captions timed by the clock); a screenshot records with --audio-out. */
    m.mixer = audio_mixer_create(&(audio_mixer_desc){ 0 });
    if (m.mixer && !headless) {
        vt_error_msg aerr = { { 0 } };
        m.audio_device = plat_audio_open(AUDIO_RATE, AUDIO_CHANNELS, _museum_audio_cb, &m, &aerr);
        if (!m.audio_device)
            vt_warn("%s: narration is silent, captions still run", aerr.text);
    }
    if (m.mixer && headless && opt->audio_out) {
        if (audio_wav_writer_open(&m.wav, opt->audio_out, &(audio_wav_desc){ 0 }, &err) != VT_OK) {
            vt_error("%s", err.text);
            goto out;
        }
        m.recording = true;
    }
    bool use_mixer = m.audio_device || m.recording;
    museum_guide_init(&m.guide, &m.scene.ex, &m.scene.world, &m.source.pkg, use_mixer ? m.mixer : NULL,
                      m.audio_device, m.lang);
    m.ambient_room = -1;
    museum_hud_bind_guide(&m.hud, &m.guide);
    float eye[3], at[3];
    museum_scene_start_pose(&m.scene, eye, at);
    museum_nav_set_pose(&m.nav, eye, at);
    vt_info("video driver %s; %u scans, %zu artefacts", plat_video_driver(), m.scene.scan_count,
            m.scene.ex.artefact_count);

    if (headless) {
        code = _museum_headless(&m);
    } else {
        if (opt->view) {
            int v = museum_nav_find_viewpoint(&m.nav, opt->view);
            if (v >= 0)
                museum_nav_set_pose(&m.nav, m.scene.ex.viewpoints[v].position, m.scene.ex.viewpoints[v].look_at);
            else
                vt_warn("no viewpoint \"%s\"", opt->view);
        }
        if (opt->tour) {
            int t = museum_nav_find_tour(&m.nav, opt->tour);
            if (t < 0 || !museum_nav_start_tour(&m.nav, (size_t)t, true))
                vt_warn("no tour \"%s\"", opt->tour);
        }
        code = _museum_loop(&m);
    }
out:
    if (m.recording)
        audio_wav_writer_abort(&m.wav);
    museum_guide_free(&m.guide);
    if (m.audio_device)
        plat_audio_close();
    audio_mixer_destroy(m.mixer);
    museum_hud_free(&m.hud);
    _museum_close(&m);
    gfx_destroy_target(m.target);
    render_shutdown();
    gfx_shutdown();
    plat_shutdown();
    return code;
}
