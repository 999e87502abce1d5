/* test_texture_codec: the packer's texture pipeline (src/import/texture_encode.h)
 * and the reader's block decoder (src/package/texture_decode.h), on synthetic
 * images made from a fixed seed: format choice, mip chain shapes and sizes,
 * compression quality (PSNR, angle, absolute error), linear-light filtering,
 * normal renormalisation, size caps, thread-count independence, and the
 * decoder's handling of each block mode against hand-made blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "import/texture_encode.h"
#include "package/texture_decode.h"

/* ---- helpers ------------------------------------------------------------ */

/* Everything a test allocates is released by its teardown, so a failed
 * assertion (a longjmp out of the test) leaks nothing under ASan. Decode
 * buffers come from malloc at their exact size, so ASan sees any write
 * past a mip's last texel. */
static vt_arena _arena;
static void *_allocs[64];
static int _alloc_count;

static void *_tmalloc(size_t size)
{
    assert_true(_alloc_count < (int)(sizeof _allocs / sizeof _allocs[0]));
    void *p = malloc(size ? size : 1);
    assert_non_null(p);
    _allocs[_alloc_count++] = p;
    return p;
}

static int _teardown(void **state)
{
    (void)state;
    for (int i = 0; i < _alloc_count; i++)
        free(_allocs[i]);
    _alloc_count = 0;
    vt_arena_free(&_arena);
    return 0;
}

/* A fixed-seed generator (32-bit LCG, top bits) so images are the same on
 * every run and platform. */
static uint32_t _rng;
static int _noise(int amplitude)
{
    _rng = _rng * 1664525u + 1013904223u;
    return (int)((_rng >> 16) % (uint32_t)(2 * amplitude + 1)) - amplitude;
}

static uint8_t _clamp8(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static scene_image _image(int w, int h)
{
    scene_image img = { .width = w, .height = h, .srgb = true };
    img.rgba = _tmalloc((size_t)w * (size_t)h * 4);
    return img;
}

/* Photo-like: smooth gradients and soft shapes plus a little sensor noise. */
static scene_image _photo(int w, int h, uint32_t seed)
{
    scene_image img = _image(w, h);
    _rng = seed;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = img.rgba + 4 * ((size_t)y * w + x);
            float u = (float)x / (float)w, v = (float)y / (float)h;
            float blob = 60.0f * sinf(u * 9.0f) * cosf(v * 7.0f);
            p[0] = _clamp8((int)(40 + 170 * u + blob * 0.5f) + _noise(6));
            p[1] = _clamp8((int)(60 + 120 * v + blob) + _noise(6));
            p[2] = _clamp8((int)(128 + blob - 50 * u * v) + _noise(6));
            p[3] = 255;
        }
    return img;
}

static void _encode(const scene_image *img, scene_tex_slot slot, int max_size, bool uncompressed, int jobs,
                    tex_encoded *out)
{
    tex_encode_desc d = { .image = img, .slot = slot, .max_size = max_size, .uncompressed = uncompressed,
                          .jobs = jobs };
    assert_true(tex_encode(&d, out, &_arena));
}

static uint8_t *_decode(const tex_encoded *t, uint32_t m)
{
    const tex_mip *mip = &t->mips[m];
    assert_int_equal(mip->size, vt_pkg_mip_size(t->format, mip->width, mip->height));
    uint8_t *rgba = _tmalloc((size_t)mip->width * mip->height * 4);
    assert_true(pkg_decode_mip(t->format, mip->data, mip->width, mip->height, rgba));
    return rgba;
}

/* PSNR over the RGB channels, in dB. */
static double _psnr_rgb(const uint8_t *a, const uint8_t *b, size_t texels)
{
    double se = 0;
    for (size_t i = 0; i < texels; i++)
        for (int k = 0; k < 3; k++) {
            double d = (double)a[4 * i + k] - (double)b[4 * i + k];
            se += d * d;
        }
    double mse = se / (double)(texels * 3);
    return mse > 0 ? 10.0 * log10(255.0 * 255.0 / mse) : 99.0;
}

/* The sRGB transfer curve (IEC 61966-2-1), for expected values. */
static double _srgb_to_linear(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static int _linear_to_srgb(double l)
{
    double c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055;
    return (int)lrint(c * 255.0);
}

static void _unpack_normal(const uint8_t *p, float n[3])
{
    for (int k = 0; k < 3; k++)
        n[k] = p[k] / 127.5f - 1.0f;
}

static float _length(const float n[3])
{
    return sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
}

static float _angle_deg(const float a[3], const float b[3])
{
    float c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (_length(a) * _length(b));
    c = c > 1.0f ? 1.0f : c < -1.0f ? -1.0f : c;
    return acosf(c) * (180.0f / 3.14159265f);
}

/* A spherical-cap bump filling most of the image: normals tilt up to about
 * 60 degrees at its rim and point straight up outside it. */
static scene_image _bump_normals(int n)
{
    scene_image img = _image(n, n);
    img.srgb = false;
    float c = (n - 1) * 0.5f, rim = n * 0.45f, sphere = rim / sinf(60.0f * 3.14159265f / 180.0f);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            float dx = x - c, dy = y - c, v[3] = { 0, 0, 1 };
            if (dx * dx + dy * dy < rim * rim) {
                v[0] = dx / sphere;
                v[1] = dy / sphere;
                v[2] = sqrtf(1.0f - v[0] * v[0] - v[1] * v[1]);
            }
            uint8_t *p = img.rgba + 4 * ((size_t)y * n + x);
            for (int k = 0; k < 3; k++)
                p[k] = (uint8_t)lrintf(v[k] * 127.5f + 127.5f);
            p[3] = 255;
        }
    return img;
}

/* ---- encode + decode ---------------------------------------------------- */

static void test_bc1_photo(void **state)
{
    scene_image img = _photo(256, 256, 12345);
    tex_encoded t;
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 1, &t);
    assert_int_equal(t.format, VT_TEX_BC1_SRGB);
    assert_int_equal(t.mip_count, 9);
    for (uint32_t m = 0; m < t.mip_count; m++) {
        assert_int_equal(t.mips[m].width, 256u >> m);
        assert_int_equal(t.mips[m].height, 256u >> m);
        assert_int_equal(t.mips[m].size, vt_pkg_mip_size(VT_TEX_BC1_SRGB, 256u >> m, 256u >> m));
        assert_non_null(t.mips[m].data);
    }
    assert_int_equal(t.mips[8].width, 1);
    assert_int_equal(t.mips[8].height, 1);
    assert_int_equal(t.mips[0].size, 64 * 64 * 8);

    uint8_t *dec = _decode(&t, 0);
    double psnr = _psnr_rgb(img.rgba, dec, 256 * 256);
    print_message("BC1 photo 256x256 mip 0: PSNR %.2f dB\n", psnr);
    assert_true(psnr >= 30.0);
    for (size_t i = 0; i < 256 * 256; i++)
        assert_int_equal(dec[4 * i + 3], 255); /* opaque blocks never use transparent black */
}

static void test_bc3_alpha(void **state)
{
    scene_image img = _photo(64, 64, 777);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
            img.rgba[4 * (y * 64 + x) + 3] = (uint8_t)(x * 4 + (y & 3) * 8 > 255 ? 255 : x * 4 + (y & 3) * 8);
    tex_encoded t;
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 1, &t);
    assert_int_equal(t.format, VT_TEX_BC3_SRGB);
    assert_int_equal(t.mip_count, 7);
    assert_int_equal(t.mips[0].size, 16 * 16 * 16);
    uint8_t *dec = _decode(&t, 0);
    int worst = 0;
    for (size_t i = 0; i < 64 * 64; i++) {
        int d = abs((int)dec[4 * i + 3] - (int)img.rgba[4 * i + 3]);
        worst = d > worst ? d : worst;
    }
    print_message("BC3 alpha max error %d, colour PSNR %.2f dB\n", worst, _psnr_rgb(img.rgba, dec, 64 * 64));
    assert_true(worst <= 8);
    assert_true(_psnr_rgb(img.rgba, dec, 64 * 64) >= 30.0);
}

static void test_constant_color_every_mip(void **state)
{
    const uint8_t c[3] = { 201, 87, 33 };
    scene_image img = _image(48, 20);
    for (int i = 0; i < 48 * 20; i++) {
        memcpy(img.rgba + 4 * i, c, 3);
        img.rgba[4 * i + 3] = 255;
    }
    tex_encoded t;
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 1, &t);
    assert_int_equal(t.format, VT_TEX_BC1_SRGB);
    assert_int_equal(t.mip_count, 6); /* 48x20 24x10 12x5 6x2 3x1 1x1 */
    for (uint32_t m = 0; m < t.mip_count; m++) {
        uint8_t *dec = _decode(&t, m);
        for (size_t i = 0; i < (size_t)t.mips[m].width * t.mips[m].height; i++) {
            for (int k = 0; k < 3; k++)
                assert_true(abs((int)dec[4 * i + k] - (int)c[k]) <= 2);
            assert_int_equal(dec[4 * i + 3], 255);
        }
    }
}

/* Black and white alternating texels average to linear 0.5, which is sRGB
 * 188 (_linear_to_srgb(0.5)); averaging the bytes instead would give 128. */
static void test_checkerboard_linear_light(void **state)
{
    scene_image img = _image(64, 64);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
            uint8_t *p = img.rgba + 4 * (y * 64 + x);
            p[0] = p[1] = p[2] = ((x + y) & 1) ? 255 : 0;
            p[3] = 255;
        }
    tex_encoded raw, bc1;
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, true, 1, &raw);
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 1, &bc1);
    assert_int_equal(_linear_to_srgb(0.5), 188);
    assert_int_equal(raw.mip_count, 7);
    assert_int_equal(bc1.mip_count, 7);
    for (uint32_t m = 1; m < raw.mip_count; m++)
        for (size_t i = 0; i < (size_t)raw.mips[m].width * raw.mips[m].height; i++)
            for (int k = 0; k < 3; k++)
                assert_true(abs((int)raw.mips[m].data[4 * i + k] - 188) <= 1);
    uint8_t *one = _decode(&bc1, 6);
    print_message("checkerboard 1x1: raw %d, BC1 %d\n", raw.mips[6].data[0], one[0]);
    for (int k = 0; k < 3; k++)
        assert_true(abs((int)one[k] - 188) <= 3);
}

static void test_normal_bc5(void **state)
{
    scene_image img = _bump_normals(128);
    tex_encoded t, raw;
    _encode(&img, SCENE_TEX_NORMAL, 0, false, 1, &t);
    _encode(&img, SCENE_TEX_NORMAL, 0, true, 1, &raw);
    assert_int_equal(t.format, VT_TEX_BC5);
    assert_int_equal(raw.format, VT_TEX_RGBA8);
    assert_int_equal(t.mip_count, 8);
    assert_int_equal(t.mips[0].size, 32 * 32 * 16);

    /* Mip 0 against the source. */
    uint8_t *dec = _decode(&t, 0);
    double sum = 0;
    for (size_t i = 0; i < 128 * 128; i++) {
        float a[3], b[3];
        _unpack_normal(img.rgba + 4 * i, a);
        _unpack_normal(dec + 4 * i, b);
        assert_true(fabsf(_length(b) - 1.0f) <= 0.02f);
        sum += _angle_deg(a, b);
    }
    print_message("BC5 normals mip 0: mean angle error %.3f deg\n", sum / (128 * 128));
    assert_true(sum / (128 * 128) <= 3.0);

    /* Every filtered level is unit length again (unrenormalised, the 1x1
     * average of this bump is 0.86 long), and the BC5 mips agree with
     * the uncompressed ones. */
    for (uint32_t m = 1; m < raw.mip_count; m++) {
        uint32_t n = raw.mips[m].width * raw.mips[m].height;
        uint8_t *bc = _decode(&t, m);
        double msum = 0;
        for (uint32_t i = 0; i < n; i++) {
            float a[3], b[3];
            _unpack_normal(raw.mips[m].data + 4 * i, a);
            _unpack_normal(bc + 4 * i, b);
            assert_true(fabsf(_length(a) - 1.0f) <= 0.02f);
            assert_true(fabsf(_length(b) - 1.0f) <= 0.02f);
            msum += _angle_deg(a, b);
        }
        assert_true(msum / n <= 3.0);
    }
}

static void test_occlusion_bc4(void **state)
{
    scene_image img = _image(64, 64);
    img.srgb = false;
    _rng = 99;
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
            uint8_t *p = img.rgba + 4 * (y * 64 + x);
            p[0] = (uint8_t)((x + y) * 255 / 126);
            p[1] = (uint8_t)_noise(100); /* ignored: occlusion is red only */
            p[2] = 7;
            p[3] = 255;
        }
    tex_encoded t;
    _encode(&img, SCENE_TEX_OCCLUSION, 0, false, 1, &t);
    assert_int_equal(t.format, VT_TEX_BC4);
    assert_int_equal(t.mip_count, 7);
    assert_int_equal(t.mips[0].size, 16 * 16 * 8);
    uint8_t *dec = _decode(&t, 0);
    int worst = 0;
    for (size_t i = 0; i < 64 * 64; i++) {
        int d = abs((int)dec[4 * i] - (int)img.rgba[4 * i]);
        worst = d > worst ? d : worst;
        assert_int_equal(dec[4 * i + 1], dec[4 * i]);
        assert_int_equal(dec[4 * i + 2], dec[4 * i]);
        assert_int_equal(dec[4 * i + 3], 255);
    }
    print_message("BC4 gradient max error %d\n", worst);
    assert_true(worst <= 6);
}

static void test_non_power_of_two(void **state)
{
    static const uint32_t ws[] = { 100, 50, 25, 12, 6, 3, 1 }, hs[] = { 37, 18, 9, 4, 2, 1, 1 };
    scene_image img = _photo(100, 37, 4242);
    for (int i = 0; i < 100 * 37; i += 7)
        img.rgba[4 * i + 3] = 128; /* so the colour slot picks BC3 below */
    for (int slot = 0; slot < 4; slot++) {
        tex_encoded t;
        /* slot 3 = colour again, opaque: BC1 */
        if (slot == 3)
            for (int i = 0; i < 100 * 37; i++)
                img.rgba[4 * i + 3] = 255;
        _encode(&img, slot == 3 ? SCENE_TEX_BASE_COLOR : (scene_tex_slot)slot, 0, false, 2, &t);
        assert_int_equal(t.mip_count, 7);
        for (uint32_t m = 0; m < 7; m++) {
            assert_int_equal(t.mips[m].width, ws[m]);
            assert_int_equal(t.mips[m].height, hs[m]);
            (void)_decode(&t, m); /* checks the size; ASan checks the writes */
        }
        if (slot == 0 || slot == 3) {
            assert_int_equal(t.format, slot == 0 ? VT_TEX_BC3_SRGB : VT_TEX_BC1_SRGB);
            /* Edge blocks padded by clamping still decode well at the edge. */
            assert_true(_psnr_rgb(img.rgba, _decode(&t, 0), 100 * 37) >= 30.0);
        }
    }
}

static void test_max_size(void **state)
{
    scene_image img = _photo(256, 128, 5);
    tex_encoded t;
    _encode(&img, SCENE_TEX_BASE_COLOR, 64, false, 1, &t);
    assert_int_equal(t.mip_count, 7);
    assert_int_equal(t.mips[0].width, 64);
    assert_int_equal(t.mips[0].height, 32);
    assert_int_equal(t.mips[6].width, 1);
    assert_int_equal(t.mips[6].height, 1);

    /* The cap filters like the mips do: a 4x4 box of the source, in linear
     * light. The raw result's top-left texel is that average. */
    tex_encoded raw;
    _encode(&img, SCENE_TEX_BASE_COLOR, 64, true, 1, &raw);
    assert_int_equal(raw.mips[0].width, 64);
    for (int k = 0; k < 3; k++) {
        double lin = 0;
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                lin += _srgb_to_linear(img.rgba[4 * (y * 256 + x) + k]) / 16.0;
        assert_true(abs((int)raw.mips[0].data[k] - _linear_to_srgb(lin)) <= 1);
    }
}

static void test_jobs_identical(void **state)
{
    scene_image img = _photo(1024, 1024, 2024);
    tex_encoded a, b;
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 1, &a);
    _encode(&img, SCENE_TEX_BASE_COLOR, 0, false, 4, &b);
    assert_int_equal(a.mip_count, 11);
    assert_int_equal(b.mip_count, 11);
    for (uint32_t m = 0; m < a.mip_count; m++) {
        assert_int_equal(a.mips[m].size, b.mips[m].size);
        assert_memory_equal(a.mips[m].data, b.mips[m].data, a.mips[m].size);
    }
}

static void test_uncompressed(void **state)
{
    scene_image img = _photo(40, 24, 31);
    img.rgba[3] = 17; /* alpha must survive in the raw colour format too */
    static const struct {
        scene_tex_slot slot;
        uint32_t format;
    } cases[] = {
        { SCENE_TEX_BASE_COLOR, VT_TEX_SRGB8_A8 },
        { SCENE_TEX_NORMAL, VT_TEX_RGBA8 },
        { SCENE_TEX_OCCLUSION, VT_TEX_RGBA8 },
    };
    for (int c = 0; c < 3; c++) {
        tex_encoded t;
        _encode(&img, cases[c].slot, 0, true, 1, &t);
        assert_int_equal(t.format, cases[c].format);
        assert_int_equal(t.mip_count, 6);
        assert_int_equal(t.mips[0].size, 40 * 24 * 4);
        assert_memory_equal(t.mips[0].data, img.rgba, 40 * 24 * 4);
        assert_ptr_not_equal(t.mips[0].data, img.rgba); /* a copy in the arena */
        assert_memory_equal(_decode(&t, 0), img.rgba, 40 * 24 * 4);
    }
}

/* ---- decoder against hand-made blocks ------------------------------------ */

static void test_decode_unknown_format(void **state)
{
    uint8_t block[16] = { 0 }, rgba[64];
    assert_false(pkg_decode_mip(0, block, 4, 4, rgba));
    assert_false(pkg_decode_mip(7, block, 4, 4, rgba));
    assert_false(pkg_decode_mip(0xffffffffu, block, 4, 4, rgba));
    assert_true(pkg_decode_mip(VT_TEX_BC4, block, 4, 4, rgba));
}

/* BC1 with c0 <= c1 is three colours plus transparent black; the same colour
 * block inside BC3 is always four colours. */
static void test_decode_bc1_bc3_modes(void **state)
{
    /* c0 = black, c1 = white; texels 0..3 use indices 0, 1, 2, 3. */
    uint8_t bc1[8] = { 0x00, 0x00, 0xff, 0xff, 0xe4, 0, 0, 0 };
    uint8_t rgba[4 * 4 * 4];
    assert_true(pkg_decode_mip(VT_TEX_BC1_SRGB, bc1, 4, 4, rgba));
    static const uint8_t three[4][4] = { { 0, 0, 0, 255 }, { 255, 255, 255, 255 }, { 127, 127, 127, 255 }, { 0, 0, 0, 0 } };
    assert_memory_equal(rgba, three, 16);
    assert_memory_equal(rgba + 16, three[0], 4); /* index 0 for the rest */

    /* c0 = pure red (0xf800) > c1 = pure green (0x07e0): four colours. */
    uint8_t bc1b[8] = { 0x00, 0xf8, 0xe0, 0x07, 0xe4, 0, 0, 0 };
    assert_true(pkg_decode_mip(VT_TEX_BC1_SRGB, bc1b, 4, 4, rgba));
    static const uint8_t four[4][4] = { { 255, 0, 0, 255 }, { 0, 255, 0, 255 }, { 170, 85, 0, 255 }, { 85, 170, 0, 255 } };
    assert_memory_equal(rgba, four, 16);

    /* BC3: alpha block 255/255, colour block black <= white still four colours. */
    uint8_t bc3[16] = { 255, 255, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0xff, 0xff, 0xe4, 0, 0, 0 };
    assert_true(pkg_decode_mip(VT_TEX_BC3_SRGB, bc3, 4, 4, rgba));
    static const uint8_t bc3_four[4][4] = { { 0, 0, 0, 255 }, { 255, 255, 255, 255 }, { 85, 85, 85, 255 }, { 170, 170, 170, 255 } };
    assert_memory_equal(rgba, bc3_four, 16);
}

/* Packs sixteen 3-bit indices after two endpoints. */
static void _value_block(uint8_t out[8], uint8_t v0, uint8_t v1, const uint8_t idx[16])
{
    uint64_t bits = 0;
    for (int i = 0; i < 16; i++)
        bits |= (uint64_t)idx[i] << (3 * i);
    out[0] = v0;
    out[1] = v1;
    for (int k = 0; k < 6; k++)
        out[2 + k] = (uint8_t)(bits >> (8 * k));
}

static void test_decode_bc4_bc5_modes(void **state)
{
    static const uint8_t idx[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0 };
    uint8_t block[16], rgba[4 * 4 * 4];

    /* v0 > v1: eight values in sevenths (rounded). */
    _value_block(block, 200, 10, idx);
    assert_true(pkg_decode_mip(VT_TEX_BC4, block, 4, 4, rgba));
    static const uint8_t eight[8] = { 200, 10, 173, 146, 119, 91, 64, 37 };
    for (int i = 0; i < 8; i++) {
        assert_int_equal(rgba[4 * i], eight[i]);
        assert_int_equal(rgba[4 * i + 1], eight[i]);
        assert_int_equal(rgba[4 * i + 3], 255);
    }

    /* v0 <= v1: six values in fifths, then 0 and 255. */
    _value_block(block, 10, 200, idx);
    assert_true(pkg_decode_mip(VT_TEX_BC4, block, 4, 4, rgba));
    static const uint8_t six[8] = { 10, 200, 48, 86, 124, 162, 0, 255 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(rgba[4 * i], six[i]);

    /* BC3's alpha block is the same block. */
    uint8_t bc3[16] = { 0 };
    _value_block(bc3, 10, 200, idx);
    assert_true(pkg_decode_mip(VT_TEX_BC3_SRGB, bc3, 4, 4, rgba));
    for (int i = 0; i < 8; i++)
        assert_int_equal(rgba[4 * i + 3], six[i]);

    /* BC5: x = y = 128 (about 0) -> z = 255 (+1); x = 255 (+1) -> z = 128
     * (0, clamped: x^2 + y^2 is a hair over 1). */
    static const uint8_t zero[16] = { 0 };
    _value_block(block, 128, 128, zero);
    _value_block(block + 8, 128, 128, zero);
    assert_true(pkg_decode_mip(VT_TEX_BC5, block, 4, 4, rgba));
    for (int i = 0; i < 16; i++) {
        assert_int_equal(rgba[4 * i], 128);
        assert_int_equal(rgba[4 * i + 1], 128);
        assert_int_equal(rgba[4 * i + 2], 255);
        assert_int_equal(rgba[4 * i + 3], 255);
    }
    _value_block(block, 255, 255, zero);
    assert_true(pkg_decode_mip(VT_TEX_BC5, block, 4, 4, rgba));
    assert_int_equal(rgba[0], 255);
    assert_int_equal(rgba[1], 128);
    assert_int_equal(rgba[2], 128);
}

/* A 6x5 mip spans 2x2 blocks; only its 30 texels are written. */
static void test_decode_partial_blocks(void **state)
{
    uint8_t blocks[4 * 8];
    for (int b = 0; b < 4; b++) {
        /* solid colour per block: c0 = c1, all indices 0 */
        uint16_t c = (uint16_t)(0x1000 * (b + 1));
        uint8_t blk[8] = { (uint8_t)c, (uint8_t)(c >> 8), (uint8_t)c, (uint8_t)(c >> 8), 0, 0, 0, 0 };
        memcpy(blocks + 8 * b, blk, 8);
    }
    uint8_t *rgba = _tmalloc(6 * 5 * 4 + 4);
    memset(rgba, 0xcd, 6 * 5 * 4 + 4);
    assert_true(pkg_decode_mip(VT_TEX_BC1_SRGB, blocks, 6, 5, rgba));
    for (int k = 0; k < 4; k++)
        assert_int_equal(rgba[6 * 5 * 4 + k], 0xcd); /* guard bytes untouched */
    /* texel (5, 4) is in block (1, 1), the fourth: red 5 bits = 0x1000*4 >> 11 = 8 */
    assert_int_equal(rgba[4 * (4 * 6 + 5)], (8 << 3) | (8 >> 2));
    /* texel (3, 0) in block (0, 0): red = 2 */
    assert_int_equal(rgba[4 * 3], (2 << 3) | (2 >> 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_bc1_photo, _teardown),
        cmocka_unit_test_teardown(test_bc3_alpha, _teardown),
        cmocka_unit_test_teardown(test_constant_color_every_mip, _teardown),
        cmocka_unit_test_teardown(test_checkerboard_linear_light, _teardown),
        cmocka_unit_test_teardown(test_normal_bc5, _teardown),
        cmocka_unit_test_teardown(test_occlusion_bc4, _teardown),
        cmocka_unit_test_teardown(test_non_power_of_two, _teardown),
        cmocka_unit_test_teardown(test_max_size, _teardown),
        cmocka_unit_test_teardown(test_jobs_identical, _teardown),
        cmocka_unit_test_teardown(test_uncompressed, _teardown),
        cmocka_unit_test_teardown(test_decode_unknown_format, _teardown),
        cmocka_unit_test_teardown(test_decode_bc1_bc3_modes, _teardown),
        cmocka_unit_test_teardown(test_decode_bc4_bc5_modes, _teardown),
        cmocka_unit_test_teardown(test_decode_partial_blocks, _teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
