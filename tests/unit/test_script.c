/* test_script: input scripts (src/app/script.h) parsed into the plat_events
 * the viewer would get from SDL, at a fixed step; their error messages;
 * garbage that must never crash; key names; the null platform's helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/inspect_input.h"
#include "app/script.h"
#include "platform/platform_null.h"

#define STEP (1.0 / 30.0)
#define MAX_EVENTS 4096

typedef struct played {
    plat_event ev[MAX_EVENTS];
    int frame[MAX_EVENTS]; /* the step it came in */
    int count;
} played;

static void _parse_ok(const char *text, app_script *s)
{
    vt_error_msg err = { { 0 } };
    vt_result r = app_script_parse(text, strlen(text), "t.vtscript", s, &err);
    if (r != VT_OK)
        fail_msg("unexpected error: %s", err.text);
}

/* Plays S at STEP from t = 0 until its duration, like the viewer's loop. */
static void _play(app_script *s, played *out)
{
    out->count = 0;
    int frames = (int)ceil(app_script_duration(s) / STEP) + 1;
    for (int f = 0; f <= frames; f++) {
        plat_event ev;
        while (app_script_poll(s, f * STEP, &ev)) {
            assert_true(out->count < MAX_EVENTS);
            out->frame[out->count] = f;
            out->ev[out->count++] = ev;
        }
    }
}

/* Plays at most the first 20 s of S, keeping nothing: garbage may hold
 * day-long drags. */
static int _play_briefly(app_script *s)
{
    int count = 0;
    plat_event ev;
    for (int f = 0; f < 600; f++)
        while (app_script_poll(s, f * STEP, &ev)) {
            assert_true(ev.type > PLAT_EV_NONE && ev.type <= PLAT_EV_RESIZE);
            assert_true(isfinite(ev.x) && isfinite(ev.y) && isfinite(ev.dx) && isfinite(ev.dy));
            count++;
        }
    return count;
}

static played *_play_text(const char *text, int view_w, int view_h)
{
    app_script s;
    _parse_ok(text, &s);
    if (view_w)
        app_script_set_view(&s, view_w, view_h);
    app_script_set_step(&s, STEP);
    played *p = test_calloc(1, sizeof *p);
    _play(&s, p);
    app_script_free(&s);
    return p;
}

static void _expect_error(const char *text, const char *where, const char *words)
{
    app_script s;
    vt_error_msg err = { { 0 } };
    assert_int_equal(app_script_parse(text, strlen(text), "bad.vtscript", &s, &err), VT_ERR_MALFORMED);
    if (strncmp(err.text, where, strlen(where)) != 0 || !strstr(err.text, words) || !strstr(err.text, "\xe2\x80\x94"))
        fail_msg("for %s expected \"%s...%s...\", got \"%s\"", text, where, words, err.text);
}

static void _assert_near(float a, float b) { assert_true(fabsf(a - b) < 1e-3f); }

/* ------------------------------------------------------------------ keys */

static void test_key_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < PLAT_KEY_COUNT; k++) {
        const char *name = plat_key_name((plat_key)k);
        assert_non_null(name);
        assert_string_not_equal(name, k ? "other" : "");
        assert_int_equal(plat_key_from_name(name), k);
    }
    assert_int_equal(plat_key_from_name("W"), PLAT_KEY_W);
    assert_int_equal(plat_key_from_name("Esc"), PLAT_KEY_ESCAPE);
    assert_int_equal(plat_key_from_name("return"), PLAT_KEY_ENTER);
    assert_int_equal(plat_key_from_name("F11"), PLAT_KEY_F11);
    assert_int_equal(plat_key_from_name("7"), PLAT_KEY_7);
    assert_int_equal(plat_key_from_name("pgdn"), PLAT_KEY_PAGEDOWN);
    assert_int_equal(plat_key_from_name(""), PLAT_KEY_OTHER);
    assert_int_equal(plat_key_from_name(NULL), PLAT_KEY_OTHER);
    assert_int_equal(plat_key_from_name("ctrl"), PLAT_KEY_OTHER);
    assert_int_equal(plat_key_from_name("a-very-long-key-name-indeed"), PLAT_KEY_OTHER);
    assert_string_equal(plat_key_name((plat_key)999), "other");
}

static void test_keys(void **state)
{
    (void)state;
    played *p = _play_text("0 key w down\n"
                           "2.0 key w up\n"
                           "+0.5 key 1\n"
                           "3 key shift+R\n"
                           "4 key space hold 1.5\n",
                           0, 0);
    struct {
        plat_event_type type;
        plat_key key;
        int frame;
        bool shift;
    } want[] = {
        { PLAT_EV_KEY_DOWN, PLAT_KEY_W, 0, false },      { PLAT_EV_KEY_UP, PLAT_KEY_W, 60, false },
        { PLAT_EV_KEY_DOWN, PLAT_KEY_1, 75, false },     { PLAT_EV_KEY_UP, PLAT_KEY_1, 75, false },
        { PLAT_EV_KEY_DOWN, PLAT_KEY_R, 90, true },      { PLAT_EV_KEY_UP, PLAT_KEY_R, 90, true },
        { PLAT_EV_KEY_DOWN, PLAT_KEY_SPACE, 120, false }, { PLAT_EV_KEY_UP, PLAT_KEY_SPACE, 165, false },
    };
    assert_int_equal(p->count, 8);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(p->ev[i].type, want[i].type);
        assert_int_equal(p->ev[i].key, want[i].key);
        assert_int_equal(p->frame[i], want[i].frame);
        assert_int_equal(p->ev[i].shift, want[i].shift);
        assert_false(p->ev[i].repeat);
    }
    test_free(p);
}

/* ----------------------------------------------------------------- mouse */

static void test_mouse_move_carries_dx_dy(void **state)
{
    (void)state;
    /* The pointer starts in the middle of the view. */
    played *p = _play_text("0 mouse move 700 400\n"
                           "1 mouse move 600 300\n"
                           "2 mouse move-by 10 -5\n",
                           0, 0);
    assert_int_equal(p->count, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(p->ev[i].type, PLAT_EV_MOUSE_MOVE);
    _assert_near(p->ev[0].dx, 60);
    _assert_near(p->ev[0].dy, 40);
    _assert_near(p->ev[1].x, 600);
    _assert_near(p->ev[1].dx, -100);
    _assert_near(p->ev[1].dy, -100);
    _assert_near(p->ev[2].x, 610);
    _assert_near(p->ev[2].y, 295);
    _assert_near(p->ev[2].dx, 10);
    _assert_near(p->ev[2].dy, -5);
    assert_int_equal(p->frame[1], 30);
    test_free(p);
}

static void test_mouse_glide_one_move_per_step(void **state)
{
    (void)state;
    /* 0.5 s at 1/30: 15 moves of 20 px, dx of each 20, ending exactly. */
    played *p = _play_text("1.0 mouse move-by 300 0 0.5\n", 0, 0);
    assert_int_equal(p->count, 15);
    for (int i = 0; i < 15; i++) {
        assert_int_equal(p->frame[i], 31 + i);
        _assert_near(p->ev[i].dx, 20);
        _assert_near(p->ev[i].dy, 0);
    }
    _assert_near(p->ev[14].x, 640 + 300);
    test_free(p);
}

static void test_click_and_double_click(void **state)
{
    (void)state;
    played *p = _play_text("1 click 640 500\n"
                           "2 double-click right 640 500\n"
                           "3 mouse down shift+left\n"
                           "3.5 mouse up\n",
                           0, 0);
    /* move there, down, up; down, up, 0.1 s later down, up (clicks 2); down, up */
    assert_int_equal(p->count, 9);
    assert_int_equal(p->ev[0].type, PLAT_EV_MOUSE_MOVE);
    _assert_near(p->ev[0].dy, 140);
    assert_int_equal(p->ev[1].type, PLAT_EV_MOUSE_DOWN);
    assert_int_equal(p->ev[1].button, PLAT_BUTTON_LEFT);
    assert_int_equal(p->ev[1].clicks, 1);
    _assert_near(p->ev[1].x, 640);
    _assert_near(p->ev[1].y, 500);
    assert_int_equal(p->ev[2].type, PLAT_EV_MOUSE_UP);
    assert_int_equal(p->frame[1], 30);
    assert_int_equal(p->frame[2], 30);
    /* no second move: the pointer is already there */
    assert_int_equal(p->ev[3].type, PLAT_EV_MOUSE_DOWN);
    assert_int_equal(p->ev[3].button, PLAT_BUTTON_RIGHT);
    assert_int_equal(p->ev[3].clicks, 1);
    assert_int_equal(p->ev[4].type, PLAT_EV_MOUSE_UP);
    assert_int_equal(p->ev[5].type, PLAT_EV_MOUSE_DOWN);
    assert_int_equal(p->ev[5].clicks, 2);
    assert_int_equal(p->ev[6].type, PLAT_EV_MOUSE_UP);
    assert_int_equal(p->ev[6].clicks, 2);
    assert_int_equal(p->frame[3], 60);
    assert_int_equal(p->frame[5], 63);
    assert_int_equal(p->ev[7].type, PLAT_EV_MOUSE_DOWN);
    assert_true(p->ev[7].shift);
    assert_int_equal(p->ev[8].type, PLAT_EV_MOUSE_UP);
    assert_int_equal(p->frame[8], 105);
    test_free(p);
}

static void test_drag(void **state)
{
    (void)state;
    played *p = _play_text("3.5 mouse drag 600 360 900 360 0.5\n", 0, 0);
    /* move to the start, down, 15 moves, up */
    assert_int_equal(p->count, 18);
    assert_int_equal(p->ev[0].type, PLAT_EV_MOUSE_MOVE);
    _assert_near(p->ev[0].dx, -40);
    assert_int_equal(p->ev[1].type, PLAT_EV_MOUSE_DOWN);
    assert_int_equal(p->frame[1], 105);
    float x = 600;
    for (int i = 2; i < 17; i++) {
        assert_int_equal(p->ev[i].type, PLAT_EV_MOUSE_MOVE);
        assert_int_equal(p->frame[i], 105 + i - 1);
        _assert_near(p->ev[i].dx, 20);
        _assert_near(p->ev[i].x - p->ev[i].dx, x);
        x = p->ev[i].x;
    }
    assert_int_equal(p->ev[17].type, PLAT_EV_MOUSE_UP);
    assert_int_equal(p->frame[17], 120);
    _assert_near(p->ev[17].x, 900);
    test_free(p);
}

static void test_wheel(void **state)
{
    (void)state;
    played *p = _play_text("4 wheel 1 640 360\n4.5 mouse wheel -0.5 100 100\n", 0, 0);
    assert_int_equal(p->count, 3); /* the pointer starts at 640 360 */
    assert_int_equal(p->ev[0].type, PLAT_EV_WHEEL);
    _assert_near(p->ev[0].wheel, 1);
    assert_int_equal(p->ev[1].type, PLAT_EV_MOUSE_MOVE);
    assert_int_equal(p->ev[2].type, PLAT_EV_WHEEL);
    _assert_near(p->ev[2].wheel, -0.5f);
    _assert_near(p->ev[2].x, 100);
    test_free(p);
}

/* ----------------------------------------------------------------- touch */

static void test_touch(void **state)
{
    (void)state;
    played *p = _play_text("5 touch down 1 50% 50%\n"
                           "5.1 touch move 1 700 360\n"
                           "5.2 touch up 1\n"
                           "6 tap 900 600\n"
                           "7 double-tap 100 100\n",
                           0, 0);
    assert_int_equal(p->count, 9);
    assert_int_equal(p->ev[0].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->ev[0].finger, 1);
    _assert_near(p->ev[0].x, 640);
    _assert_near(p->ev[0].y, 360);
    assert_int_equal(p->ev[1].type, PLAT_EV_TOUCH_MOVE);
    _assert_near(p->ev[1].dx, 60);
    assert_int_equal(p->ev[2].type, PLAT_EV_TOUCH_UP);
    _assert_near(p->ev[2].x, 700);
    assert_int_equal(p->ev[3].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->ev[4].type, PLAT_EV_TOUCH_UP);
    assert_int_equal(p->frame[3], 180);
    assert_int_equal(p->frame[4], 180);
    assert_int_equal(p->ev[5].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->ev[7].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->frame[5], 210);
    assert_int_equal(p->frame[7], 213);
    for (int i = 0; i < 9; i++)
        assert_int_equal(p->ev[i].clicks, 0); /* SDL counts no taps */
    test_free(p);
}

/* Two fingers dragged together: every move of both before either lifts. */
static void test_pinch_lifts_together(void **state)
{
    (void)state;
    played *p = _play_text("6 touch drag 1 600 400 500 400 0.5\n"
                           "6 touch drag 2 680 400 780 400 0.5\n",
                           0, 0);
    assert_int_equal(p->count, 2 * 17);
    assert_int_equal(p->ev[0].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->ev[1].type, PLAT_EV_TOUCH_DOWN);
    assert_int_equal(p->ev[1].finger, 2);
    for (int i = 2; i < 32; i++) {
        assert_int_equal(p->ev[i].type, PLAT_EV_TOUCH_MOVE);
        assert_int_equal(p->ev[i].finger, 1 + i % 2); /* alternating, step by step */
        _assert_near(p->ev[i].dx, i % 2 ? 100.0f / 15 : -100.0f / 15);
    }
    assert_int_equal(p->ev[32].type, PLAT_EV_TOUCH_UP);
    assert_int_equal(p->ev[33].type, PLAT_EV_TOUCH_UP);
    _assert_near(p->ev[32].x, 500);
    _assert_near(p->ev[33].x, 780);
    assert_int_equal(p->frame[33], 195);
    test_free(p);
}

/* ------------------------------------------------------ scaling and time */

static void test_scaled_to_the_view(void **state)
{
    (void)state;
    /* Written for 1280x720, played in 640x360: everything halves. */
    played *p = _play_text("size 1280x720\n"
                           "0 mouse move 740 460\n"
                           "1 touch down 3 1280 0\n"
                           "2 mouse move 25% 100%\n",
                           640, 360);
    assert_int_equal(p->count, 3);
    _assert_near(p->ev[0].x, 370);
    _assert_near(p->ev[0].y, 230);
    _assert_near(p->ev[0].dx, 50); /* from the middle, 320 180 */
    _assert_near(p->ev[0].dy, 50);
    _assert_near(p->ev[1].x, 640);
    _assert_near(p->ev[2].x, 160);
    _assert_near(p->ev[2].y, 360);
    test_free(p);

    /* No size: pixels are the view's own. */
    p = _play_text("0 mouse move 740 460\n", 640, 360);
    _assert_near(p->ev[0].x, 740);
    test_free(p);
}

static void test_times_and_duration(void **state)
{
    (void)state;
    app_script s;
    _parse_ok("1 key w\n+0.5 key a\n", &s);
    assert_true(fabs(app_script_duration(&s) - 2.5) < 1e-9); /* last event + 1 s */
    app_script_free(&s);

    /* "+S" counts from the end of the previous line: a hold, a drag, a wait. */
    _parse_ok("1 key w hold 2\n+1 mouse drag 0 0 10 10 0.5\n+0 wait 2\n+1 key 1\n", &s);
    assert_true(fabs(app_script_duration(&s) - 8.5) < 1e-9);
    app_script_free(&s);

    _parse_ok("1 key w\n7.0 wait 2\n", &s);
    assert_true(fabs(app_script_duration(&s) - 9.0) < 1e-9); /* a final wait sets it */
    app_script_free(&s);

    /* end: the duration, and nothing after it is sent */
    _parse_ok("# a demo\n\n1 key w down\n1 mouse drag 0 0 100 0 5\n2 end # screenshot here\n", &s);
    assert_true(fabs(app_script_duration(&s) - 2.0) < 1e-9);
    played *p = test_calloc(1, sizeof *p);
    _play(&s, p);
    app_script_free(&s);
    assert_int_equal(p->ev[p->count - 1].type, PLAT_EV_MOUSE_MOVE); /* the drag never lets go */
    assert_true(p->frame[p->count - 1] <= 60);
    test_free(p);

    /* An empty script is one settling second. */
    _parse_ok("", &s);
    assert_true(fabs(app_script_duration(&s) - 1.0) < 1e-9);
    plat_event ev;
    assert_false(app_script_poll(&s, 10, &ev));
    app_script_free(&s);
}

/* ---------------------------------------------------------------- errors */

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    _expect_error("0 key w\n1.0 jump\n", "bad.vtscript:2:5:", "unknown command \"jump\"");
    _expect_error("1,5 key w\n", "bad.vtscript:1:1:", "\"1,5\" is not a number");
    _expect_error("0 mouse move 640 3x0\n", "bad.vtscript:1:18:", "\"3x0\" is not a number");
    _expect_error("\n\n0 key ctrl\n", "bad.vtscript:3:7:", "unknown key \"ctrl\"");
    _expect_error("2 key w\n1 key w\n", "bad.vtscript:2:1:", "before the previous line");
    _expect_error("0 mouse drag 1 2 3\n", "bad.vtscript:1:19:", "needs x0 y0 x1 y1");
    _expect_error("0 key\n", "bad.vtscript:1:6:", "needs a key name");
    _expect_error("0 tap 5\n", "bad.vtscript:1:8:", "needs x and y");
    _expect_error("key w\n", "bad.vtscript:1:1:", "missing time");
    _expect_error("0 key w sideways\n", "bad.vtscript:1:9:", "not down, up, press or hold");
    _expect_error("0 key w down now\n", "bad.vtscript:1:14:", "unexpected \"now\"");
    _expect_error("0 touch down 12 1 1\n", "bad.vtscript:1:14:", "finger");
    _expect_error("0 mouse fly\n", "bad.vtscript:1:9:", "unknown mouse action");
    _expect_error("0 key w\nsize 800x600\n", "bad.vtscript:2:1:", "size comes after events");
    _expect_error("size 800by600\n", "bad.vtscript:1:6:", "WIDTHxHEIGHT");
    _expect_error("1 end\n2 key w\n", "bad.vtscript:2:1:", "after end");
    _expect_error("0 wait -1\n", "bad.vtscript:1:8:", "not a number");
    _expect_error("0 key w hold 999999\n", "bad.vtscript:1:14:", "over a day");
    _expect_error("0 key \x01\xff\n", "bad.vtscript:1:7:", "unknown key \"??\"");
    /* A NUL inside a word is part of it, not its end. */
    static const char nul[] = "0 key w\0 down\n";
    app_script s;
    vt_error_msg err = { { 0 } };
    assert_int_equal(app_script_parse(nul, sizeof nul - 1, "nul", &s, &err), VT_ERR_MALFORMED);
    assert_string_equal(err.text, "nul:1:7: unknown key \"w?\" \xe2\x80\x94 names are lower case: w a s d up down left "
                                  "right 0-9 space tab enter backspace escape pageup pagedown home end f11 and letters "
                                  "f r l c u m s t p h i (docs/input-script.md)");
}

/* Bytes that are not a script never crash the parser (under ASan and UBSan
 * in the sanitizer build) and always give a result with a message. */
static void test_garbage_never_crashes(void **state)
{
    (void)state;
    static const char valid[] = "size 1280x720\n"
                                "0.0 key w down\n2.0 key w up\n+0.5 key 1\n"
                                "3.0 mouse move 640 360\n3.0 mouse down left 640 360\n"
                                "3.5 mouse drag 640 360 800 360 0.5\n4.0 click 640 500\n"
                                "4.0 double-click 640 500\n4.2 wheel 1 640 360\n"
                                "5.0 touch down 1 50% 50%\n5.0 tap 900 600\n"
                                "6.0 touch drag 1 600 400 700 400 0.5\n7.0 wait 2\n9.0 end\n";
    size_t n = sizeof valid - 1;
    /* every prefix, every line cut anywhere */
    for (size_t cut = 0; cut <= n; cut++) {
        app_script s;
        vt_error_msg err = { { 0 } };
        vt_result r = app_script_parse(valid, cut, "cut", &s, &err);
        if (r == VT_OK) {
            _play_briefly(&s);
            app_script_free(&s);
        } else {
            assert_int_equal(r, VT_ERR_MALFORMED);
            assert_true(strncmp(err.text, "cut:", 4) == 0);
        }
    }
    /* random bytes, and random bytes over the valid script's alphabet */
    srand(1234);
    char buf[600];
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)(rand() % (int)sizeof buf);
        if (round % 2) {
            for (size_t i = 0; i < len; i++)
                buf[i] = (char)(rand() & 0xff);
        } else {
            for (size_t i = 0; i < len; i++)
                buf[i] = valid[rand() % (int)n];
        }
        app_script s;
        vt_error_msg err = { { 0 } };
        vt_result r = app_script_parse(buf, len, "junk", &s, &err);
        if (r == VT_OK) {
            _play_briefly(&s);
            app_script_free(&s);
        } else {
            assert_int_equal(r, VT_ERR_MALFORMED);
            assert_true(strlen(err.text) > 6);
        }
    }
}

/* --------------------------------------------------------- determinism */

static bool _same_event(const plat_event *a, const plat_event *b)
{
    return a->type == b->type && a->key == b->key && a->repeat == b->repeat && a->button == b->button &&
           a->clicks == b->clicks && a->shift == b->shift && a->x == b->x && a->y == b->y && a->dx == b->dx &&
           a->dy == b->dy && a->wheel == b->wheel && a->finger == b->finger;
}

static void test_same_events_every_run(void **state)
{
    (void)state;
    app_script s;
    vt_error_msg err = { { 0 } };
    vt_result r = app_script_load(VT_SCRIPT_DATA "/every_event.vtscript", &s, &err);
    if (r != VT_OK)
        fail_msg("%s", err.text);
    app_script_set_step(&s, STEP);
    played *a = test_calloc(1, sizeof *a), *b = test_calloc(1, sizeof *b);
    _play(&s, a);
    app_script_rewind(&s);
    _play(&s, b);
    app_script_free(&s);
    assert_true(a->count > 100);
    assert_int_equal(a->count, b->count);
    for (int i = 0; i < a->count; i++) {
        assert_int_equal(a->frame[i], b->frame[i]);
        assert_true(_same_event(&a->ev[i], &b->ev[i]));
    }
    /* ...and a freshly loaded copy, too. */
    assert_int_equal(app_script_load(VT_SCRIPT_DATA "/every_event.vtscript", &s, &err), VT_OK);
    app_script_set_step(&s, STEP);
    _play(&s, b);
    app_script_free(&s);
    assert_int_equal(a->count, b->count);
    for (int i = 0; i < a->count; i++)
        assert_true(_same_event(&a->ev[i], &b->ev[i]));
    /* Every kind of event is in the example. */
    bool seen[PLAT_EV_RESIZE + 1] = { 0 };
    for (int i = 0; i < a->count; i++)
        seen[a->ev[i].type] = true;
    for (int t = PLAT_EV_QUIT; t < PLAT_EV_RESIZE; t++)
        assert_true(seen[t]);
    test_free(a);
    test_free(b);
}

static void test_load_failures(void **state)
{
    (void)state;
    app_script s;
    vt_error_msg err = { { 0 } };
    assert_int_equal(app_script_load(VT_SCRIPT_DATA "/no-such.vtscript", &s, &err), VT_ERR_NOT_FOUND);
    assert_non_null(strstr(err.text, "no-such.vtscript"));
    assert_int_equal(app_script_load(VT_SCRIPT_DATA "/bad_time.vtscript", &s, &err), VT_ERR_MALFORMED);
    assert_non_null(strstr(err.text, "bad_time.vtscript:4:1:"));
}

/* --------------------------------------------- a real consumer of events */

static const vt_aabb CUBE = { { -0.5f, -0.5f, -0.5f }, { 0.5f, 0.5f, 0.5f } };

/* Plays TEXT into the artefact inspector at VIEW_W x VIEW_H. */
static void _inspect_with(const char *text, int view_w, int view_h, cam_orbit *o)
{
    cam_orbit_init(o, &(cam_orbit_desc){ .bounds = CUBE, .aspect = (float)view_w / (float)view_h });
    app_inspect in;
    app_inspect_init(&in, o, NULL, RENDER_UNLIT, view_w, view_h);
    app_script s;
    _parse_ok(text, &s);
    app_script_set_view(&s, view_w, view_h);
    app_script_set_step(&s, STEP);
    int frames = (int)ceil(app_script_duration(&s) / STEP) + 1;
    for (int f = 0; f <= frames; f++) {
        plat_event ev;
        while (app_script_poll(&s, f * STEP, &ev))
            app_inspect_event(&in, &ev, f * STEP);
    }
    app_script_free(&s);
}

/* A scripted drag turns the artefact as far as one hand-made move of the
 * same length, at any window size; a scripted pinch zooms without turning
 * (both fingers lift after their last move). */
static void test_script_drives_the_inspector(void **state)
{
    (void)state;
    cam_orbit direct, scripted;
    cam_orbit_init(&direct, &(cam_orbit_desc){ .bounds = CUBE, .aspect = 1280.0f / 720.0f });
    cam_pose home = direct.goal;
    cam_orbit_rotate(&direct, 100, 0, 720);
    const char *drag = "size 1280x720\n1 mouse drag 640 360 740 360 0.5\n";
    _inspect_with(drag, 1280, 720, &scripted);
    assert_float_equal(scripted.goal.yaw, direct.goal.yaw, 1e-4);
    assert_true(fabsf(scripted.goal.yaw - home.yaw) > 0.1f);
    _inspect_with(drag, 640, 360, &scripted);
    assert_float_equal(scripted.goal.yaw, direct.goal.yaw, 1e-4);

    _inspect_with("size 1280x720\n"
                  "1 touch drag 1 600 360 500 360 0.5\n"
                  "1 touch drag 2 680 360 780 360 0.5\n",
                  1280, 720, &scripted);
    assert_true(scripted.goal.distance < home.distance * 0.8f);
    assert_float_equal(scripted.goal.yaw, home.yaw, 1e-5);
    assert_float_equal(scripted.goal.pitch, home.pitch, 1e-5);
}

/* ------------------------------------------------------- null platform */

static void test_null_platform_helpers(void **state)
{
    (void)state;
    vt_error_msg err = { { 0 } };
    assert_true(plat_init(&(plat_desc){ .width = 800, .height = 600 }, &err));
    assert_true(plat_null_key(PLAT_KEY_W, true, false));
    assert_true(plat_null_key(PLAT_KEY_W, true, true));
    assert_true(plat_null_key(PLAT_KEY_W, false, true));
    assert_true(plat_null_mouse_move(10, 20));
    assert_true(plat_null_mouse_move(15, 10));
    assert_true(plat_null_mouse_button(PLAT_BUTTON_LEFT, true, 2));
    assert_true(plat_null_touch(PLAT_EV_TOUCH_DOWN, 7, 100, 100));
    assert_true(plat_null_touch(PLAT_EV_TOUCH_MOVE, 7, 90, 130));
    assert_true(plat_null_resize(1024, 768));
    assert_int_equal(plat_null_pending(), 9);
    plat_event ev;
    assert_true(plat_poll(&ev));
    assert_int_equal(ev.type, PLAT_EV_KEY_DOWN);
    assert_false(ev.repeat);
    assert_true(plat_poll(&ev));
    assert_true(ev.repeat);
    assert_true(plat_poll(&ev));
    assert_int_equal(ev.type, PLAT_EV_KEY_UP);
    assert_false(ev.repeat); /* only presses repeat */
    assert_true(plat_poll(&ev));
    assert_true(plat_poll(&ev));
    _assert_near(ev.dx, 5);
    _assert_near(ev.dy, -10);
    assert_true(plat_poll(&ev));
    assert_int_equal(ev.clicks, 2);
    _assert_near(ev.x, 15);
    assert_true(plat_poll(&ev));
    assert_true(plat_poll(&ev));
    _assert_near(ev.dx, -10);
    _assert_near(ev.dy, 30);
    assert_true(plat_poll(&ev));
    assert_int_equal(ev.type, PLAT_EV_RESIZE);
    int w, h;
    plat_drawable_size(&w, &h);
    assert_int_equal(w, 1024);
    assert_false(plat_poll(&ev));
    plat_null_set_time(12.5);
    plat_null_advance(0.5);
    assert_true(plat_time() == 13.0);
    plat_set_relative_mouse(true);
    assert_true(plat_null_relative_mouse());
    plat_null_mouse_move(1, 1);
    plat_null_clear();
    assert_int_equal(plat_null_pending(), 0);
    plat_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_names_round_trip),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_mouse_move_carries_dx_dy),
        cmocka_unit_test(test_mouse_glide_one_move_per_step),
        cmocka_unit_test(test_click_and_double_click),
        cmocka_unit_test(test_drag),
        cmocka_unit_test(test_wheel),
        cmocka_unit_test(test_touch),
        cmocka_unit_test(test_pinch_lifts_together),
        cmocka_unit_test(test_scaled_to_the_view),
        cmocka_unit_test(test_times_and_duration),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_same_events_every_run),
        cmocka_unit_test(test_load_failures),
        cmocka_unit_test(test_script_drives_the_inspector),
        cmocka_unit_test(test_null_platform_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
