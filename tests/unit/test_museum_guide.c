#define _DEFAULT_SOURCE /* mkdtemp */
/* test_museum_guide: the audio guide's runtime (src/app/museum_guide.h) on
 * a real package built from tests/data/exhibitions/guide (vi, en, zh; one
 * recorded narration, the rest synthesised): captions at the right times,
 * narration that is heard and lasts as long as its captions, live language
 * switching resuming at the same sentence, the fallback chain, the keypad.
 * Skips (77) without espeak-ng, which narrates most of it. */
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

#include "app/museum_guide.h"
#include "import/exhibition_build.h"

typedef struct fixture {
    vt_blob bytes;
    vt_package pkg;
    exhibition ex;
    world world;
    audio_mixer *mixer;
    museum_guide guide;
} fixture;

static fixture _f;
static bool _built;

static int _setup_all(void **state)
{
    (void)state;
    if (system("espeak-ng --version >/dev/null 2>&1") != 0)
        return 0; /* each test skips */
    char cache[] = "/tmp/vt_test_guide_XXXXXX";
    assert_non_null(mkdtemp(cache));
    exhibition_diags d = { 0 };
    exhibition_build_report rep;
    vt_error_msg err = { { 0 } };
    vt_result r = exhibition_build(&(exhibition_build_desc){ .dir = VT_TEST_DATA_DIR "/exhibitions/guide",
                                                             .out_memory = &_f.bytes, .cache_dir = cache, .jobs = 2 },
                                   &d, &rep, &err);
    char rm[96];
    snprintf(rm, sizeof rm, "rm -rf %s", cache);
    assert_int_equal(system(rm), 0);
    if (r != VT_OK) {
        exhibition_print_diags(&d, NULL, stdout);
        printf("%s\n", err.text);
    }
    assert_int_equal(r, VT_OK);
    exhibition_diags_free(&d);
    assert_int_equal(pkg_open_memory(&_f.pkg, _f.bytes.data, _f.bytes.size, "guide.vitrine", &err), VT_OK);
    pkg_blob json = pkg_exhibition_json(&_f.pkg);
    assert_int_equal(exhibition_load_ex(&(exhibition_load_desc){ .json = (const char *)json.data,
                                                                 .json_len = (size_t)json.size },
                                        &_f.ex, NULL),
                     VT_OK);
    assert_int_equal(world_build(&_f.ex, NULL, &_f.world, &err), VT_OK);
    _built = true;
    return 0;
}

static int _teardown_all(void **state)
{
    (void)state;
    world_free(&_f.world);
    exhibition_free(&_f.ex);
    pkg_close(&_f.pkg);
    vt_blob_free(&_f.bytes);
    return 0;
}

static int _setup(void **state)
{
    (void)state;
    if (!_built)
        return 0;
    _f.mixer = audio_mixer_create(&(audio_mixer_desc){ 0 });
    assert_non_null(_f.mixer);
    museum_guide_init(&_f.guide, &_f.ex, &_f.world, &_f.pkg, _f.mixer, false, "vi");
    return 0;
}

static int _teardown(void **state)
{
    (void)state;
    if (!_built)
        return 0;
    museum_guide_free(&_f.guide);
    audio_mixer_destroy(_f.mixer);
    return 0;
}

#define SKIP_WITHOUT_ESPEAK()                                  \
    do {                                                       \
        if (!_built) {                                         \
            printf("SKIP: espeak-ng is not installed\n");      \
            skip();                                            \
        }                                                      \
    } while (0)

/* Renders SECONDS of the mixer; returns the RMS in dBFS. */
static double _play(double seconds)
{
    static float buf[2 * 4800];
    size_t frames = (size_t)llround(seconds * AUDIO_RATE);
    double sum = 0;
    size_t n = 0;
    while (frames > 0) {
        size_t k = frames < 4800 ? frames : 4800;
        audio_mixer_render(_f.mixer, buf, k);
        for (size_t i = 0; i < 2 * k; i++)
            sum += (double)buf[i] * buf[i];
        n += 2 * k;
        frames -= k;
    }
    return 10.0 * log10(sum / (double)(n ? n : 1) + 1e-20);
}

/* The recorded narration: captions from its .vtt at their times, and it is
 * heard. */
static void test_recorded_narration_and_captions(void **state)
{
    (void)state;
    SKIP_WITHOUT_ESPEAK();
    museum_guide *g = &_f.guide;
    int h = museum_guide_find(g, "drum-star");
    assert_true(museum_guide_open(g, h, 0));
    assert_string_equal(g->audio_lang, "vi");
    assert_int_equal(g->captions.count, 2);
    assert_true(g->duration > 2.5 && g->duration < 4.5);
    assert_null(museum_guide_caption(g)); /* 0.0 s: before the first cue (0.1) */
    assert_true(_play(0.5) > -40.0);       /* speech, not silence */
    assert_string_equal(museum_guide_caption(g), "Ngôi sao mặt trời.");
    _play(1.1); /* 1.6 s: the second cue */
    assert_string_equal(museum_guide_caption(g), "Mười bốn tia sáng.");
    assert_true(fabs(museum_guide_position(g) - 1.6) < 0.02);
    /* To the end: the voice ends, the position holds at the duration. */
    _play(g->duration);
    assert_true(fabs(museum_guide_position(g) - g->duration) < 1e-6);
}

/* Synthetic narration: one cue a sentence, inside the audio, heard. */
static void test_synthetic_narration(void **state)
{
    (void)state;
    SKIP_WITHOUT_ESPEAK();
    museum_guide *g = &_f.guide;
    museum_guide_set_lang(g, "en");
    assert_true(museum_guide_open(g, museum_guide_find(g, "drum-birds"), 0));
    assert_string_equal(g->audio_lang, "en");
    assert_true(g->captions.count >= 2); /* title, then the body's sentence */
    const media_cue *last = &g->captions.cues[g->captions.count - 1];
    assert_true(last->end <= g->duration + 1e-3 && last->end > 0.5 * g->duration);
    for (uint32_t i = 1; i < g->captions.count; i++)
        assert_true(g->captions.cues[i].start >= g->captions.cues[i - 1].end);
    const media_cue *first = &g->captions.cues[0];
    assert_true(_play(0.5 * (first->start + first->end)) > -40.0);
    assert_non_null(museum_guide_caption(g));
    assert_string_equal(museum_guide_caption(g), "Lac birds");
    /* Pause holds the position and silences it. */
    museum_guide_toggle_pause(g);
    _play(0.2); /* the pause's fade */
    double at = museum_guide_position(g);
    assert_true(_play(1.0) < -80.0);
    assert_true(fabs(museum_guide_position(g) - at) < 1e-6);
    museum_guide_toggle_pause(g);
    _play(0.5);
    assert_true(museum_guide_position(g) > at + 0.4);
}

/* Switching language mid-narration resumes at the same sentence. */
static void test_live_language_switch(void **state)
{
    (void)state;
    SKIP_WITHOUT_ESPEAK();
    museum_guide *g = &_f.guide;
    museum_guide_set_lang(g, "en");
    assert_true(museum_guide_open(g, museum_guide_find(g, "drum-birds"), 0));
    assert_true(g->captions.count >= 2);
    /* Into the second sentence. */
    double into = g->captions.cues[1].start + 0.3;
    _play(into);
    const char *caption = museum_guide_caption(g);
    assert_non_null(caption);
    char en_caption[256];
    snprintf(en_caption, sizeof en_caption, "%s", caption); /* the captions go with the language */
    museum_guide_set_lang(g, "zh");
    assert_string_equal(g->audio_lang, "zh");
    assert_string_equal(g->text_lang, "zh");
    assert_true(g->captions.count >= 2);
    _play(0.05);
    double pos = museum_guide_position(g);
    assert_true(fabs(pos - (g->captions.cues[1].start + 0.05)) < 0.05);
    assert_non_null(museum_guide_caption(g));
    assert_string_not_equal(museum_guide_caption(g), en_caption);
    assert_string_equal(museum_guide_caption(g), g->captions.cues[1].text);
    assert_string_equal(museum_guide_title(g, (size_t)museum_guide_find(g, "drum-birds")), "雒鸟");
}

/* A language the exhibition lacks falls back to English, and says so. */
static void test_fallback_chain(void **state)
{
    (void)state;
    SKIP_WITHOUT_ESPEAK();
    museum_guide *g = &_f.guide;
    museum_guide_set_lang(g, "fr");
    assert_true(museum_guide_open(g, museum_guide_find(g, "drum-star"), 0));
    assert_string_equal(g->text_lang, "en");
    assert_string_equal(g->audio_lang, "en");
    assert_string_equal(museum_guide_title(g, (size_t)museum_guide_find(g, "drum-star")), "The sun star");
    /* A hotspot with no body anywhere: empty, not another hotspot's. */
    assert_string_equal(museum_guide_body(g, (size_t)museum_guide_find(g, "vase-glaze")), "");
}

/* Stop numbers: digits then Enter open a stop; a lone digit left alone is
 * handed back as a viewpoint key. */
static void test_keypad(void **state)
{
    (void)state;
    SKIP_WITHOUT_ESPEAK();
    museum_guide *g = &_f.guide;
    assert_int_equal(museum_guide_keypad(g, 3, 10.0), -1);
    assert_int_equal(museum_guide_keypad_expired(g, 10.5), -1); /* not yet */
    assert_int_equal(museum_guide_keypad(g, -1, 10.6), museum_guide_find(g, "vase-glaze"));
    assert_int_equal(g->open, museum_guide_find(g, "vase-glaze"));
    assert_int_equal(museum_guide_keypad(g, 9, 20.0), -1);
    assert_int_equal(museum_guide_keypad(g, -1, 20.1), -1); /* no stop 9: nothing opens */
    assert_int_equal(museum_guide_keypad(g, 2, 30.0), -1);
    assert_int_equal(museum_guide_keypad_expired(g, 31.3), 2);
    assert_int_equal(museum_guide_keypad_expired(g, 32.0), -1); /* once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_recorded_narration_and_captions, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_synthetic_narration, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_live_language_switch, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_fallback_chain, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_keypad, _setup, _teardown),
    };
    return cmocka_run_group_tests(tests, _setup_all, _teardown_all);
}
