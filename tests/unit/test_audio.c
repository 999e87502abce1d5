/* test_audio: decoding (WAV, Ogg Vorbis), the mixer (resampling, fades,
 * ducking, seeking, looping, events, errors), the WAV writer and the null
 * platform's audio pull (src/audio/, src/platform/platform_null.c).
 *
 * Every test signal is made in memory: WAVs by hand, Ogg Vorbis through
 * libvorbisenc (linked by this test only; Vitrine decodes with stb_vorbis).
 * Each buffer is malloc'd at its exact size, so a sanitizer build catches a
 * read past the end. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vorbis/vorbisenc.h>

#include "audio/audio_decode.h"
#include "audio/audio_mixer.h"
#include "audio/audio_wav.h"
#include "base/file.h"
#include "base/log.h"
#include "platform/platform_null.h"

#define PI 3.14159265358979323846

/* ---- test signals ---------------------------------------------------- */

typedef enum wav_kind { WAV_U8, WAV_S16, WAV_S24, WAV_S32, WAV_F32, WAV_S16_EXT } wav_kind;

typedef double (*signal_fn)(int64_t frame, int channel, int rate);

/* Left 0.5, right 0.25, so a swapped or dropped channel shows. */
static double sig_sine440(int64_t i, int c, int rate)
{
    return (c ? 0.25 : 0.5) * sin(2 * PI * 440.0 * (double)i / rate);
}
static double sig_dc(int64_t i, int c, int rate) { return 1.0; }
static double sig_zero(int64_t i, int c, int rate) { return 0.0; }
static double sig_sine490(int64_t i, int c, int rate) { return 0.5 * sin(2 * PI * 490.0 * (double)i / rate); }
static double sig_sine480(int64_t i, int c, int rate) { return 0.5 * sin(2 * PI * 480.0 * (double)i / rate); }
static double sig_chirp(int64_t i, int c, int rate)
{
    double t = (double)i / rate;
    return 0.5 * sin(2 * PI * (200.0 * t + 150.0 * t * t));
}

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static int kind_bits(wav_kind k)
{
    return k == WAV_U8 ? 8 : k == WAV_S24 ? 24 : (k == WAV_S32 || k == WAV_F32) ? 32 : 16;
}

/* A WAV file of FRAMES frames of FN, in a buffer of exactly *SIZE bytes. */
static uint8_t *make_wav(wav_kind kind, int channels, int rate, int64_t frames, signal_fn fn, size_t *size)
{
    int bits = kind_bits(kind), bytes = bits / 8;
    bool ext = kind == WAV_S16_EXT;
    size_t fmt_size = ext ? 40 : 16;
    size_t data = (size_t)frames * (size_t)channels * (size_t)bytes;
    size_t total = 12 + 8 + fmt_size + 8 + data + (data & 1);
    uint8_t *w = calloc(1, total);
    assert_non_null(w);
    memcpy(w, "RIFF", 4);
    put32(w + 4, (uint32_t)(total - 8));
    memcpy(w + 8, "WAVEfmt ", 8);
    put32(w + 16, (uint32_t)fmt_size);
    uint8_t *f = w + 20;
    put16(f, ext ? 0xFFFE : kind == WAV_F32 ? 3 : 1);
    put16(f + 2, (uint32_t)channels);
    put32(f + 4, (uint32_t)rate);
    put32(f + 8, (uint32_t)(rate * channels * bytes));
    put16(f + 12, (uint32_t)(channels * bytes));
    put16(f + 14, (uint32_t)bits);
    if (ext) {
        put16(f + 16, 22);
        put16(f + 18, (uint32_t)bits);
        put32(f + 20, channels == 2 ? 3u : 4u);
        put16(f + 24, 1); /* KSDATAFORMAT_SUBTYPE_PCM's first two bytes */
        memcpy(f + 26, "\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71", 14);
    }
    uint8_t *d = f + fmt_size;
    memcpy(d, "data", 4);
    put32(d + 4, (uint32_t)data);
    uint8_t *p = d + 8;
    for (int64_t i = 0; i < frames; i++)
        for (int c = 0; c < channels; c++, p += bytes) {
            double x = fn(i, c, rate);
            switch (kind) {
            case WAV_U8: p[0] = (uint8_t)lrint(fmin(255, 128 + x * 128)); break;
            case WAV_S16:
            case WAV_S16_EXT: put16(p, (uint32_t)(uint16_t)(int16_t)lrint(fmin(32767, x * 32768))); break;
            case WAV_S24: {
                int32_t v = (int32_t)lrint(fmin(8388607, x * 8388608));
                p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16);
                break;
            }
            case WAV_S32: put32(p, (uint32_t)(int32_t)llrint(fmin(2147483647.0, x * 2147483648.0))); break;
            case WAV_F32: {
                float v = (float)x;
                uint32_t u;
                memcpy(&u, &v, 4);
                put32(p, u);
                break;
            }
            }
        }
    *size = total;
    return w;
}

typedef struct byte_buf {
    uint8_t *data;
    size_t size, cap;
} byte_buf;

static void buf_append(byte_buf *b, const void *p, size_t n)
{
    if (b->size + n > b->cap) {
        b->cap = (b->size + n) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->size, p, n);
    b->size += n;
}

static void ogg_drain(vorbis_dsp_state *vd, vorbis_block *vb, ogg_stream_state *os, byte_buf *out)
{
    ogg_packet op;
    ogg_page og;
    while (vorbis_analysis_blockout(vd, vb) == 1) {
        vorbis_analysis(vb, NULL);
        vorbis_bitrate_addblock(vb);
        while (vorbis_bitrate_flushpacket(vd, &op)) {
            ogg_stream_packetin(os, &op);
            while (ogg_stream_pageout(os, &og)) {
                buf_append(out, og.header, (size_t)og.header_len);
                buf_append(out, og.body, (size_t)og.body_len);
            }
        }
    }
}

/* An Ogg Vorbis file of FRAMES frames of FN, in a buffer of exactly *SIZE
 * bytes. */
static uint8_t *make_ogg(int channels, int rate, int64_t frames, signal_fn fn, size_t *size)
{
    vorbis_info vi;
    vorbis_info_init(&vi);
    assert_int_equal(vorbis_encode_init_vbr(&vi, channels, rate, 0.5f), 0);
    vorbis_comment vc;
    vorbis_comment_init(&vc);
    vorbis_dsp_state vd;
    vorbis_analysis_init(&vd, &vi);
    vorbis_block vb;
    vorbis_block_init(&vd, &vb);
    ogg_stream_state os;
    ogg_stream_init(&os, 1234);
    ogg_packet h0, h1, h2;
    vorbis_analysis_headerout(&vd, &vc, &h0, &h1, &h2);
    ogg_stream_packetin(&os, &h0);
    ogg_stream_packetin(&os, &h1);
    ogg_stream_packetin(&os, &h2);
    byte_buf out = { 0 };
    ogg_page og;
    while (ogg_stream_flush(&os, &og)) {
        buf_append(&out, og.header, (size_t)og.header_len);
        buf_append(&out, og.body, (size_t)og.body_len);
    }
    for (int64_t at = 0; at < frames; at += 1024) {
        int n = (int)(frames - at < 1024 ? frames - at : 1024);
        float **in = vorbis_analysis_buffer(&vd, n);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < channels; c++)
                in[c][i] = (float)fn(at + i, c, rate);
        vorbis_analysis_wrote(&vd, n);
        ogg_drain(&vd, &vb, &os, &out);
    }
    vorbis_analysis_wrote(&vd, 0);
    ogg_drain(&vd, &vb, &os, &out);
    while (ogg_stream_flush(&os, &og)) {
        buf_append(&out, og.header, (size_t)og.header_len);
        buf_append(&out, og.body, (size_t)og.body_len);
    }
    ogg_stream_clear(&os);
    vorbis_block_clear(&vb);
    vorbis_dsp_clear(&vd);
    vorbis_comment_clear(&vc);
    vorbis_info_clear(&vi);
    /* Exact size, so reading past the end is caught. */
    uint8_t *exact = malloc(out.size);
    assert_non_null(exact);
    memcpy(exact, out.data, out.size);
    free(out.data);
    *size = out.size;
    return exact;
}

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* ---- decoding ------------------------------------------------------ */

static void test_wav_formats(void **state)
{
    const struct {
        wav_kind kind;
        double tol;
    } kinds[] = { { WAV_U8, 1.0 / 128 + 1e-6 },     { WAV_S16, 1.0 / 32768 + 1e-7 },
                  { WAV_S24, 1.0 / 8388608 + 1e-7 }, { WAV_S32, 1e-7 },
                  { WAV_F32, 1e-7 },                 { WAV_S16_EXT, 1.0 / 32768 + 1e-7 } };
    const int rates[] = { 22050, 44100, 48000, 8000 };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (int channels = 1; channels <= 2; channels++) {
            int rate = rates[(k + (size_t)channels) % 4];
            int64_t frames = 1000 + (int64_t)k * 7;
            size_t size;
            uint8_t *w = make_wav(kinds[k].kind, channels, rate, frames, sig_sine440, &size);
            audio_source src;
            vt_error_msg err = { { 0 } };
            vt_result r = audio_source_open_memory(w, size, "tone.wav", &src, &err);
            if (r != VT_OK)
                printf("  kind %zu channels %d: %s\n", k, channels, err.text);
            assert_int_equal(r, VT_OK);
            assert_int_equal(src.channels, channels);
            assert_int_equal(src.rate, rate);
            assert_int_equal(src.frames, frames);
            assert_int_equal(src.bits, kind_bits(kinds[k].kind));
            assert_int_equal(src.codec, kinds[k].kind == WAV_F32 ? AUDIO_CODEC_WAV_FLOAT : AUDIO_CODEC_WAV_PCM);
            assert_true(fabs(audio_source_duration(&src) - (double)frames / rate) < 1e-12);
            audio_decoder d;
            assert_int_equal(audio_decoder_open(&d, &src, NULL, 0, NULL), VT_OK);
            float *out = malloc(sizeof(float) * 2 * (size_t)(frames + 10));
            /* Read in uneven pieces: the block boundaries must not matter. */
            size_t got = 0, n;
            while ((n = audio_decoder_read(&d, out + 2 * got, 37)) > 0)
                got += n;
            assert_int_equal(got, frames);
            assert_false(d.failed);
            double worst = 0;
            for (int64_t i = 0; i < frames; i++) {
                double l = sig_sine440(i, 0, rate), rr = channels == 2 ? sig_sine440(i, 1, rate) : l;
                worst = fmax(worst, fmax(fabs(out[2 * i] - l), fabs(out[2 * i + 1] - rr)));
            }
            if (worst > kinds[k].tol)
                printf("  kind %zu channels %d: worst error %g\n", k, channels, worst);
            assert_true(worst <= kinds[k].tol);
            /* Seek is sample-exact for WAV. */
            assert_true(audio_decoder_seek(&d, 500));
            assert_int_equal(audio_decoder_read(&d, out, 1), 1);
            assert_true(fabs(out[0] - sig_sine440(500, 0, rate)) <= kinds[k].tol);
            audio_decoder_close(&d);
            free(out);
            free(w);
        }
}

/* True when opening BYTES[0..SIZE) fails with R and a message naming the
 * file and containing SUB. */
static int fails_with(const uint8_t *bytes, size_t size, vt_result want, const char *sub)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (size)
        memcpy(copy, bytes, size);
    audio_source src;
    vt_error_msg err = { { 0 } };
    vt_result r = audio_source_open_memory(copy, size, "guide/vi/stop3.wav", &src, &err);
    free(copy);
    if (r != want || !strstr(err.text, "guide/vi/stop3.wav") || (sub && !strstr(err.text, sub))) {
        printf("  got %s \"%s\", want %s \"...%s...\"\n", vt_result_str(r), err.text, vt_result_str(want),
               sub ? sub : "");
        return 0;
    }
    return 1;
}

static void test_wav_malformed(void **state)
{
    size_t size;
    uint8_t *w = make_wav(WAV_S16, 2, 22050, 300, sig_sine440, &size);
    uint8_t *m = malloc(size);

    assert_true(fails_with(w, 0, VT_ERR_EMPTY, "empty"));
    /* Every strict prefix cuts the data chunk or something before it. */
    for (size_t n = 1; n < size; n++) {
        memcpy(m, w, size);
        if (!fails_with(m, n, VT_ERR_MALFORMED, NULL)) {
            printf("  prefix of %zu bytes\n", n);
            fail();
        }
    }
    assert_true(fails_with(w, size - 1, VT_ERR_MALFORMED, "truncated"));
#define MUTATE(stmt, want, sub)                                                                                    \
    do {                                                                                                           \
        memcpy(m, w, size);                                                                                        \
        stmt;                                                                                                      \
        if (!fails_with(m, size, want, sub)) {                                                                     \
            printf("  case: %s\n", #stmt);                                                                         \
            fail();                                                                                                \
        }                                                                                                          \
    } while (0)
    MUTATE(memcpy(m, "RIFX", 4), VT_ERR_UNSUPPORTED, "RIFX");
    MUTATE(memcpy(m, "JUNK", 4), VT_ERR_MALFORMED, "neither WAV");
    MUTATE(memcpy(m + 8, "AVI ", 4), VT_ERR_MALFORMED, "RIFF/WAVE");
    MUTATE(put32(m + 40, (uint32_t)(size - 44 + 1000)), VT_ERR_MALFORMED, "claims");   /* data size */
    MUTATE(put32(m + 24, 0), VT_ERR_MALFORMED, "sample rate is zero");
    MUTATE(put32(m + 24, 3), VT_ERR_MALFORMED, "absurd");
    MUTATE(put32(m + 24, 4000000000u), VT_ERR_MALFORMED, "absurd");
    MUTATE(put32(m + 24, 384000), VT_ERR_UNSUPPORTED, "384000");
    MUTATE(put16(m + 22, 0), VT_ERR_MALFORMED, "zero channels");
    MUTATE(put16(m + 22, 6), VT_ERR_UNSUPPORTED, "6 channels");
    MUTATE(put16(m + 20, 2), VT_ERR_UNSUPPORTED, "0x0002");  /* MS ADPCM */
    MUTATE(put16(m + 34, 12), VT_ERR_UNSUPPORTED, "12-bit");
    MUTATE(put16(m + 34, 0), VT_ERR_MALFORMED, "zero bits");
    MUTATE(put16(m + 32, 3), VT_ERR_MALFORMED, "block size");
    MUTATE(memcpy(m + 12, "fmx ", 4), VT_ERR_MALFORMED, "no 'fmt '");
    MUTATE(memcpy(m + 36, "dat_", 4), VT_ERR_MALFORMED, "no 'data'");
    MUTATE(put32(m + 40, 3), VT_ERR_MALFORMED, "no samples");
    MUTATE((put16(m + 20, 3), put16(m + 34, 64), put16(m + 32, 16)), VT_ERR_UNSUPPORTED, "64-bit float");
#undef MUTATE
    /* A short fmt chunk, correctly followed by the data chunk. */
    {
        uint8_t t[12 + 16 + 8 + 4] = "RIFF\x24\0\0\0WAVEfmt \x08\0\0\0";
        put16(t + 20, 1);
        put16(t + 22, 1);
        put32(t + 24, 8000);
        memcpy(t + 28, "data\x04\0\0\0", 8);
        assert_true(fails_with(t, sizeof t, VT_ERR_MALFORMED, "fewer than 16"));
        /* Unprintable chunk names are not copied into messages. */
        memcpy(t + 28, "\x01\xff\x80" "a\xff\0\0\0", 8);
        assert_true(fails_with(t, sizeof t, VT_ERR_MALFORMED, "chunk '\\x01\\xff\\x80a'"));
    }
    /* A RIFF size that lies (streaming recorders) is tolerated: the chunks
     * are checked against the real end. */
    memcpy(m, w, size);
    put32(m + 4, 0xFFFFFFFFu);
    audio_source src;
    assert_int_equal(audio_source_open_memory(m, size, "lying.wav", &src, NULL), VT_OK);
    assert_int_equal(src.frames, 300);
    free(m);
    free(w);
}

/* Opens BYTES and, if that works, decodes every frame: must never crash
 * (run under ASan) and must give finite samples within [-4, 4]. */
static void open_and_drain(const uint8_t *bytes, size_t size, int *opened)
{
    audio_source src;
    vt_error_msg err = { { 0 } };
    vt_result r = audio_source_open_memory(bytes, size, "fuzz", &src, &err);
    if (r != VT_OK) {
        assert_true(err.text[0] != 0 && strstr(err.text, "fuzz"));
        return;
    }
    (*opened)++;
    static unsigned char mem[1 << 19] __attribute__((aligned(16)));
    audio_decoder d;
    if (audio_decoder_open(&d, &src, mem, sizeof mem, NULL) != VT_OK)
        return;
    float out[2 * 512];
    size_t total = 0, n;
    while ((n = audio_decoder_read(&d, out, 512)) > 0) {
        for (size_t i = 0; i < 2 * n; i++)
            assert_true(isfinite(out[i]) && fabsf(out[i]) <= 4.0f);
        total += n;
        if (total > 10u * 1000 * 1000)
            break;
    }
    audio_decoder_seek(&d, src.frames / 3);
    audio_decoder_read(&d, out, 512);
    audio_decoder_close(&d);
}

static void test_random_bytes(void **state)
{
    size_t wsize;
    uint8_t *w = make_wav(WAV_S24, 2, 44100, 200, sig_sine440, &wsize);
    int opened = 0;
    for (int iter = 0; iter < 3000; iter++) {
        size_t size = rng() % 300;
        uint8_t *b = malloc(size ? size : 1);
        for (size_t i = 0; i < size; i++)
            b[i] = (uint8_t)rng();
        /* Some with a real magic, some with a valid header and noise after,
         * some a valid file with a few bytes flipped. */
        int mode = iter % 4;
        if (mode == 1 && size >= 4)
            memcpy(b, iter & 4 ? "OggS" : "RIFF", 4);
        if (mode == 2 && size >= 12)
            memcpy(b, "RIFF\x10\x00\x00\x00WAVE", 12);
        if (mode == 3) {
            free(b);
            size = wsize - (rng() % 2 ? rng() % 64 : 0);
            b = malloc(size);
            memcpy(b, w, size);
            for (int k = 0; k < 3; k++)
                b[rng() % 48] = (uint8_t)rng();
        }
        open_and_drain(b, size, &opened);
        free(b);
    }
    printf("  random inputs: %d of 3000 opened (mostly flipped but still valid WAVs)\n", opened);
    free(w);
}

static void test_vorbis_decode(void **state)
{
    for (int channels = 1; channels <= 2; channels++) {
        int rate = channels == 1 ? 22050 : 48000;
        int64_t frames = rate; /* one second */
        size_t size;
        uint8_t *ogg = make_ogg(channels, rate, frames, sig_sine440, &size);
        audio_source src;
        vt_error_msg err = { { 0 } };
        vt_result r = audio_source_open_memory(ogg, size, "tone.ogg", &src, &err);
        if (r != VT_OK)
            printf("  %s\n", err.text);
        assert_int_equal(r, VT_OK);
        assert_int_equal(src.codec, AUDIO_CODEC_VORBIS);
        assert_int_equal(src.channels, channels);
        assert_int_equal(src.rate, rate);
        assert_int_equal(src.frames, frames);
        assert_true(src.decoder_bytes > 0);
        printf("  %d ch %d Hz: %zu bytes of Ogg, decoder needs %zu bytes\n", channels, rate, size, src.decoder_bytes);

        /* Too little decoder memory is an error, not a crash. */
        static unsigned char small[4096] __attribute__((aligned(16)));
        audio_decoder d;
        assert_int_equal(audio_decoder_open(&d, &src, small, sizeof small, &err), VT_ERR_OUT_OF_MEMORY);
        assert_non_null(strstr(err.text, "tone.ogg"));

        /* Exactly what the source asks for is enough. */
        unsigned char *mem = malloc(src.decoder_bytes);
        r = audio_decoder_open(&d, &src, mem, src.decoder_bytes, &err);
        if (r != VT_OK)
            printf("  %s\n", err.text);
        assert_int_equal(r, VT_OK);
        float *out = malloc(sizeof(float) * 2 * (size_t)frames);
        size_t got = 0, n;
        while ((n = audio_decoder_read(&d, out + 2 * got, 301)) > 0)
            got += n;
        assert_false(d.failed);
        assert_int_equal(got, frames);
        /* Lossy, but a clean tone comes back close (skip the first block,
         * where the encoder's window starts). */
        double err2 = 0, sig2 = 0;
        for (int64_t i = 2048; i < frames - 2048; i++)
            for (int c = 0; c < 2; c++) {
                double want = sig_sine440(i, channels == 2 ? c : 0, rate);
                err2 += (out[2 * i + c] - want) * (out[2 * i + c] - want);
                sig2 += want * want;
            }
        double snr = 10 * log10(sig2 / err2);
        printf("  %d ch: signal to error %.1f dB\n", channels, snr);
        assert_true(snr > 20.0);
        if (channels == 1)
            for (int64_t i = 0; i < frames; i++)
                assert_true(out[2 * i] == out[2 * i + 1]);
        audio_decoder_close(&d);
        free(out);
        free(mem);
        free(ogg);
    }
}

static void test_vorbis_seek(void **state)
{
    const int rate = 44100;
    const int64_t frames = 3 * rate;
    size_t size;
    /* A chirp: every stretch is unlike every other, so a wrong landing
     * point cannot match by accident. */
    uint8_t *ogg = make_ogg(1, rate, frames, sig_chirp, &size);
    audio_source src;
    assert_int_equal(audio_source_open_memory(ogg, size, "seek.ogg", &src, NULL), VT_OK);
    unsigned char *mem = malloc(src.decoder_bytes);
    audio_decoder d;
    assert_int_equal(audio_decoder_open(&d, &src, mem, src.decoder_bytes, NULL), VT_OK);
    float *ref = malloc(sizeof(float) * 2 * (size_t)frames);
    assert_int_equal(audio_decoder_read(&d, ref, (size_t)frames), frames);

    const uint64_t targets[] = { 0, 1, 1000, 44100, 65537, 100000, 131000, (uint64_t)frames - 10 };
    float got[2 * 4096];
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        uint64_t at = targets[t];
        assert_true(audio_decoder_seek(&d, at));
        assert_int_equal(d.next, at);
        size_t n = audio_decoder_read(&d, got, 1024);
        assert_int_equal(n, at + 1024 <= (uint64_t)frames ? 1024 : (size_t)((uint64_t)frames - at));
        /* Where did it land? The offset whose decoded samples match best. */
        int best = 0;
        double best_err = 1e30;
        for (int off = -2048; off <= 2048; off++) {
            int64_t base = (int64_t)at + off;
            if (base < 0 || base + (int64_t)n > frames)
                continue;
            double e = 0;
            for (size_t i = 0; i < n; i++)
                e += fabs(got[2 * i] - ref[2 * (base + (int64_t)i)]);
            if (e < best_err)
                best_err = e, best = off;
        }
        if (best != 0 || best_err / (double)n > 1e-3)
            printf("  seek to %llu landed %+d frames off (mean error %g)\n", (unsigned long long)at, best,
                   best_err / (double)n);
        /* "Within one block": stb_vorbis is in fact sample-exact. */
        assert_true(abs(best) <= 1024);
        assert_true(best_err / (double)n < 1e-2);
    }
    audio_decoder_close(&d);
    free(ref);
    free(mem);
    free(ogg);
}

static void test_vorbis_malformed(void **state)
{
    size_t size;
    uint8_t *ogg = make_ogg(2, 44100, 44100 * 2, sig_chirp, &size);
    int opened = 0;
    /* Prefixes: headers cut short fail; a stream cut mid-audio either
     * fails to open or plays what is there. */
    for (size_t n = 0; n < size; n += n < 200 ? 1 : 97) {
        uint8_t *b = malloc(n ? n : 1);
        memcpy(b, ogg, n);
        open_and_drain(b, n, &opened);
        free(b);
    }
    /* Flipped bits anywhere, headers included: the page checksums catch
     * them before stb_vorbis sees them. */
    for (int iter = 0; iter < 300; iter++) {
        uint8_t *b = malloc(size);
        memcpy(b, ogg, size);
        for (int k = 0; k < 4; k++)
            b[rng() % size] ^= (uint8_t)(1u << (rng() % 8));
        assert_true(fails_with(b, size, VT_ERR_MALFORMED, NULL));
        free(b);
    }
    /* Damaged audio packets with checksums made right again (a bad encoder,
     * or damage before the checksums were computed): stb_vorbis decodes
     * what it can, and what comes out is never garbage. */
    size_t pages[64], page_count = 0;
    for (size_t pos = 0; pos < size && page_count < 64;) {
        size_t segs = ogg[pos + 26], body = 0;
        for (size_t i = 0; i < segs; i++)
            body += ogg[pos + 27 + i];
        pages[page_count++] = pos;
        pos += 27 + segs + body;
    }
    assert_true(page_count >= 4);
    int decoded = 0;
    for (int iter = 0; iter < 300; iter++) {
        uint8_t *b = malloc(size);
        memcpy(b, ogg, size);
        /* Pages 0 and 1 hold the headers; audio starts after. */
        size_t at = pages[2 + rng() % (page_count - 2)];
        ogg_page og = { .header = b + at, .header_len = 27 + b[at + 26] };
        og.body = og.header + og.header_len;
        for (long i = 0; i < og.header_len - 27; i++)
            og.body_len += og.header[27 + i];
        for (int k = 0; k < 1 + iter % 8; k++)
            og.body[rng() % (size_t)og.body_len] = (uint8_t)rng();
        ogg_page_checksum_set(&og);
        int before = opened;
        open_and_drain(b, size, &opened);
        decoded += opened > before;
        free(b);
    }
    printf("  damaged Ogg inputs opened: %d (%d with damaged audio decoded)\n", opened, decoded);
    assert_true(decoded > 0);
    /* Not Vorbis at all. */
    uint8_t opus[64] = "OggS";
    memcpy(opus + 28, "OpusHead", 8);
    assert_true(fails_with(opus, sizeof opus, VT_ERR_UNSUPPORTED, "Opus"));
    assert_true(fails_with((const uint8_t *)"OggS", 4, VT_ERR_MALFORMED, "truncated Ogg page"));
    free(ogg);
}

/* ---- mixer --------------------------------------------------------- */

typedef struct sound {
    uint8_t *bytes;
    size_t size;
    audio_source src;
} sound;

static sound wav_sound(wav_kind kind, int channels, int rate, int64_t frames, signal_fn fn, const char *name)
{
    sound s = { 0 };
    s.bytes = make_wav(kind, channels, rate, frames, fn, &s.size);
    assert_int_equal(audio_source_open_memory(s.bytes, s.size, name, &s.src, NULL), VT_OK);
    return s;
}

static sound ogg_sound(int channels, int rate, int64_t frames, signal_fn fn, const char *name)
{
    sound s = { 0 };
    s.bytes = make_ogg(channels, rate, frames, fn, &s.size);
    assert_int_equal(audio_source_open_memory(s.bytes, s.size, name, &s.src, NULL), VT_OK);
    return s;
}

static void sound_free(sound *s) { free(s->bytes); }

static float *render(audio_mixer *m, size_t frames)
{
    float *out = malloc(sizeof(float) * 2 * frames);
    assert_non_null(out);
    audio_mixer_render(m, out, frames);
    return out;
}

static double max_step(const float *out, size_t frames)
{
    double worst = 0;
    for (size_t i = 1; i < frames; i++)
        for (int c = 0; c < 2; c++)
            worst = fmax(worst, fabs(out[2 * i + c] - out[2 * (i - 1) + c]));
    return worst;
}

static void test_resample_440(void **state)
{
    /* espeak-ng's narration: 22.05 kHz mono. */
    sound s = wav_sound(WAV_S16, 1, 22050, 22050, sig_sine440, "espeak.wav");
    audio_mixer *m = audio_mixer_create(NULL);
    audio_voice v = audio_play(m, &s.src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
    assert_true(v.id != 0);
    float *out = render(m, 48000 + 480);
    audio_event ev;
    assert_true(audio_mixer_poll_event(m, &ev));
    assert_int_equal(ev.type, AUDIO_EV_ENDED);
    assert_int_equal(ev.voice.id, v.id);
    assert_int_equal(ev.role, AUDIO_ROLE_NARRATION);
    /* One second of sound is 48000 output frames. */
    assert_true(ev.at_frame >= 47999 && ev.at_frame <= 48001);
    assert_true(fabs(ev.position - 1.0) < 1e-9);
    /* 440 Hz: 880 zero crossings a second; measured between the first and
     * the last, the frequency comes out within a fraction of a hertz. */
    int crossings = 0;
    double first = -1, last = -1;
    for (int i = 1; i < 48000; i++) {
        float a = out[2 * (i - 1)], b = out[2 * i];
        if ((a < 0) != (b < 0)) {
            double t = (i - 1) + a / (a - b);
            if (first < 0)
                first = t;
            last = t;
            crossings++;
        }
    }
    double hz = (crossings - 1) / 2.0 / ((last - first) / 48000.0);
    printf("  22.05 kHz -> 48 kHz: %d crossings, %.3f Hz\n", crossings, hz);
    assert_true(crossings >= 878 && crossings <= 882);
    assert_true(fabs(hz - 440.0) < 0.2);
    /* Cubic interpolation keeps the shape: compare with the ideal tone
     * (past the 5 ms fade-in). */
    double worst = 0;
    for (int i = 480; i < 47000; i++)
        worst = fmax(worst, fabs(out[2 * i] - 0.5 * sin(2 * PI * 440.0 * i / 48000.0)));
    printf("  worst deviation from the ideal tone: %.5f\n", worst);
    assert_true(worst < 0.003);
    for (int i = 48001; i < 48480; i++)
        assert_true(out[2 * i] == 0.0f);
    free(out);
    audio_mixer_destroy(m);
    sound_free(&s);
}

static void test_position_exact(void **state)
{
    sound a = wav_sound(WAV_F32, 2, 48000, 96000, sig_sine440, "a.wav");
    sound b = wav_sound(WAV_S16, 1, 22050, 44100, sig_sine440, "b.wav");
    audio_mixer *m = audio_mixer_create(NULL);
    audio_voice va = audio_play(m, &a.src, NULL);
    audio_voice vb = audio_play(m, &b.src, &(audio_play_desc){ .start = 0.25 });
    float buf[2 * 1000];
    uint64_t total = 0;
    for (int k = 0; k < 40; k++) {
        size_t n = 1 + rng() % 1000;
        audio_mixer_render(m, buf, n);
        total += n;
        audio_voice_info ia, ib;
        assert_true(audio_voice_query(m, va, &ia));
        assert_true(audio_voice_query(m, vb, &ib));
        assert_int_equal(ia.frames_mixed, total);
        assert_int_equal(ib.frames_mixed, total);
        assert_true(fabs(ia.position - (double)total / 48000.0) < 1e-12);
        /* start rounds down to a source frame: 0.25 s is frame 5512.5 */
        assert_true(fabs(ib.position - (5512.0 / 22050.0 + (double)total / 48000.0)) < 1e-9);
        assert_true(fabs(ia.duration - 2.0) < 1e-12 && fabs(ib.duration - 2.0) < 1e-12);
    }
    assert_int_equal(audio_mixer_frames(m), total);
    /* Paused voices do not move. */
    audio_voice_pause(m, va, 0);
    audio_mixer_render(m, buf, 1000);
    audio_voice_info ia;
    assert_true(audio_voice_query(m, va, &ia));
    assert_int_equal(ia.state, AUDIO_VOICE_PAUSED);
    double held = ia.position;
    audio_mixer_render(m, buf, 1000);
    assert_true(audio_voice_query(m, va, &ia));
    assert_true(ia.position == held);
    assert_true(fabs(held - (double)(total + 240) / 48000.0) < 1e-12); /* moved through the 5 ms fade only */
    audio_mixer_destroy(m);
    sound_free(&a);
    sound_free(&b);
}

static void test_fades_without_steps(void **state)
{
    /* Full-scale DC: any jump in gain shows up as a jump in the output. */
    sound dc = wav_sound(WAV_F32, 2, 48000, 48000 * 4, sig_dc, "dc.wav");
    audio_mixer *m = audio_mixer_create(NULL);
    const double bound = 1.0 / 240.0 + 1e-5; /* 0 -> 1 over the shortest ramp (5 ms) */
    size_t total = 0;
    float *all = malloc(sizeof(float) * 2 * 48000 * 4);
#define RENDER(n)                                                                                                  \
    do {                                                                                                           \
        audio_mixer_render(m, all + 2 * total, (n));                                                               \
        total += (n);                                                                                              \
    } while (0)
    audio_voice v = audio_play(m, &dc.src, &(audio_play_desc){ .fade_in_ms = 0 }); /* still de-clicked */
    RENDER(1000);
    assert_true(all[0] > 0.0f && all[0] <= bound);
    audio_voice_set_volume(m, v, 0.3f, 0);
    RENDER(1000);
    audio_voice_pause(m, v, 0);
    RENDER(500);
    audio_voice_resume(m, v, 0);
    RENDER(100);
    audio_voice_seek(m, v, 2.5); /* mid fade-in */
    RENDER(1000);
    audio_mixer_set_master(m, 0.2f);
    audio_voice_set_volume(m, v, 1.0f, 10);
    RENDER(2000);
    audio_mixer_set_master(m, 1.0f);
    audio_voice_pause(m, v, 50);
    RENDER(30);
    audio_voice_resume(m, v, 20); /* reverses the fade where it stands */
    RENDER(3000);
    audio_voice_stop(m, v, 0);
    RENDER(1000);
    double worst = max_step(all, total);
    printf("  largest step between samples: %.6f (bound %.6f)\n", worst, bound);
    assert_true(worst <= bound);
    /* Stopped: silence, and an event. */
    for (size_t i = total - 500; i < total; i++)
        assert_true(all[2 * i] == 0.0f);
    audio_event ev;
    assert_true(audio_mixer_poll_event(m, &ev));
    assert_int_equal(ev.type, AUDIO_EV_STOPPED);
    assert_false(audio_mixer_poll_event(m, &ev));
    /* A 100 ms fade-in rises linearly over 4800 frames. */
    v = audio_play(m, &dc.src, &(audio_play_desc){ .fade_in_ms = 100, .volume = 0.5f });
    float *f = render(m, 6000);
    assert_true(fabs(f[2 * 2399] - 0.25) < 1e-3);
    assert_true(fabs(f[2 * 4799] - 0.5) < 1e-6 && fabs(f[2 * 5999] - 0.5) < 1e-6);
    free(f);
#undef RENDER
    free(all);
    audio_mixer_destroy(m);
    sound_free(&dc);
}

/* RMS of channel 0 over [from, from + n). */
static double rms(const float *out, size_t from, size_t n)
{
    double s = 0;
    for (size_t i = from; i < from + n; i++)
        s += (double)out[2 * i] * out[2 * i];
    return sqrt(s / (double)n);
}

static void test_ducking(void **state)
{
    sound room = wav_sound(WAV_F32, 2, 48000, 4800, sig_dc, "room.wav");
    /* Silent narration, so the output is the ambient voice alone. */
    sound talk = wav_sound(WAV_S16, 1, 22050, 22050, sig_zero, "talk.wav");
    audio_mixer *m = audio_mixer_create(NULL);
    audio_play(m, &room.src, &(audio_play_desc){ .role = AUDIO_ROLE_AMBIENT, .loop = true });
    float *before = render(m, 4800);
    assert_true(fabs(before[2 * 4799] - 1.0) < 1e-6);
    audio_play(m, &talk.src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
    float *during = render(m, 48000 + 48000); /* 1 s of narration, then 1 s after */
    double duck = pow(10.0, -12.0 / 20.0);
    /* Attack: 150 ms, linear in dB: half way (-6 dB) at 75 ms. */
    assert_true(fabs(during[2 * 3600] - pow(10.0, -6.0 / 20.0)) < 0.01);
    assert_true(fabs(during[2 * 7200] - duck) < 0.005);
    assert_true(fabs(rms(during, 9600, 38000) - duck) < 0.002);
    /* Release: 600 ms after the narration ends at frame 48000. */
    assert_true(fabs(during[2 * (48000 + 14400)] - pow(10.0, -6.0 / 20.0)) < 0.01);
    assert_true(during[2 * (48000 + 14400)] < 0.9);
    assert_true(fabs(during[2 * (48000 + 29000)] - 1.0) < 1e-6);
    /* Monotonic both ways, and never a step. */
    for (int i = 1; i < 7200; i++)
        assert_true(during[2 * i] <= during[2 * (i - 1)] + 1e-7);
    for (int i = 48001; i < 48000 + 28800; i++)
        assert_true(during[2 * i] >= during[2 * (i - 1)] - 1e-7);
    assert_true(max_step(during, 96000) < 1e-3);
    /* A paused narration releases the duck; effects never duck. */
    audio_voice t2 = audio_play(m, &talk.src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
    float *x = render(m, 9600);
    assert_true(fabs(x[2 * 9599] - duck) < 0.005);
    audio_voice_pause(m, t2, 0);
    float *y = render(m, 48000);
    assert_true(fabs(y[2 * 47999] - 1.0) < 1e-6);
    audio_voice_stop(m, t2, 0);
    audio_play(m, &talk.src, &(audio_play_desc){ .role = AUDIO_ROLE_EFFECT });
    float *z = render(m, 9600);
    assert_true(fabs(z[2 * 9599] - 1.0) < 1e-6);
    free(before);
    free(during);
    free(x);
    free(y);
    free(z);
    audio_mixer_destroy(m);
    sound_free(&room);
    sound_free(&talk);
}

static void test_loop_seamless(void **state)
{
    /* 48 kHz: 4800 frames hold exactly 48 periods of 480 Hz; looped, the
     * output is the endless tone, sample for sample. */
    sound a = wav_sound(WAV_F32, 1, 48000, 4800, sig_sine480, "loop48.wav");
    audio_mixer *m = audio_mixer_create(NULL);
    audio_voice v = audio_play(m, &a.src, &(audio_play_desc){ .loop = true, .role = AUDIO_ROLE_AMBIENT });
    float *out = render(m, 4800 * 5);
    double worst = 0;
    for (int i = 240; i < 4800 * 5; i++)
        worst = fmax(worst, fabs(out[2 * i] - sig_sine480(i, 0, 48000)));
    assert_true(worst < 1e-6);
    audio_voice_info info;
    assert_true(audio_voice_query(m, v, &info));
    assert_int_equal(info.state, AUDIO_VOICE_PLAYING);
    assert_true(info.position < 0.1 + 1e-9);
    assert_int_equal(info.frames_mixed, 4800 * 5);
    audio_event ev;
    assert_false(audio_mixer_poll_event(m, &ev));
    /* Turning the loop off lets it end at the next pass. */
    audio_voice_set_loop(m, v, false);
    free(out);
    out = render(m, 4800 + 10);
    assert_true(audio_mixer_poll_event(m, &ev));
    assert_int_equal(ev.type, AUDIO_EV_ENDED);
    free(out);

    /* Resampled: 490 Hz at 22.05 kHz, 45 frames a period, 2205 frames = 49
     * periods; the interpolation runs across the seam as anywhere else. */
    sound b = wav_sound(WAV_F32, 1, 22050, 2205, sig_sine490, "loop22.wav");
    v = audio_play(m, &b.src, &(audio_play_desc){ .loop = true });
    out = render(m, 48000);
    worst = 0;
    for (int i = 240; i < 48000; i++)
        worst = fmax(worst, fabs(out[2 * i] - 0.5 * sin(2 * PI * 490.0 * i / 48000.0)));
    printf("  resampled loop: worst deviation %.5f over 10 seams\n", worst);
    assert_true(worst < 0.002);
    free(out);
    /* Also seamless in Vorbis (the decoder seeks back to the start). */
    audio_mixer_stop_role(m, AUDIO_ROLE_EFFECT, 0);
    sound c = ogg_sound(1, 48000, 4800, sig_sine480, "loop.ogg");
    audio_play(m, &c.src, &(audio_play_desc){ .loop = true });
    out = render(m, 4800 * 4 + 240);
    worst = 0;
    for (int i = 4800 * 2 - 200; i < 4800 * 2 + 200; i++) /* the second seam, past the stopped voice */
        worst = fmax(worst, fabs(out[2 * i] - out[2 * (i - 4800)]));
    printf("  Vorbis loop: seam matches the previous pass within %.6f\n", worst);
    assert_true(worst < 1e-5);
    free(out);
    audio_mixer_destroy(m);
    sound_free(&a);
    sound_free(&b);
    sound_free(&c);
}

static void test_seek_in_mixer(void **state)
{
    sound w = wav_sound(WAV_S16, 2, 44100, 44100 * 3, sig_sine440, "w.wav");
    sound o = ogg_sound(2, 44100, 44100 * 3, sig_sine440, "o.ogg");
    sound *sounds[] = { &w, &o };
    for (int k = 0; k < 2; k++) {
        audio_mixer *m = audio_mixer_create(NULL);
        audio_voice v = audio_play(m, &sounds[k]->src, NULL);
        float *out = render(m, 4800);
        free(out);
        audio_voice_seek(m, v, 2.0);
        audio_voice_info info;
        assert_true(audio_voice_query(m, v, &info));
        assert_true(fabs(info.position - 2.0) < 1e-9); /* the target at once */
        out = render(m, 4800);
        assert_true(audio_voice_query(m, v, &info));
        /* 240 frames fade out at the old place, then 4560 from 2.0 s. */
        double want = 2.0 + (4800 - 240) / 48000.0;
        assert_true(fabs(info.position - want) < 1e-3);
        assert_true(max_step(out, 4800) < 0.08); /* a 440 Hz tone at 0.5 moves at most 0.029 a frame */
        free(out);
        /* Seeking past the end ends it; a paused voice seeks silently. */
        audio_voice_pause(m, v, 0);
        free(render(m, 480));
        audio_voice_seek(m, v, 1.0);
        assert_true(audio_voice_query(m, v, &info));
        assert_true(info.position == 1.0);
        audio_voice_resume(m, v, 0);
        audio_voice_seek(m, v, 99.0);
        free(render(m, 4800));
        audio_event ev;
        assert_true(audio_mixer_poll_event(m, &ev));
        assert_int_equal(ev.type, AUDIO_EV_ENDED);
        assert_true(fabs(ev.position - 3.0) < 1e-9);
        audio_mixer_destroy(m);
    }
    sound_free(&w);
    sound_free(&o);
}

static void test_handles_and_events(void **state)
{
    sound s = wav_sound(WAV_S16, 1, 48000, 480, sig_sine440, "blip.wav");
    audio_mixer *m = audio_mixer_create(&(audio_mixer_desc){ .voices = 2 });
    audio_voice a = audio_play(m, &s.src, NULL);
    audio_voice b = audio_play(m, &s.src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
    assert_true(a.id && b.id && a.id != b.id);
    vt_log_set_level(VT_LOG_ERROR); /* the "all voices busy" warning is expected */
    audio_voice c = audio_play(m, &s.src, NULL);
    vt_log_set_level(VT_LOG_WARN);
    assert_int_equal(c.id, 0);
    free(render(m, 1000));
    audio_event ev;
    int ended = 0;
    while (audio_mixer_poll_event(m, &ev)) {
        assert_int_equal(ev.type, AUDIO_EV_ENDED);
        assert_true(ev.voice.id == a.id || ev.voice.id == b.id);
        assert_int_equal(ev.at_frame, 480);
        ended++;
    }
    assert_int_equal(ended, 2);
    /* Stale handles answer false and change nothing. */
    audio_voice_info info;
    assert_false(audio_voice_query(m, a, &info));
    assert_int_equal(info.state, AUDIO_VOICE_FREE);
    audio_voice_stop(m, a, 0);
    audio_voice_seek(m, a, 0.1);
    audio_voice_set_volume(m, a, 0.5f, 0);
    audio_voice d = audio_play(m, &s.src, &(audio_play_desc){ .paused = true });
    assert_true(d.id != 0 && d.id != a.id && d.id != b.id);
    assert_true(audio_voice_query(m, d, &info));
    assert_int_equal(info.state, AUDIO_VOICE_PAUSED);
    assert_string_equal(info.name, "blip.wav");
    assert_false(audio_voice_query(m, (audio_voice){ 0 }, &info));
    assert_false(audio_voice_query(m, (audio_voice){ 0xFFFFFFFFu }, &info));
    /* A paused voice makes no sound and does not end. */
    float *out = render(m, 2000);
    for (int i = 0; i < 4000; i++)
        assert_true(out[i] == 0.0f);
    free(out);
    assert_false(audio_mixer_poll_event(m, &ev));
    /* Stopping a paused voice is immediate. */
    audio_voice_stop(m, d, 500);
    free(render(m, 1));
    assert_true(audio_mixer_poll_event(m, &ev));
    assert_int_equal(ev.type, AUDIO_EV_STOPPED);
    /* Unpolled events: the oldest are dropped and counted. */
    for (int i = 0; i < 40; i++) {
        audio_play(m, &s.src, NULL);
        free(render(m, 500));
    }
    assert_int_equal(audio_mixer_dropped_events(m), 8);
    audio_mixer_destroy(m);
    sound_free(&s);
}

static void test_decode_error_midstream(void **state)
{
    sound o = ogg_sound(2, 44100, 44100 * 2, sig_sine440, "broken.ogg");
    /* Open on good bytes, then damage the second half (as a failing disk
     * or a bad mapping would): the voice must go quiet, not scream. */
    uint8_t *bad = malloc(o.size);
    memcpy(bad, o.bytes, o.size);
    audio_source src = o.src;
    src.data = bad;
    audio_mixer *m = audio_mixer_create(NULL);
    audio_voice v = audio_play(m, &src, NULL);
    assert_true(v.id != 0);
    memset(bad + o.size / 2, 0x55, o.size - o.size / 2);
    vt_log_set_level(VT_LOG_ERROR); /* the failure's warning is expected */
    float *out = render(m, 48000 * 3);
    vt_log_set_level(VT_LOG_WARN);
    for (int i = 0; i < 2 * 48000 * 3; i++)
        assert_true(isfinite(out[i]) && fabsf(out[i]) <= 1.0f);
    audio_event ev;
    assert_true(audio_mixer_poll_event(m, &ev));
    printf("  %s\n", ev.message);
    assert_int_equal(ev.type, AUDIO_EV_FAILED);
    assert_non_null(strstr(ev.message, "broken.ogg"));
    assert_true(ev.position > 0.05 && ev.position < 1.9);
    assert_true(rms(out, 480, 2400) > 0.3); /* it did play until then */
    /* Silence from the failure's fade-out on. */
    size_t gone = (size_t)ev.at_frame;
    for (size_t i = gone; i < 48000 * 3; i++)
        assert_true(out[2 * i] == 0.0f && out[2 * i + 1] == 0.0f);
    assert_true(max_step(out, 48000 * 3) < 0.08);
    assert_false(audio_voice_query(m, v, &(audio_voice_info){ 0 }));
    free(out);
    free(bad);
    audio_mixer_destroy(m);
    sound_free(&o);
}

/* A scripted visit: ambient Vorbis, a narration with ducking, a seek, a
 * stop; rendered in blocks of SIZE (0: random sizes). */
static float *visit(const sound *room, const sound *talk, size_t frames, size_t size)
{
    audio_mixer *m = audio_mixer_create(NULL);
    float *out = malloc(sizeof(float) * 2 * frames);
    audio_voice r = {0}, t = {0};
    rng_state = 99;
    for (size_t at = 0; at < frames;) {
        size_t n = size ? size : 1 + rng() % 2000;
        if (n > frames - at)
            n = frames - at;
        /* Calls happen between renders; to be comparable they must fall
         * at the same frames, so renders stop at each event frame. */
        const size_t marks[] = { 0, 10000, 30000, 50000, 70000 };
        for (int k = 0; k < 5; k++)
            if (marks[k] > at && marks[k] < at + n)
                n = marks[k] - at;
        if (at == 0)
            r = audio_play(m, &room->src,
                           &(audio_play_desc){
                               .role = AUDIO_ROLE_AMBIENT, .loop = true, .volume = 0.5f, .fade_in_ms = 300 });
        if (at == 10000)
            t = audio_play(m, &talk->src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
        if (at == 30000)
            audio_voice_seek(m, t, 0.2);
        if (at == 50000)
            audio_mixer_set_master(m, 0.5f);
        if (at == 70000)
            audio_voice_stop(m, r, 200);
        audio_mixer_render(m, out + 2 * at, n);
        at += n;
    }
    audio_mixer_destroy(m);
    return out;
}

static void test_deterministic(void **state)
{
    sound room = ogg_sound(2, 44100, 30000, sig_sine440, "room.ogg");
    sound talk = wav_sound(WAV_S16, 1, 22050, 22050, sig_sine490, "talk.wav");
    const size_t frames = 96000;
    float *a = visit(&room, &talk, frames, 4800);
    float *b = visit(&room, &talk, frames, 0);
    float *c = visit(&room, &talk, frames, 1);
    assert_memory_equal(a, b, sizeof(float) * 2 * frames);
    assert_memory_equal(a, c, sizeof(float) * 2 * frames);
    assert_true(rms(a, 20000, 5000) > 0.1);
    free(a);
    free(b);
    free(c);
    sound_free(&room);
    sound_free(&talk);
}

static void test_vorbis_cost(void **state)
{
    /* Not an assertion (machines differ): what decoding inside render costs. */
    sound room = ogg_sound(2, 44100, 44100 * 10, sig_sine440, "room.ogg");
    sound talk = ogg_sound(1, 22050, 22050 * 10, sig_sine490, "talk.ogg");
    sound fx = ogg_sound(2, 48000, 48000 * 10, sig_sine480, "fx.ogg");
    audio_mixer *m = audio_mixer_create(NULL);
    /* audio_play runs under the audio lock: it parses the Vorbis headers. */
    clock_t t0 = clock();
    audio_play(m, &room.src, &(audio_play_desc){ .role = AUDIO_ROLE_AMBIENT });
    audio_play(m, &talk.src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
    audio_play(m, &fx.src, NULL);
    printf("  3 Vorbis audio_play calls: %.3f ms of CPU\n", (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC);
    float buf[2 * 1024];
    t0 = clock();
    for (int i = 0; i < 48000 * 10 / 1024; i++)
        audio_mixer_render(m, buf, 1024);
    double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("  3 Vorbis voices (44.1k stereo, 22.05k mono, 48k stereo), 10 s: %.1f ms of CPU, %.0fx real time\n",
           s * 1000, s > 0 ? 10.0 / s : 0.0);
    audio_mixer_destroy(m);
    sound_free(&room);
    sound_free(&talk);
    sound_free(&fx);
}

/* ---- WAV writer, platform ------------------------------------------- */

static void test_wav_writer(void **state)
{
    char dir[] = "/tmp/vt_audio_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.wav", dir);
    const size_t frames = 5000;
    float *in = malloc(sizeof(float) * 2 * frames);
    for (size_t i = 0; i < frames; i++) {
        in[2 * i] = (float)sin((double)i * 0.01) * 0.9f;
        in[2 * i + 1] = (float)i / (float)frames - 0.5f;
    }
    /* Streamed in pieces; float round-trips exactly. */
    audio_wav_writer w;
    vt_error_msg err = { { 0 } };
    assert_int_equal(audio_wav_writer_open(&w, path, NULL, &err), VT_OK);
    assert_int_equal(access(path, F_OK), -1); /* not there until close */
    for (size_t at = 0; at < frames; at += 777)
        assert_true(audio_wav_writer_write(&w, in + 2 * at, frames - at < 777 ? frames - at : 777));
    assert_int_equal(audio_wav_writer_close(&w, &err), VT_OK);
    vt_blob blob;
    assert_int_equal(vt_file_read(path, &blob, 1u << 30), VT_OK);
    assert_int_equal(blob.size, 44 + frames * 8);
    audio_source src;
    assert_int_equal(audio_source_open_memory(blob.data, blob.size, path, &src, NULL), VT_OK);
    assert_int_equal(src.codec, AUDIO_CODEC_WAV_FLOAT);
    assert_int_equal(src.rate, 48000);
    assert_int_equal(src.frames, frames);
    float *back = malloc(sizeof(float) * 2 * frames);
    audio_decoder d;
    assert_int_equal(audio_decoder_open(&d, &src, NULL, 0, NULL), VT_OK);
    assert_int_equal(audio_decoder_read(&d, back, frames), frames);
    assert_memory_equal(in, back, sizeof(float) * 2 * frames);
    vt_blob_free(&blob);

    /* 16-bit mono at 22.05 kHz, one call; replaces the old file. */
    for (size_t i = 0; i < frames; i++)
        in[i] = (float)i / (float)frames * 2.4f - 1.2f; /* clipped at both ends */
    audio_wav_desc s16 = { .rate = 22050, .channels = 1, .format = AUDIO_WAV_S16 };
    assert_int_equal(audio_wav_write(path, in, frames, &s16, &err), VT_OK);
    assert_int_equal(vt_file_read(path, &blob, 1u << 30), VT_OK);
    assert_int_equal(audio_source_open_memory(blob.data, blob.size, path, &src, NULL), VT_OK);
    assert_int_equal(src.bits, 16);
    assert_int_equal(src.channels, 1);
    assert_int_equal(src.rate, 22050);
    assert_int_equal(audio_decoder_open(&d, &src, NULL, 0, NULL), VT_OK);
    assert_int_equal(audio_decoder_read(&d, back, frames), frames);
    for (size_t i = 0; i < frames; i++) {
        double want = fmax(-1.0, fmin(1.0, in[i])) * 32767.0 / 32768.0;
        assert_true(fabs(back[2 * i] - want) <= 1.0 / 32768 + 1e-6);
    }
    vt_blob_free(&blob);

    /* An aborted recording leaves the old file and no temporary. */
    assert_int_equal(audio_wav_writer_open(&w, path, NULL, &err), VT_OK);
    audio_wav_writer_write(&w, in, 100);
    audio_wav_writer_abort(&w);
    assert_int_equal(vt_file_read(path, &blob, 1u << 30), VT_OK);
    assert_int_equal(blob.size, 44 + frames * 2);
    vt_blob_free(&blob);
    /* A folder that does not exist: an error naming the path. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.wav", dir);
    assert_int_equal(audio_wav_write(bad, in, 10, NULL, &err), VT_ERR_IO);
    assert_non_null(strstr(err.text, "no/such/dir"));

    free(in);
    free(back);
    unlink(path);
    /* Only out.wav was ever in there: rmdir fails if a temporary remains. */
    assert_int_equal(rmdir(dir), 0);
}

static void mixer_fn(void *user, float *out, int frames) { audio_mixer_render(user, out, (size_t)frames); }

static void test_platform_null_audio(void **state)
{
    sound s = wav_sound(WAV_S16, 2, 44100, 44100, sig_sine440, "s.wav");
    audio_mixer *m1 = audio_mixer_create(NULL), *m2 = audio_mixer_create(NULL);
    float out[2 * 512], ref[2 * 512];
    assert_false(plat_null_audio_pull(out, 512)); /* nothing open */
    assert_string_equal(plat_audio_driver(), "none");
    plat_null_audio_set_fail(true);
    vt_error_msg err = { { 0 } };
    assert_false(plat_audio_open(AUDIO_RATE, AUDIO_CHANNELS, mixer_fn, m1, &err));
    assert_true(err.text[0] != 0);
    plat_null_audio_set_fail(false);
    assert_true(plat_audio_open(AUDIO_RATE, AUDIO_CHANNELS, mixer_fn, m1, &err));
    assert_int_equal(plat_null_audio_rate(), 48000);
    assert_int_equal(plat_null_audio_channels(), 2);
    plat_audio_lock();
    audio_play(m1, &s.src, NULL);
    plat_audio_unlock();
    audio_play(m2, &s.src, NULL);
    for (int k = 0; k < 10; k++) {
        assert_true(plat_null_audio_pull(out, 512));
        audio_mixer_render(m2, ref, 512);
        assert_memory_equal(out, ref, sizeof out);
    }
    plat_audio_close();
    assert_false(plat_null_audio_pull(out, 512));
    audio_mixer_destroy(m1);
    audio_mixer_destroy(m2);
    sound_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wav_formats),
        cmocka_unit_test(test_wav_malformed),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_vorbis_decode),
        cmocka_unit_test(test_vorbis_seek),
        cmocka_unit_test(test_vorbis_malformed),
        cmocka_unit_test(test_resample_440),
        cmocka_unit_test(test_position_exact),
        cmocka_unit_test(test_fades_without_steps),
        cmocka_unit_test(test_ducking),
        cmocka_unit_test(test_loop_seamless),
        cmocka_unit_test(test_seek_in_mixer),
        cmocka_unit_test(test_handles_and_events),
        cmocka_unit_test(test_decode_error_midstream),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_vorbis_cost),
        cmocka_unit_test(test_wav_writer),
        cmocka_unit_test(test_platform_null_audio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
