/* test_media: the packer's narration pipeline (src/media/): WebVTT read and
 * write, sentences, loudness (libebur128), Vorbis encoding checked by
 * decoding with stb_vorbis, WAV/Ogg decoding of hostile bytes, espeak-ng
 * narration (skipped with a message when espeak-ng is not installed), and
 * media_narration_build for each combination a curator can give.
 * Inputs are exact-size malloc'd copies, so ASan catches reads past the end.
 * Figures (loudness before/after, encode time, bytes per second) are
 * printed, never asserted on time. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, access */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "media/media_decode.h"
#include "media/media_loudness.h"
#include "media/media_narration.h"
#include "media/media_sentence.h"
#include "media/media_tts.h"
#include "media/media_vorbis_enc.h"
#include "media/media_vtt.h"

/* The runtime plays packaged narration with stb_vorbis (libstb): the
 * encoder's output must read back with it too. */
#define STB_VORBIS_HEADER_ONLY
#include <stb_vorbis.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char *VI_TEXT = "Trống đồng Đông Sơn là hiện vật quý. Mặt trống có hình ngôi sao mười hai cánh.";

/* ---- helpers -------------------------------------------------------------- */

static char *_copy(const void *p, size_t n)
{
    char *c = malloc(n ? n : 1);
    assert_non_null(c);
    if (n)
        memcpy(c, p, n);
    return c;
}

static vt_result _parse_n(vt_arena *a, const char *text, size_t n, media_captions *c, media_vtt_pos *where,
                          vt_error_msg *err)
{
    char *copy = _copy(text, n);
    vt_result r = media_vtt_parse(copy, n, "cap.vtt", a, c, where, err);
    free(copy); /* nothing may point into the source */
    return r;
}

/* True when TEXT fails at LINE:COLUMN with a message holding SUB and a fix;
 * prints what it got otherwise. */
static int _fails_at_n(const char *text, size_t n, uint32_t line, uint32_t column, const char *sub)
{
    vt_arena a = { 0 };
    media_captions c;
    media_vtt_pos where;
    vt_error_msg err = { { 0 } };
    vt_result r = _parse_n(&a, text, n, &c, &where, &err);
    vt_arena_free(&a);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "cap.vtt:%u:%u: ", line, column);
    if (r != VT_ERR_MALFORMED || where.line != line || where.column != column || !strstr(err.text, sub) ||
        strncmp(err.text, prefix, strlen(prefix)) != 0 || !strstr(err.text, "fix:")) {
        printf("  got %d at %u:%u \"%s\"\n  want %u:%u \"...%s...\"\n", r, where.line, where.column, err.text, line,
               column, sub);
        return 0;
    }
    return 1;
}

static int _fails_at(const char *text, uint32_t line, uint32_t column, const char *sub)
{
    return _fails_at_n(text, strlen(text), line, column, sub);
}

static double _now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A tone of AMP (linear peak) at FREQ Hz, the same in every channel. */
static float *_tone(double freq, double amp, int rate, double seconds, int channels, size_t *frames)
{
    *frames = (size_t)(rate * seconds);
    float *p = malloc(*frames * (size_t)channels * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < *frames; i++)
        for (int c = 0; c < channels; c++)
            p[i * (size_t)channels + (size_t)c] = (float)(amp * sin(2.0 * M_PI * freq * (double)i / rate));
    return p;
}

static double _rms(const float *p, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)p[i] * p[i];
    return n ? sqrt(s / (double)n) : 0.0;
}

/* Upward zero crossings per second of channel 0, skipping the first and
 * last 10% (codec ramps). */
static double _frequency(const float *p, size_t frames, int channels, int rate)
{
    size_t a = frames / 10, b = frames - frames / 10, ups = 0;
    for (size_t i = a + 1; i < b; i++)
        if (p[(i - 1) * (size_t)channels] < 0.0f && p[i * (size_t)channels] >= 0.0f)
            ups++;
    return (double)ups * rate / (double)(b - a);
}

/* A 16-bit PCM WAV file of PCM, malloc'd. */
static unsigned char *_wav16(const float *pcm, size_t frames, int channels, int rate, size_t *size)
{
    size_t data = frames * (size_t)channels * 2;
    *size = 44 + data;
    unsigned char *w = malloc(*size);
    assert_non_null(w);
    uint32_t v32;
    uint16_t v16;
#define PUT32(off, v) (v32 = (uint32_t)(v), w[off] = (unsigned char)v32, w[off + 1] = (unsigned char)(v32 >> 8), \
                       w[off + 2] = (unsigned char)(v32 >> 16), w[off + 3] = (unsigned char)(v32 >> 24))
#define PUT16(off, v) (v16 = (uint16_t)(v), w[off] = (unsigned char)v16, w[off + 1] = (unsigned char)(v16 >> 8))
    memcpy(w, "RIFF", 4);
    PUT32(4, 36 + data);
    memcpy(w + 8, "WAVEfmt ", 8);
    PUT32(16, 16);
    PUT16(20, 1);
    PUT16(22, channels);
    PUT32(24, rate);
    PUT32(28, rate * channels * 2);
    PUT16(32, channels * 2);
    PUT16(34, 16);
    memcpy(w + 36, "data", 4);
    PUT32(40, data);
    for (size_t i = 0; i < frames * (size_t)channels; i++) {
        float f = pcm[i] > 1.0f ? 1.0f : pcm[i] < -1.0f ? -1.0f : pcm[i];
        int s = (int)lrintf(f * 32767.0f);
        PUT16(44 + i * 2, (uint16_t)(int16_t)s);
    }
#undef PUT32
#undef PUT16
    return w;
}

static uint32_t _rng = 12345u;
static uint32_t _rand(void)
{
    _rng ^= _rng << 13;
    _rng ^= _rng >> 17;
    _rng ^= _rng << 5;
    return _rng;
}

/* espeak-ng on PATH? (the TTS tests skip with a message without it) */
static bool _have_espeak(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char dir[4096];
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n < sizeof dir - 16) {
            memcpy(dir, path, n);
            snprintf(dir + n, sizeof dir - n, "/espeak-ng");
            if (access(dir, X_OK) == 0)
                return true;
        }
        path += n;
        if (*path == ':')
            path++;
    }
    return false;
}

/* ---- WebVTT: valid files ----------------------------------------------------- */

static void test_vtt_valid(void **state)
{
    (void)state;
    const char *doc = "WEBVTT - Đông Sơn drum\n"
                      "Kind: captions\n"
                      "\n"
                      "STYLE\n"
                      "::cue { color: yellow }\n"
                      "\n"
                      "NOTE written by the curator\n"
                      "spanning two lines\n"
                      "\n"
                      "intro\n"
                      "00:01.000 --> 00:04.500 align:start position:10%\n"
                      "<v Guide>Trống đồng <i>Đông Sơn</i></v>\n"
                      "là hiện vật &amp; quý &lt;3\n"
                      "\n"
                      "\n"
                      "00:00:03.250 --> 00:00:07.000\n"
                      "<b>Mặt trống</b> có hình ngôi sao.\n"
                      "\n"
                      "01:02:03.004 --> 01:02:05.000\n"
                      "青铜鼓。\n";
    vt_arena a = { 0 };
    media_captions c;
    media_vtt_pos where;
    vt_error_msg err = { { 0 } };
    assert_int_equal(_parse_n(&a, doc, strlen(doc), &c, &where, &err), VT_OK);
    assert_int_equal(c.count, 3);
    assert_true(fabs(c.cues[0].start - 1.0) < 1e-9);
    assert_true(fabs(c.cues[0].end - 4.5) < 1e-9);
    assert_string_equal(c.cues[0].text, "Trống đồng Đông Sơn\nlà hiện vật & quý <3");
    assert_string_equal(c.cues[0].payload, "<v Guide>Trống đồng <i>Đông Sơn</i></v>\nlà hiện vật &amp; quý &lt;3");
    assert_string_equal(c.cues[0].voice, "Guide");
    assert_int_equal(c.cues[0].line, 11);
    /* Overlapping cues are fine. */
    assert_true(fabs(c.cues[1].start - 3.25) < 1e-9);
    assert_true(fabs(c.cues[1].end - 7.0) < 1e-9);
    assert_string_equal(c.cues[1].text, "Mặt trống có hình ngôi sao.");
    assert_null(c.cues[1].voice);
    assert_int_equal(c.cues[1].line, 16);
    assert_true(fabs(c.cues[2].start - 3723.004) < 1e-9);
    assert_string_equal(c.cues[2].text, "青铜鼓。");
    /* The viewer's lookup: overlapping, gaps, past the end. */
    assert_ptr_equal(media_captions_at(&c, 0.5), NULL);
    assert_ptr_equal(media_captions_at(&c, 2.0), &c.cues[0]);
    assert_ptr_equal(media_captions_at(&c, 4.0), &c.cues[1]);
    assert_ptr_equal(media_captions_at(&c, 5.0), &c.cues[1]);
    assert_ptr_equal(media_captions_at(&c, 100.0), NULL);
    assert_ptr_equal(media_captions_at(&c, 3724.0), &c.cues[2]);
    vt_arena_free(&a);

    /* Just the header: no cues, no error. */
    media_captions e;
    assert_int_equal(_parse_n(&a, "WEBVTT", 6, &e, NULL, &err), VT_OK);
    assert_int_equal(e.count, 0);
    vt_arena_free(&a);
}

/* A byte order mark, CRLF and lone CR line ends are accepted; positions
 * after a BOM do not count it. */
static void test_vtt_bom_crlf(void **state)
{
    (void)state;
    const char *crlf = "\xEF\xBB\xBFWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHello\r\nworld\r\n\r\n"
                       "00:00:02.000 --> 00:00:03.000\r\nAgain\r\n";
    vt_arena a = { 0 };
    media_captions c;
    vt_error_msg err = { { 0 } };
    assert_int_equal(_parse_n(&a, crlf, strlen(crlf), &c, NULL, &err), VT_OK);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.cues[0].text, "Hello\nworld");
    assert_int_equal(c.cues[1].line, 7);
    vt_arena_free(&a);

    const char *cr = "WEBVTT\r\r00:00:01.000 --> 00:00:02.000\rHello\r";
    assert_int_equal(_parse_n(&a, cr, strlen(cr), &c, NULL, &err), VT_OK);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.cues[0].text, "Hello");
    vt_arena_free(&a);

    assert_true(_fails_at("\xEF\xBB\xBFWEBVTT\r\n\r\n00:00:01.5 --> 00:00:02.000\r\nHi\r\n", 3, 1, "three digits"));
    assert_true(_fails_at("\xEF\xBB\xBF" "WEBVTT\r\n\r\nHi there\r\n", 3, 1, "timing line"));
    assert_true(_fails_at("\xEF\xBB\xBF" "WEBVTX\r\n", 1, 1, "WEBVTT header"));
    assert_true(_fails_at("\xEF\xBB\xBFWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHi \xFF\r\n", 4, 4,
                          "not UTF-8"));
}

/* ---- WebVTT: every class of error at the right line:column --------------------- */

static void test_vtt_errors(void **state)
{
    (void)state;
    /* Header. */
    assert_true(_fails_at_n("", 0, 1, 1, "WEBVTT header"));
    assert_true(_fails_at("WEBVT\n\n00:01.000 --> 00:02.000\nHi\n", 1, 1, "WEBVTT header"));
    assert_true(_fails_at("WEBVTTX\n", 1, 1, "WEBVTT header"));
    assert_true(_fails_at("1\n00:00:01,000 --> 00:00:02,000\nHi\n", 1, 1, "SRT"));
    assert_true(_fails_at("WEBVTT\n00:00:01.000 --> 00:00:02.000\nHi\n", 2, 1, "blank line"));
    /* Timestamps: the column is where the bad time starts, the fix the
     * time as it should be written. */
    assert_true(_fails_at("WEBVTT\n\n00:01.5 --> 00:02.000\nHi\n", 3, 1, "write 00:01.500"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:02.5\nHi\n", 3, 18, "write 00:02.500"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nHi\n", 3, 1, "SRT"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01 --> 00:00:02.000\nHi\n", 3, 1, "write 00:00:01.000"));
    assert_true(_fails_at("WEBVTT\n\n00:61.000 --> 00:62.000\nHi\n", 3, 1, "below 60"));
    assert_true(_fails_at("WEBVTT\n\nid\n00:00:01.000 --> soon\nHi\n", 4, 18, "end time"));
    /* End before start, at the end time. */
    assert_true(_fails_at("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nHi\n", 3, 18, "before it starts"));
    assert_true(_fails_at("WEBVTT\n\n00:00:05.000 --> 00:00:05.000\nHi\n", 3, 18, "when it starts"));
    /* Out of order, at the start time of the late cue. */
    assert_true(_fails_at("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nA\n\n"
                          "  00:00:04.000 --> 00:00:07.000\nB\n",
                          6, 3, "before the previous one (line 3"));
    /* Missing "-->": where the arrow should be, or at the timing line. */
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 00:00:02.000\nHi\n", 3, 14, "missing '-->'"));
    assert_true(_fails_at("WEBVTT\n\nintro\n00:00:01.000 00:00:02.000\nHi\n", 4, 14, "missing '-->'"));
    assert_true(_fails_at("WEBVTT\n\nJust some text\n", 3, 1, "timing line"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi\n", 3, 14, "'-->'"));
    /* Garbage bytes: the first bad byte, columns counted in characters. */
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nĐông\xC3\x28 Sơn\n", 4, 5, "not UTF-8"));
    assert_true(_fails_at_n("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\0B\n", 41, 4, 2, "NUL"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xED\xA0\x80\n", 4, 1, "not UTF-8")); /* surrogate */
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xC0\xAF\n", 4, 1, "not UTF-8")); /* overlong */
    /* Cue text problems. */
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n00:00:03.000 --> 00:00:04.000\nB\n", 5, 14,
                          "blank line"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nsao <i mười hai\n", 4, 5, "never closed"));
    assert_true(_fails_at("WEBVTT\n\n00:00:01.000 --> 00:00:02.000align:start\nA\n", 3, 30, "after the end time"));
}

/* ---- WebVTT: writer -> parser --------------------------------------------------- */

static void _same_cues(const media_captions *x, const media_captions *y)
{
    assert_int_equal(x->count, y->count);
    for (uint32_t i = 0; i < x->count; i++) {
        assert_true(fabs(x->cues[i].start - y->cues[i].start) < 0.0005);
        assert_true(fabs(x->cues[i].end - y->cues[i].end) < 0.0005);
        assert_string_equal(x->cues[i].text, y->cues[i].text);
        assert_string_equal(x->cues[i].payload, y->cues[i].payload);
    }
}

static void test_vtt_roundtrip(void **state)
{
    (void)state;
    const char *doc = "\xEF\xBB\xBFWEBVTT\r\n\r\nNOTE x\r\n\r\na\r\n00:01.000 --> 00:04.500 line:0\r\n"
                      "<v Guide>Trống <i>đồng</i> &amp; &#x1F941;\r\ntwo\r\n\r\n"
                      "00:00:03.250 --> 00:00:07.000\r\n\r\n"
                      "99:59:59.999 --> 100:00:00.000\r\nlast\r\n";
    vt_arena a = { 0 };
    media_captions c1, c2;
    vt_error_msg err = { { 0 } };
    assert_int_equal(_parse_n(&a, doc, strlen(doc), &c1, NULL, &err), VT_OK);
    assert_int_equal(c1.count, 3);
    assert_string_equal(c1.cues[0].text, "Trống đồng & \xF0\x9F\xA5\x81\ntwo");
    vt_blob out;
    assert_int_equal(media_vtt_write(&c1, &out), VT_OK);
    assert_int_equal(out.size, strlen((char *)out.data));
    assert_int_equal(_parse_n(&a, (char *)out.data, out.size, &c2, NULL, &err), VT_OK);
    _same_cues(&c1, &c2);
    /* Writing again gives the same bytes. */
    vt_blob out2;
    assert_int_equal(media_vtt_write(&c2, &out2), VT_OK);
    assert_int_equal(out.size, out2.size);
    assert_memory_equal(out.data, out2.data, out.size);
    vt_blob_free(&out);
    vt_blob_free(&out2);

    /* Cues made in code: text with what WebVTT would misread. */
    media_captions m = { 0 };
    assert_int_equal(media_captions_add(&m, &a, 0.0, 1.25, "A & B <i> --> C"), VT_OK);
    assert_int_equal(media_captions_add(&m, &a, 1.0, 2.0, "line one\r\n\r\n   \nline two  "), VT_OK);
    assert_int_equal(media_captions_add(&m, &a, 2.0, 2.0001, "tiny"), VT_OK);
    assert_string_equal(m.cues[1].text, "line one\nline two");
    assert_int_equal(media_vtt_write(&m, &out), VT_OK);
    media_captions back;
    assert_int_equal(_parse_n(&a, (char *)out.data, out.size, &back, NULL, &err), VT_OK);
    assert_int_equal(back.count, 3);
    assert_string_equal(back.cues[0].text, "A & B <i> --> C");
    assert_string_equal(back.cues[1].text, "line one\nline two");
    assert_true(back.cues[2].end > back.cues[2].start);
    vt_blob_free(&out);
    vt_arena_free(&a);
}

/* Random bytes and mutations of a valid file: an answer, never a crash. */
static void test_vtt_fuzz(void **state)
{
    (void)state;
    const char *seed = "WEBVTT\n\nNOTE n\n\nid\n00:01.000 --> 00:04.500 align:start\n<v A>x <i>y</i> &amp;\n\n"
                       "00:00:03.250 --> 00:00:07.000\nz\n";
    size_t n = strlen(seed);
    static const char alphabet[] = "WEBVT0123456789:.,-> \n\r<>&;iv\xC3\xA1\xFF";
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = n;
        char *buf = malloc(n + 256);
        assert_non_null(buf);
        memcpy(buf, seed, n);
        if (iter % 3 == 0) {
            len = _rand() % 200;
            for (size_t i = 0; i < len; i++)
                buf[i] = (char)(iter % 2 ? _rand() : (uint32_t)alphabet[_rand() % (sizeof alphabet - 1)]);
        } else {
            for (int k = 0; k < 1 + iter % 4; k++)
                buf[_rand() % n] = alphabet[_rand() % (sizeof alphabet - 1)];
        }
        char *exact = _copy(buf, len);
        free(buf);
        vt_arena a = { 0 };
        media_captions c;
        media_vtt_pos where;
        vt_error_msg err = { { 0 } };
        vt_result r = media_vtt_parse(exact, len, "fuzz.vtt", &a, &c, &where, &err);
        if (r == VT_OK) {
            for (uint32_t i = 0; i < c.count; i++) {
                assert_true(c.cues[i].end > c.cues[i].start);
                assert_true(i == 0 || c.cues[i].start >= c.cues[i - 1].start);
            }
            vt_blob out;
            assert_int_equal(media_vtt_write(&c, &out), VT_OK);
            media_captions back;
            assert_int_equal(media_vtt_parse((char *)out.data, out.size, "w", &a, &back, NULL, &err), VT_OK);
            assert_int_equal(back.count, c.count);
            vt_blob_free(&out);
        } else {
            assert_int_equal(r, VT_ERR_MALFORMED);
            assert_true(where.line >= 1 && where.column >= 1);
        }
        vt_arena_free(&a);
        free(exact);
    }
}

/* ---- sentences -------------------------------------------------------------------- */

static int _sentences_are(const char *text, int count, ...)
{
    media_span spans[16];
    size_t n = media_split_sentences(text, spans, 16);
    va_list ap;
    va_start(ap, count);
    int ok = (int)n == count;
    for (size_t i = 0; ok && i < n; i++) {
        const char *want = va_arg(ap, const char *);
        char got[1100];
        media_span_copy(text, spans[i], got, sizeof got);
        if (strcmp(got, want) != 0) {
            printf("  sentence %zu: \"%s\", want \"%s\"\n", i, got, want);
            ok = 0;
        }
    }
    va_end(ap);
    if ((int)n != count)
        printf("  %zu sentences in \"%s\", want %d\n", n, text, count);
    return ok;
}

static void test_sentences(void **state)
{
    (void)state;
    assert_true(_sentences_are(VI_TEXT, 2, "Trống đồng Đông Sơn là hiện vật quý.",
                               "Mặt trống có hình ngôi sao mười hai cánh."));
    assert_true(_sentences_are("Found in 1893 by Dr. Parmentier, H. Smith and others. Is it bronze?! Yes…  "
                               "It weighs 3.5 kg, e.g. the lid. \"Quoted.\" Next",
                               6, "Found in 1893 by Dr. Parmentier, H. Smith and others.", "Is it bronze?!", "Yes…",
                               "It weighs 3.5 kg, e.g. the lid.", "\"Quoted.\"", "Next"));
    assert_true(_sentences_are("青铜鼓是珍贵的文物。鼓面有太阳纹！对吗？", 3, "青铜鼓是珍贵的文物。", "鼓面有太阳纹！",
                               "对吗？"));
    assert_true(_sentences_are("A title without a stop\n\nThe body,\nwrapped over lines. End", 3,
                               "A title without a stop", "The body, wrapped over lines.", "End"));
    assert_true(_sentences_are("  ...  \n\n … ", 0));
    assert_true(_sentences_are("", 0));
    /* Long sentences are cut at a space, and nothing is lost. */
    char longtext[3000];
    size_t n = 0;
    while (n + 6 < sizeof longtext - 1) {
        memcpy(longtext + n, "word ", 5);
        n += 5;
    }
    longtext[n] = '\0';
    media_span spans[8];
    size_t count = media_split_sentences(longtext, spans, 8);
    assert_true(count >= 3);
    size_t chars = 0;
    for (size_t i = 0; i < count; i++) {
        assert_true(spans[i].len <= MEDIA_SENTENCE_MAX_BYTES);
        chars += media_span_chars(longtext, spans[i]) + 1;
    }
    assert_int_equal(chars, n);
}

/* ---- loudness ------------------------------------------------------------------------ */

/* BS.1770: a 997 Hz sine at 0 dBFS peak in one channel reads -3.01 LUFS. */
static void test_loudness_sine(void **state)
{
    (void)state;
    size_t frames;
    float *mono = _tone(997.0, pow(10.0, -20.0 / 20.0), 48000, 5.0, 1, &frames);
    media_loudness m;
    vt_error_msg err;
    assert_int_equal(media_loudness_measure(mono, frames, 1, 48000, &m, &err), VT_OK);
    printf("  997 Hz at -20 dBFS mono: %.2f LUFS, %.2f dBTP\n", m.integrated_lufs, m.true_peak_dbtp);
    assert_true(fabs(m.integrated_lufs - -23.01) < 0.5);
    assert_true(fabs(m.true_peak_dbtp - -20.0) < 0.5);
    free(mono);
    float *stereo = _tone(997.0, pow(10.0, -20.0 / 20.0), 44100, 5.0, 2, &frames);
    assert_int_equal(media_loudness_measure(stereo, frames, 2, 44100, &m, &err), VT_OK);
    printf("  997 Hz at -20 dBFS stereo: %.2f LUFS\n", m.integrated_lufs);
    assert_true(fabs(m.integrated_lufs - -20.0) < 0.5);
    free(stereo);
    /* A clip shorter than BS.1770's 400 ms block still has a loudness. */
    float *blip = _tone(997.0, pow(10.0, -20.0 / 20.0), 48000, 0.25, 1, &frames);
    assert_int_equal(media_loudness_measure(blip, frames, 1, 48000, &m, &err), VT_OK);
    assert_true(fabs(m.integrated_lufs - -23.01) < 0.5);
    free(blip);
}

static void _assert_normalised(const media_loudness_report *r, const float *pcm, size_t frames, int ch, int rate)
{
    media_loudness m;
    vt_error_msg err;
    assert_int_equal(media_loudness_measure(pcm, frames, ch, rate, &m, &err), VT_OK);
    assert_true(fabs(m.integrated_lufs - r->after.integrated_lufs) < 1e-6);
    assert_true(fabs(m.integrated_lufs - -16.0) <= 0.5);
    assert_true(m.true_peak_dbtp <= -1.0 + 1e-6);
}

static void test_loudness_normalise(void **state)
{
    (void)state;
    vt_error_msg err;
    /* A quiet tone: plain gain. */
    size_t frames;
    float *tone = _tone(440.0, 0.03, 48000, 4.0, 1, &frames);
    media_loudness_report r;
    assert_int_equal(media_loudness_normalise(tone, frames, 1, 48000, NULL, &r, &err), VT_OK);
    printf("  tone: %.2f -> %.2f LUFS, peak %.2f -> %.2f dBTP, gain %.2f dB\n", r.before.integrated_lufs,
           r.after.integrated_lufs, r.before.true_peak_dbtp, r.after.true_peak_dbtp, r.gain_db);
    assert_false(r.silent);
    assert_false(r.gain_capped);
    assert_false(r.limited);
    _assert_normalised(&r, tone, frames, 1, 48000);
    free(tone);

    /* Speech-like peaks: a low tone with loud clicks and bursts, which the
     * target gain would push far above 0 dBFS: the limiter must act. */
    frames = 48000 * 6;
    float *spiky = malloc(frames * 2 * sizeof *spiky);
    assert_non_null(spiky);
    for (size_t i = 0; i < frames; i++) {
        double t = (double)i / 48000;
        double v = 0.05 * sin(2 * M_PI * 220 * t) * (0.6 + 0.4 * sin(2 * M_PI * 3 * t));
        if (i % 12000 < 24)
            v += ((i / 12000) % 2 ? -0.9 : 0.9) * sin(M_PI * (double)(i % 12000) / 24);
        spiky[2 * i] = (float)v;
        spiky[2 * i + 1] = (float)(0.7 * v);
    }
    assert_int_equal(media_loudness_normalise(spiky, frames, 2, 48000, NULL, &r, &err), VT_OK);
    printf("  spiky: %.2f -> %.2f LUFS, peak %.2f -> %.2f dBTP, gain %.2f dB, limited %d\n",
           r.before.integrated_lufs, r.after.integrated_lufs, r.before.true_peak_dbtp, r.after.true_peak_dbtp,
           r.gain_db, r.limited);
    assert_true(r.limited);
    _assert_normalised(&r, spiky, frames, 2, 48000);
    free(spiky);

    /* A custom target and ceiling. */
    tone = _tone(1000.0, 0.5, 22050, 3.0, 1, &frames);
    media_loudness_desc d = { .target_lufs = -23.0, .ceiling_dbtp = -2.0 };
    assert_int_equal(media_loudness_normalise(tone, frames, 1, 22050, &d, &r, &err), VT_OK);
    assert_true(fabs(r.after.integrated_lufs - -23.0) < 0.5);
    assert_true(r.after.true_peak_dbtp <= -2.0 + 1e-6);
    free(tone);
}

/* Silence is not "normalised" into noise; a faint hiss gets at most the cap. */
static void test_loudness_silence(void **state)
{
    (void)state;
    vt_error_msg err;
    size_t frames = 48000 * 3;
    float *zero = calloc(frames, sizeof *zero);
    assert_non_null(zero);
    media_loudness_report r;
    assert_int_equal(media_loudness_normalise(zero, frames, 1, 48000, NULL, &r, &err), VT_OK);
    assert_true(r.silent);
    assert_true(r.gain_db == 0.0);
    assert_true(r.before.integrated_lufs <= MEDIA_LOUDNESS_SILENT);
    for (size_t i = 0; i < frames; i++)
        assert_true(zero[i] == 0.0f);
    free(zero);

    float *hiss = malloc(frames * sizeof *hiss);
    assert_non_null(hiss);
    for (size_t i = 0; i < frames; i++)
        hiss[i] = (float)(((double)(_rand() % 20001) / 10000.0 - 1.0) * 0.0015);
    assert_int_equal(media_loudness_normalise(hiss, frames, 1, 48000, NULL, &r, &err), VT_OK);
    printf("  hiss: %.2f -> %.2f LUFS, gain %.2f dB, capped %d\n", r.before.integrated_lufs,
           r.after.integrated_lufs, r.gain_db, r.gain_capped);
    assert_false(r.silent);
    assert_true(r.gain_capped);
    assert_true(r.gain_db <= MEDIA_LOUDNESS_MAX_GAIN_DB + 1e-9);
    assert_true(r.after.integrated_lufs < -30.0);
    free(hiss);
}

/* ---- Vorbis ------------------------------------------------------------------------------ */

static void _vorbis_roundtrip(int channels, int rate)
{
    size_t frames;
    float *tone = _tone(440.0, 0.5, rate, 2.0, channels, &frames);
    vt_blob a, b;
    vt_error_msg err;
    double t0 = _now();
    assert_int_equal(media_vorbis_encode(tone, frames, channels, rate, NULL, &a, &err), VT_OK);
    double t1 = _now();
    assert_int_equal(media_vorbis_encode(tone, frames, channels, rate, NULL, &b, &err), VT_OK);
    printf("  %d ch %d Hz: %zu bytes for 2 s (%.0f B/s), encoded in %.1f ms\n", channels, rate, a.size,
           a.size / 2.0, (t1 - t0) * 1000);
    assert_int_equal(a.size, b.size);
    assert_memory_equal(a.data, b.data, a.size);
    assert_memory_equal(a.data, "OggS", 4);

    /* stb_vorbis, as the runtime reads it. */
    int stb_err = 0;
    stb_vorbis *v = stb_vorbis_open_memory(a.data, (int)a.size, &stb_err, NULL);
    assert_non_null(v);
    assert_int_equal(stb_vorbis_get_info(v).channels, channels);
    assert_int_equal((int)stb_vorbis_get_info(v).sample_rate, rate);
    float *stb = malloc((frames + 8192) * (size_t)channels * sizeof *stb);
    assert_non_null(stb);
    size_t stb_frames = 0;
    int got;
    while (stb_frames + 4096 <= frames + 8192 &&
           (got = stb_vorbis_get_samples_float_interleaved(v, channels, stb + stb_frames * (size_t)channels,
                                                           4096 * channels)) > 0)
        stb_frames += (size_t)got;
    stb_vorbis_close(v);
    assert_true(stb_frames + 2048 >= frames && stb_frames <= frames + 2048);
    assert_true(fabs(_frequency(stb, stb_frames, channels, rate) - 440.0) < 3.0);
    assert_true(fabs(20 * log10(_rms(stb, stb_frames * (size_t)channels) / _rms(tone, frames * (size_t)channels))) <
                0.5);
    free(stb);

    /* And the packer's own decoder (libvorbis). */
    media_pcm back;
    assert_int_equal(media_decode(a.data, a.size, "tone.ogg", &back, &err), VT_OK);
    assert_int_equal(back.channels, channels);
    assert_int_equal(back.sample_rate, rate);
    printf("  decoded %zu frames of %zu\n", back.frames, frames);
    assert_true(back.frames + 2048 >= frames && back.frames <= frames + 2048);
    double f = _frequency(back.samples, back.frames, channels, rate);
    assert_true(fabs(f - 440.0) < 3.0);
    double rms_in = _rms(tone, frames * (size_t)channels);
    double rms_out = _rms(back.samples, back.frames * (size_t)channels);
    assert_true(fabs(20 * log10(rms_out / rms_in)) < 0.5);
    media_pcm_free(&back);

    /* A different serial changes the bytes but not the audio. */
    media_vorbis_desc d = { .serial = 42 };
    vt_blob c;
    assert_int_equal(media_vorbis_encode(tone, frames, channels, rate, &d, &c, &err), VT_OK);
    assert_true(c.size != a.size || memcmp(c.data, a.data, a.size) != 0);
    vt_blob_free(&a);
    vt_blob_free(&b);
    vt_blob_free(&c);
    free(tone);
}

static void test_vorbis(void **state)
{
    (void)state;
    _vorbis_roundtrip(1, 22050);
    _vorbis_roundtrip(2, 44100);
    vt_error_msg err;
    vt_blob out;
    float x[8] = { 0 };
    assert_int_equal(media_vorbis_encode(x, 1, 3, 44100, NULL, &out, &err), VT_ERR_UNSUPPORTED);
    /* Empty input still makes a valid (empty) stream. */
    assert_int_equal(media_vorbis_encode(x, 0, 1, 44100, NULL, &out, &err), VT_OK);
    vt_blob_free(&out);
}

/* ---- decoding ------------------------------------------------------------------------------- */

static void test_decode_wav(void **state)
{
    (void)state;
    size_t frames, size;
    float *tone = _tone(300.0, 0.25, 16000, 0.5, 2, &frames);
    unsigned char *w = _wav16(tone, frames, 2, 16000, &size);
    media_pcm p;
    vt_error_msg err;
    assert_int_equal(media_decode(w, size, "t.wav", &p, &err), VT_OK);
    assert_int_equal(p.frames, frames);
    assert_int_equal(p.channels, 2);
    assert_int_equal(p.sample_rate, 16000);
    for (size_t i = 0; i < frames * 2; i++)
        assert_true(fabsf(p.samples[i] - tone[i]) < 1.0f / 16000);
    media_pcm_free(&p);
    /* A streaming header (sizes 0xFFFFFFFF) as espeak-ng --stdout writes. */
    memset(w + 4, 0xFF, 4);
    memset(w + 40, 0xFF, 4);
    assert_int_equal(media_decode(w, size, "t.wav", &p, &err), VT_OK);
    assert_int_equal(p.frames, frames);
    media_pcm_free(&p);
    /* Truncated mid-sample: whole frames only. */
    assert_int_equal(media_decode(w, size - 3, "t.wav", &p, &err), VT_OK);
    assert_int_equal(p.frames, frames - 1);
    media_pcm_free(&p);
    /* 3 bits per sample: a clear refusal. */
    w[34] = 3;
    assert_int_equal(media_decode(w, size, "t.wav", &p, &err), VT_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.text, "t.wav"));
    free(w);
    free(tone);
    /* Not audio at all. */
    assert_int_equal(media_decode("ID3\x03", 4, "x.mp3", &p, &err), VT_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.text, "x.mp3"));
    assert_int_equal(media_decode("", 0, "e.wav", &p, &err), VT_ERR_EMPTY);
    /* Opus is recognised and refused with a fix. */
    unsigned char opus[80] = "OggS";
    memcpy(opus + 28, "OpusHead", 8);
    assert_int_equal(media_decode(opus, sizeof opus, "n.opus", &p, &err), VT_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.text, "Opus"));
}

/* Recomputes every Ogg page's CRC in BUF, so a corruption gets past the
 * container check and reaches the Vorbis decoder. */
static void _ogg_fix_crcs(unsigned char *buf, size_t len)
{
    size_t at = 0;
    while (at + 27 <= len && memcmp(buf + at, "OggS", 4) == 0) {
        size_t nseg = buf[at + 26], body = 0;
        if (at + 27 + nseg > len)
            return;
        for (size_t k = 0; k < nseg; k++)
            body += buf[at + 27 + k];
        size_t page = 27 + nseg + body;
        if (at + page > len)
            return;
        memset(buf + at + 22, 0, 4);
        uint32_t crc = 0;
        for (size_t i = 0; i < page; i++) {
            crc ^= (uint32_t)buf[at + i] << 24;
            for (int k = 0; k < 8; k++)
                crc = crc & 0x80000000u ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
        }
        for (int k = 0; k < 4; k++)
            buf[at + 22 + k] = (unsigned char)(crc >> (8 * k));
        at += page;
    }
}

/* Random bytes, and valid files with bytes flipped or cut short, given as
 * WAV or Ogg: an answer, never a crash (ASan build). */
static void test_decode_fuzz(void **state)
{
    (void)state;
    size_t frames, wav_size;
    float *tone = _tone(500.0, 0.4, 8000, 0.6, 1, &frames);
    unsigned char *wav = _wav16(tone, frames, 1, 8000, &wav_size);
    vt_blob ogg;
    vt_error_msg err;
    assert_int_equal(media_vorbis_encode(tone, frames, 1, 8000, NULL, &ogg, &err), VT_OK);
    free(tone);
    for (int iter = 0; iter < 1000; iter++) {
        size_t len;
        unsigned char *buf;
        int kind = iter % 5;
        if (kind == 0) { /* random bytes behind a real magic */
            len = 12 + _rand() % 4000;
            buf = malloc(len);
            assert_non_null(buf);
            for (size_t i = 0; i < len; i++)
                buf[i] = (unsigned char)_rand();
            memcpy(buf, iter % 8 ? "RIFF" : "OggS", 4);
            if (iter % 8)
                memcpy(buf + 8, "WAVE", 4);
        } else {
            const vt_blob src = kind == 1 ? (vt_blob){ wav, wav_size } : ogg;
            len = kind == 3 ? 1 + _rand() % src.size : src.size;
            buf = (unsigned char *)_copy(src.data, len);
            int flips = kind == 3 ? 0 : 1 + (int)(_rand() % 8);
            for (int k = 0; k < flips; k++)
                buf[_rand() % len] ^= (unsigned char)(1u << (_rand() % 8));
            if (kind == 4) /* past the page checksums, into the codec */
                _ogg_fix_crcs(buf, len);
        }
        media_pcm p;
        vt_result r = media_decode(buf, len, "fuzz", &p, &err);
        if (r == VT_OK) {
            assert_true(p.frames > 0 && p.channels >= 1 && p.channels <= MEDIA_MAX_CHANNELS);
            for (size_t i = 0; i < p.frames * (size_t)p.channels; i++)
                assert_true(p.samples[i] == p.samples[i]);
            media_pcm_free(&p);
        } else {
            assert_null(p.samples);
        }
        free(buf);
    }
    free(wav);
    vt_blob_free(&ogg);
}

/* ---- espeak-ng ------------------------------------------------------------------------------------- */

static void _check_tts(const char *lang, const char *text, size_t sentences, const char *voice)
{
    vt_arena a = { 0 };
    media_tts_out o;
    vt_error_msg err = { { 0 } };
    vt_result r = media_tts_synthesise(&(media_tts_desc){ .text = text, .lang = lang }, &a, &o, &err);
    if (r != VT_OK)
        printf("  %s: %s\n", lang, err.text);
    assert_int_equal(r, VT_OK);
    assert_string_equal(o.voice, voice);
    double seconds = media_pcm_seconds(&o.pcm);
    double rms = _rms(o.pcm.samples, o.pcm.frames);
    printf("  %s (%s): %.2f s at %d Hz, RMS %.3f, %u cues\n", lang, o.voice, seconds, o.pcm.sample_rate, rms,
           o.captions.count);
    assert_int_equal(o.pcm.channels, 1);
    assert_true(seconds >= 0.5 && seconds <= 20.0);
    assert_true(rms > 0.01);
    assert_int_equal(o.captions.count, sentences);
    for (uint32_t i = 0; i < o.captions.count; i++) {
        const media_cue *c = &o.captions.cues[i];
        printf("    %.3f-%.3f %s\n", c->start, c->end, c->text);
        assert_true(c->end > c->start + 0.2);
        assert_true(c->start >= 0.0 && c->end <= seconds + 1e-9);
        if (i > 0) /* increasing, not overlapping, the gap between them */
            assert_true(c->start >= o.captions.cues[i - 1].end + 0.29);
        /* Speech inside each cue's span. */
        size_t s0 = (size_t)(c->start * o.pcm.sample_rate), s1 = (size_t)(c->end * o.pcm.sample_rate);
        assert_true(_rms(o.pcm.samples + s0, s1 - s0) > 0.01);
    }
    assert_true(o.captions.cues[o.captions.count - 1].end > seconds - 0.05);
    /* Deterministic: the same text gives the same samples. */
    media_tts_out o2;
    assert_int_equal(media_tts_synthesise(&(media_tts_desc){ .text = text, .lang = lang }, &a, &o2, &err), VT_OK);
    assert_int_equal(o2.pcm.frames, o.pcm.frames);
    assert_memory_equal(o2.pcm.samples, o.pcm.samples, o.pcm.frames * sizeof(float));
    media_tts_out_free(&o);
    media_tts_out_free(&o2);
    vt_arena_free(&a);
}

static void test_tts(void **state)
{
    (void)state;
    if (!_have_espeak()) {
        printf("  SKIPPED: espeak-ng is not on PATH (apt install espeak-ng)\n");
        skip();
    }
    _check_tts("vi", VI_TEXT, 2, "vi");
    _check_tts("en-GB", "The Dong Son drum is a precious artefact. Its face shows a star with twelve rays.", 2,
               "en-gb");
    _check_tts("zh-Hans", "东山铜鼓是珍贵的文物。鼓面中央有一颗十二芒的星。", 2, "cmn");
    _check_tts("fr", "Le tambour de Dông Son est un objet précieux.", 1, "fr-fr");
}

static void test_tts_unsupported(void **state)
{
    (void)state;
    char v[32];
    assert_true(media_tts_voice("vi-VN", v, sizeof v) && strcmp(v, "vi") == 0);
    assert_true(media_tts_voice("zh_TW", v, sizeof v) && strcmp(v, "cmn") == 0);
    assert_true(media_tts_voice("zh-HK", v, sizeof v) && strcmp(v, "yue") == 0);
    assert_true(media_tts_voice("ko-KR", v, sizeof v) && strcmp(v, "ko") == 0);
    assert_true(media_tts_voice("ja", v, sizeof v) && strcmp(v, "ja") == 0);
    assert_true(media_tts_voice("de-AT", v, sizeof v) && strcmp(v, "de") == 0);
    assert_false(media_tts_voice("", v, sizeof v));
    assert_false(media_tts_voice("-v", v, sizeof v));
    assert_false(media_tts_voice("vi;rm -rf", v, sizeof v));
    assert_false(media_tts_voice("x-private", v, sizeof v));

    vt_arena a = { 0 };
    media_tts_out o;
    vt_error_msg err = { { 0 } };
    /* A tag that is no language: refused before any program runs. */
    assert_int_equal(media_tts_synthesise(&(media_tts_desc){ .text = "Hi.", .lang = "--help" }, &a, &o, &err),
                     VT_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.text, "language tag"));
    /* No such program. */
    assert_int_equal(media_tts_synthesise(&(media_tts_desc){ .text = "Hi.", .lang = "en",
                                                             .program = "/nonexistent/espeak-ng" },
                                          &a, &o, &err),
                     VT_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.text, "espeak-ng"));
    printf("  %s\n", err.text);
    assert_null(o.pcm.samples);
    /* Nothing to say. */
    assert_int_equal(media_tts_synthesise(&(media_tts_desc){ .text = " … ", .lang = "en" }, &a, &o, &err),
                     VT_ERR_EMPTY);
    if (_have_espeak()) {
        /* A well-formed tag espeak-ng has no voice for. */
        vt_result r = media_tts_synthesise(&(media_tts_desc){ .text = "Hello.", .lang = "qx-ZZ" }, &a, &o, &err);
        printf("  qx-ZZ: %s\n", err.text);
        assert_int_equal(r, VT_ERR_UNSUPPORTED);
        assert_non_null(strstr(err.text, "no voice"));
        /* Text that looks like options is spoken, not obeyed. */
        r = media_tts_synthesise(&(media_tts_desc){ .text = "-w /tmp/x --help. $(reboot)", .lang = "en" }, &a, &o,
                                 &err);
        assert_int_equal(r, VT_OK);
        assert_true(o.pcm.frames > 0);
        media_tts_out_free(&o);
    }
    vt_arena_free(&a);
}

/* ---- the narration entry point -------------------------------------------------------------------------- */

static void _assert_out_ok(const media_narration_out *o)
{
    media_pcm p;
    vt_error_msg err;
    assert_int_equal(media_decode(o->ogg.data, o->ogg.size, "out.ogg", &p, &err), VT_OK);
    assert_true(fabs(media_pcm_seconds(&p) - o->seconds) < 0.1);
    assert_int_equal(p.channels, o->channels);
    media_pcm_free(&p);
    vt_arena a = { 0 };
    media_captions c;
    assert_int_equal(media_vtt_parse((char *)o->captions.data, o->captions.size, "out.vtt", &a, &c, NULL, &err),
                     VT_OK);
    assert_int_equal(c.count, o->cues);
    for (uint32_t i = 0; i < c.count; i++)
        assert_true(c.cues[i].end <= o->seconds + 0.001);
    vt_arena_free(&a);
}

static void test_narration_tts(void **state)
{
    (void)state;
    if (!_have_espeak()) {
        printf("  SKIPPED: espeak-ng is not on PATH\n");
        skip();
    }
    media_narration_out o;
    vt_error_msg err = { { 0 } };
    double t0 = _now();
    vt_result r = media_narration_build(&(media_narration_desc){ .text = VI_TEXT, .lang = "vi" }, &o, &err);
    double t1 = _now();
    if (r != VT_OK)
        printf("  %s\n", err.text);
    assert_int_equal(r, VT_OK);
    assert_true(o.synthetic && o.captions_made);
    assert_string_equal(o.voice, "vi");
    assert_int_equal(o.cues, 2);
    printf("  vi TTS: %.2f s, %d Hz; loudness %.2f LUFS / %.2f dBTP -> %.2f LUFS / %.2f dBTP (gain %.2f dB, "
           "limited %d)\n",
           o.seconds, o.sample_rate, o.loudness.before.integrated_lufs, o.loudness.before.true_peak_dbtp,
           o.loudness.after.integrated_lufs, o.loudness.after.true_peak_dbtp, o.loudness.gain_db, o.loudness.limited);
    printf("  vi TTS: %zu Ogg bytes = %.0f bytes/s (%.1f kbit/s); whole build %.0f ms\n", o.ogg.size,
           o.ogg.size / o.seconds, o.ogg.size * 8 / o.seconds / 1000, (t1 - t0) * 1000);
    assert_true(fabs(o.loudness.after.integrated_lufs - -16.0) <= 0.5);
    assert_true(o.loudness.after.true_peak_dbtp <= -1.0);
    _assert_out_ok(&o);
    /* Deterministic package bytes. */
    media_narration_out o2;
    assert_int_equal(media_narration_build(&(media_narration_desc){ .text = VI_TEXT, .lang = "vi" }, &o2, &err), VT_OK);
    assert_int_equal(o2.ogg.size, o.ogg.size);
    assert_memory_equal(o2.ogg.data, o.ogg.data, o.ogg.size);
    assert_int_equal(o2.captions.size, o.captions.size);
    assert_memory_equal(o2.captions.data, o.captions.data, o.captions.size);
    media_narration_out_free(&o2);

    /* Encode time of the package's Vorbis for that narration alone. */
    media_pcm p;
    assert_int_equal(media_decode(o.ogg.data, o.ogg.size, "o.ogg", &p, &err), VT_OK);
    vt_blob enc;
    t0 = _now();
    assert_int_equal(media_vorbis_encode(p.samples, p.frames, p.channels, p.sample_rate, NULL, &enc, &err), VT_OK);
    t1 = _now();
    printf("  Vorbis encode of %.2f s: %.1f ms (%.0fx real time)\n", media_pcm_seconds(&p), (t1 - t0) * 1000,
           media_pcm_seconds(&p) / (t1 - t0));
    vt_blob_free(&enc);
    media_pcm_free(&p);
    media_narration_out_free(&o);

    /* An unknown language: a clean VT_ERR_UNSUPPORTED for the caller to warn. */
    r = media_narration_build(&(media_narration_desc){ .text = "Hello.", .lang = "qx" }, &o, &err);
    assert_int_equal(r, VT_ERR_UNSUPPORTED);
    assert_null(o.ogg.data);
}

/* A recording given as WAV: 3 s of tone between silences. */
static unsigned char *_recording(size_t *size, double *seconds)
{
    size_t frames;
    float *pcm = _tone(220.0, 0.1, 22050, 3.0, 1, &frames);
    for (size_t i = 0; i < frames / 6; i++)
        pcm[i] = pcm[frames - 1 - i] = 0.0f; /* 0.5 s of silence at each end */
    unsigned char *w = _wav16(pcm, frames, 1, 22050, size);
    *seconds = 3.0;
    free(pcm);
    return w;
}

static void test_narration_recorded(void **state)
{
    (void)state;
    size_t wav_size;
    double seconds;
    unsigned char *wav = _recording(&wav_size, &seconds);
    media_narration_out o;
    vt_error_msg err = { { 0 } };

    /* Audio + captions. */
    const char *vtt = "WEBVTT\n\n00:00.500 --> 00:01.500\nOne.\n\n00:01.500 --> 00:03.200\nTwo.\n";
    media_narration_desc d = { .text = "One. Two.", .lang = "en", .audio = wav, .audio_size = wav_size,
                               .audio_name = "drum.en.wav", .captions = vtt, .captions_size = strlen(vtt),
                               .captions_name = "drum.en.vtt" };
    assert_int_equal(media_narration_build(&d, &o, &err), VT_OK);
    assert_false(o.synthetic || o.captions_made);
    assert_int_equal(o.cues, 2);
    assert_true(fabs(o.seconds - seconds) < 0.001);
    assert_non_null(strstr((char *)o.captions.data, "00:00:01.500 --> 00:00:03.000")); /* clamped to the end */
    printf("  recorded: %.2f -> %.2f LUFS, %.2f dBTP; %zu bytes (%.0f B/s)\n", o.loudness.before.integrated_lufs,
           o.loudness.after.integrated_lufs, o.loudness.after.true_peak_dbtp, o.ogg.size, o.ogg.size / o.seconds);
    assert_true(fabs(o.loudness.after.integrated_lufs - -16.0) <= 0.5);
    _assert_out_ok(&o);
    media_narration_out_free(&o);

    /* Captions longer than the audio: an error at the cue's end time. */
    vtt = "WEBVTT\n\n00:00.500 --> 00:01.500\nOne.\n\n00:01.500 --> 00:04.000\nTwo.\n";
    d.captions = vtt;
    d.captions_size = strlen(vtt);
    assert_int_equal(media_narration_build(&d, &o, &err), VT_ERR_MALFORMED);
    printf("  %s\n", err.text);
    assert_true(strncmp(err.text, "drum.en.vtt:6:15: ", 18) == 0);
    assert_non_null(strstr(err.text, "drum.en.wav"));
    assert_null(o.ogg.data);

    /* Malformed captions: the parser's message, with its position. */
    vtt = "WEBVTT\n\n00:00.5 --> 00:01.500\nOne.\n";
    d.captions = vtt;
    d.captions_size = strlen(vtt);
    assert_int_equal(media_narration_build(&d, &o, &err), VT_ERR_MALFORMED);
    assert_true(strncmp(err.text, "drum.en.vtt:3:1: ", 17) == 0);

    /* Audio without captions: cues from the text over the spoken part,
     * in proportion to length, with a note. */
    d.captions = NULL;
    d.captions_size = 0;
    d.text = "Short one. This sentence is three times longer.";
    assert_int_equal(media_narration_build(&d, &o, &err), VT_OK);
    assert_true(o.captions_made);
    assert_false(o.synthetic);
    assert_int_equal(o.cues, 2);
    assert_non_null(strstr(o.note, "approximate"));
    printf("  note: %s\n%s", o.note, (char *)o.captions.data);
    vt_arena a = { 0 };
    media_captions c;
    assert_int_equal(media_vtt_parse((char *)o.captions.data, o.captions.size, "o", &a, &c, NULL, &err), VT_OK);
    assert_true(fabs(c.cues[0].start - 0.5) < 0.02);
    assert_true(fabs(c.cues[1].end - 2.5) < 0.02);
    double l0 = c.cues[0].end - c.cues[0].start, l1 = c.cues[1].end - c.cues[1].start;
    assert_true(l1 > 3.0 * l0 && l1 < 5.0 * l0);
    vt_arena_free(&a);
    media_narration_out_free(&o);

    /* Audio with neither captions nor text: no cues, a note. */
    d.text = NULL;
    assert_int_equal(media_narration_build(&d, &o, &err), VT_OK);
    assert_int_equal(o.cues, 0);
    assert_non_null(strstr(o.note, "no captions"));
    _assert_out_ok(&o);
    media_narration_out_free(&o);

    /* Captions with no audio: an error naming the captions. */
    vtt = "WEBVTT\n\n00:00.500 --> 00:01.500\nOne.\n";
    d = (media_narration_desc){ .text = "One.", .lang = "en", .captions = vtt, .captions_size = strlen(vtt),
                                .captions_name = "drum.en.vtt" };
    assert_int_equal(media_narration_build(&d, &o, &err), VT_ERR_MALFORMED);
    assert_non_null(strstr(err.text, "drum.en.vtt"));
    assert_non_null(strstr(err.text, "fix:"));

    /* Nothing at all. */
    d = (media_narration_desc){ .lang = "en" };
    assert_int_equal(media_narration_build(&d, &o, &err), VT_ERR_EMPTY);

    /* Random bytes as the audio: an error, never a crash. */
    unsigned char junk[512];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)_rand();
    memcpy(junk, "RIFF", 4);
    d = (media_narration_desc){ .text = "One.", .lang = "en", .audio = junk, .audio_size = sizeof junk,
                                .audio_name = "junk.wav" };
    assert_true(media_narration_build(&d, &o, &err) != VT_OK);
    assert_non_null(strstr(err.text, "junk.wav"));
    free(wav);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vtt_valid),
        cmocka_unit_test(test_vtt_bom_crlf),
        cmocka_unit_test(test_vtt_errors),
        cmocka_unit_test(test_vtt_roundtrip),
        cmocka_unit_test(test_vtt_fuzz),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_loudness_sine),
        cmocka_unit_test(test_loudness_normalise),
        cmocka_unit_test(test_loudness_silence),
        cmocka_unit_test(test_vorbis),
        cmocka_unit_test(test_decode_wav),
        cmocka_unit_test(test_decode_fuzz),
        cmocka_unit_test(test_tts),
        cmocka_unit_test(test_tts_unsupported),
        cmocka_unit_test(test_narration_tts),
        cmocka_unit_test(test_narration_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
