#include "media_decode.h"

#include <assert.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/result.h"

/* libvorbis' own decoder, not stb_vorbis: curators' files are outside
 * data, and stb_vorbis 1.22 crashes on some damaged setup headers (found by
 * test_decode_fuzz). The reference decoder is fuzzed upstream (OSS-Fuzz). */
#define OV_EXCLUDE_STATIC_CALLBACKS
#include <vorbis/vorbisfile.h>

#define _FMT_PCM 1
#define _FMT_FLOAT 3
#define _FMT_EXTENSIBLE 0xFFFE

static uint32_t _le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t _le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

void media_pcm_free(media_pcm *p)
{
    if (!p)
        return;
    free(p->samples);
    memset(p, 0, sizeof *p);
}

static vt_result _check_layout(const char *name, int channels, long rate, vt_error_msg *err)
{
    if (channels < 1 || channels > MEDIA_MAX_CHANNELS) {
        vt_error_set(err, "%s: %d audio channels (1 to %d supported) — fix: export the narration as mono or stereo",
                     name, channels, MEDIA_MAX_CHANNELS);
        return VT_ERR_UNSUPPORTED;
    }
    if (rate < 8000 || rate > 192000) {
        vt_error_set(err, "%s: sample rate %ld Hz (8000 to 192000 supported) — fix: export at 44100 or 48000 Hz",
                     name, rate);
        return VT_ERR_UNSUPPORTED;
    }
    return VT_OK;
}

static float _sample(const unsigned char *p, int fmt, int bits)
{
    if (fmt == _FMT_FLOAT) {
        if (bits == 32) {
            float f;
            uint32_t u = _le32(p);
            memcpy(&f, &u, sizeof f);
            return f == f ? f : 0.0f; /* NaN would poison loudness and the encoder */
        }
        uint64_t u = (uint64_t)_le32(p) | (uint64_t)_le32(p + 4) << 32;
        double d;
        memcpy(&d, &u, sizeof d);
        return d == d ? (float)d : 0.0f;
    }
    switch (bits) {
    case 8: return ((int)p[0] - 128) / 128.0f;
    case 16: return (int16_t)_le16(p) / 32768.0f;
    case 24: {
        int32_t v = (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
        return v / 8388608.0f;
    }
    default: return (float)((int32_t)_le32(p) / 2147483648.0);
    }
}

vt_result media_decode_wav(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    const unsigned char *s = data;
    if (size < 12 || memcmp(s, "RIFF", 4) != 0 || memcmp(s + 8, "WAVE", 4) != 0) {
        vt_error_set(err, "%s: not a WAV file (no RIFF/WAVE header)", name);
        return VT_ERR_MALFORMED;
    }
    const unsigned char *fmt = NULL, *pcm = NULL;
    size_t fmt_size = 0, pcm_size = 0;
    for (size_t at = 12; at + 8 <= size;) {
        size_t left = size - at - 8;
        size_t len = _le32(s + at + 4);
        /* Streaming writers leave 0xFFFFFFFF or a guess: a chunk runs to
         * the end of the file at most. */
        if (len > left)
            len = left;
        if (memcmp(s + at, "fmt ", 4) == 0 && !fmt) {
            fmt = s + at + 8;
            fmt_size = len;
        } else if (memcmp(s + at, "data", 4) == 0 && !pcm) {
            pcm = s + at + 8;
            pcm_size = len;
        }
        at += 8 + len + (len & 1);
    }
    if (!fmt || fmt_size < 16) {
        vt_error_set(err, "%s: WAV file without a valid 'fmt ' chunk", name);
        return VT_ERR_MALFORMED;
    }
    if (!pcm) {
        vt_error_set(err, "%s: WAV file without a 'data' chunk", name);
        return VT_ERR_MALFORMED;
    }
    int tag = _le16(fmt);
    int channels = _le16(fmt + 2);
    long rate = (long)_le32(fmt + 4);
    int align = _le16(fmt + 12);
    int bits = _le16(fmt + 14);
    if (tag == _FMT_EXTENSIBLE) {
        if (fmt_size < 40) {
            vt_error_set(err, "%s: WAV extensible format chunk too short", name);
            return VT_ERR_MALFORMED;
        }
        tag = _le16(fmt + 24); /* the sub-format GUID starts with the plain tag */
    }
    vt_result r = _check_layout(name, channels, rate, err);
    if (r != VT_OK)
        return r;
    bool ok = (tag == _FMT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) ||
              (tag == _FMT_FLOAT && (bits == 32 || bits == 64));
    if (!ok) {
        vt_error_set(err, "%s: WAV encoding %d with %d bits is not supported — fix: export as 16-bit PCM WAV", name,
                     tag, bits);
        return VT_ERR_UNSUPPORTED;
    }
    int bytes = bits / 8;
    if (align != channels * bytes) {
        vt_error_set(err, "%s: WAV block size %d does not match %d channels of %d bits", name, align, channels, bits);
        return VT_ERR_MALFORMED;
    }
    size_t frames = pcm_size / (size_t)align;
    if (frames == 0) {
        vt_error_set(err, "%s: WAV file holds no audio", name);
        return VT_ERR_EMPTY;
    }
    if (frames > (size_t)MEDIA_MAX_SECONDS * (size_t)rate) {
        vt_error_set(err, "%s: longer than %d minutes", name, MEDIA_MAX_SECONDS / 60);
        return VT_ERR_TOO_LARGE;
    }
    float *dst = malloc(frames * (size_t)channels * sizeof *dst);
    if (!dst) {
        vt_error_set(err, "%s: out of memory decoding audio", name);
        return VT_ERR_OUT_OF_MEMORY;
    }
    size_t count = frames * (size_t)channels;
    for (size_t i = 0; i < count; i++)
        dst[i] = _sample(pcm + i * (size_t)bytes, tag, bits);
    *out = (media_pcm){ dst, frames, channels, (int)rate };
    return VT_OK;
}

/* The Ogg page CRC (polynomial 0x04C11DB7, MSB first, no reflection),
 * continued from CRC. Bitwise: narration files are small, and no table
 * means no shared state between threads. */
static uint32_t _ogg_crc(uint32_t crc, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint32_t)p[i] << 24;
        for (int k = 0; k < 8; k++)
            crc = crc & 0x80000000u ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

/* Walks every Ogg page: magic, version, sizes within the file, CRC. A file
 * damaged in transfer or cut short is reported here, by byte offset, and
 * never reaches the Vorbis decoder. */
static vt_result _ogg_check_pages(const unsigned char *s, size_t size, const char *name, vt_error_msg *err)
{
    unsigned char hdr[27 + 255];
    size_t at = 0;
    while (at < size) {
        if (size - at < 27 || memcmp(s + at, "OggS", 4) != 0 || s[at + 4] != 0) {
            vt_error_set(err, "%s: damaged Ogg file (no page at byte %zu) — fix: export the narration again", name,
                         at);
            return VT_ERR_MALFORMED;
        }
        size_t nseg = s[at + 26];
        if (size - at < 27 + nseg) {
            vt_error_set(err, "%s: Ogg file cut short at byte %zu — fix: copy or export it again", name, size);
            return VT_ERR_MALFORMED;
        }
        size_t body = 0;
        for (size_t k = 0; k < nseg; k++)
            body += s[at + 27 + k];
        size_t page = 27 + nseg + body;
        if (size - at < page) {
            vt_error_set(err, "%s: Ogg file cut short at byte %zu — fix: copy or export it again", name, size);
            return VT_ERR_MALFORMED;
        }
        memcpy(hdr, s + at, 27 + nseg);
        uint32_t want = _le32(hdr + 22);
        memset(hdr + 22, 0, 4);
        uint32_t crc = _ogg_crc(_ogg_crc(0, hdr, 27 + nseg), s + at + 27 + nseg, body);
        if (crc != want) {
            vt_error_set(err, "%s: damaged Ogg file (checksum of the page at byte %zu) — fix: copy or export it again",
                         name, at);
            return VT_ERR_MALFORMED;
        }
        at += page;
    }
    return VT_OK;
}

/* vorbisfile reads through callbacks: these read from memory. */
typedef struct _mem_reader {
    const unsigned char *data;
    size_t size, at;
} _mem_reader;

static size_t _mem_read(void *ptr, size_t size, size_t nmemb, void *src)
{
    _mem_reader *m = src;
    size_t want = size * nmemb, left = m->size - m->at;
    size_t n = want < left ? want : left;
    memcpy(ptr, m->data + m->at, n);
    m->at += n;
    return size ? n / size : 0;
}

static int _mem_seek(void *src, ogg_int64_t offset, int whence)
{
    _mem_reader *m = src;
    ogg_int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (ogg_int64_t)m->at : (ogg_int64_t)m->size;
    ogg_int64_t to = base + offset;
    if (to < 0 || to > (ogg_int64_t)m->size)
        return -1;
    m->at = (size_t)to;
    return 0;
}

static long _mem_tell(void *src)
{
    return (long)((_mem_reader *)src)->at;
}

vt_result media_decode_ogg(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    const unsigned char *s = data;
    if (size < 64 || memcmp(s, "OggS", 4) != 0) {
        vt_error_set(err, "%s: not an Ogg file", name);
        return VT_ERR_MALFORMED;
    }
    /* The first page holds the codec's identification header. */
    for (size_t i = 0; i + 8 <= 64; i++) {
        if (memcmp(s + i, "OpusHead", 8) == 0) {
            vt_error_set(err, "%s: Ogg Opus is not supported yet — fix: export the narration as Ogg Vorbis or WAV",
                         name);
            return VT_ERR_UNSUPPORTED;
        }
    }
    if (size > INT_MAX) {
        vt_error_set(err, "%s: too large for an Ogg narration", name);
        return VT_ERR_TOO_LARGE;
    }
    vt_result r = _ogg_check_pages(s, size, name, err);
    if (r != VT_OK)
        return r;
    _mem_reader mem = { s, size, 0 };
    OggVorbis_File vf;
    ov_callbacks cb = { _mem_read, _mem_seek, NULL, _mem_tell };
    if (ov_open_callbacks(&mem, &vf, NULL, 0, cb) != 0) {
        vt_error_set(err, "%s: not a readable Ogg Vorbis file — fix: export the narration as Ogg Vorbis or WAV",
                     name);
        return VT_ERR_MALFORMED;
    }
    vorbis_info *vi = ov_info(&vf, -1);
    int ch = vi ? vi->channels : 0;
    long rate = vi ? vi->rate : 0;
    r = _check_layout(name, ch, rate, err);
    if (r != VT_OK) {
        ov_clear(&vf);
        return r;
    }
    size_t max_frames = (size_t)MEDIA_MAX_SECONDS * (size_t)rate;
    size_t cap = 1u << 16, frames = 0;
    float *dst = malloc(cap * (size_t)ch * sizeof *dst);
    r = VT_OK;
    if (!dst) {
        vt_error_set(err, "%s: out of memory decoding audio", name);
        r = VT_ERR_OUT_OF_MEMORY;
    }
    while (r == VT_OK) {
        float **pcm;
        int link;
        long got = ov_read_float(&vf, &pcm, 4096, &link);
        if (got == OV_HOLE)
            continue; /* a gap in the stream (lost packets): vorbisfile resyncs */
        if (got < 0) {
            vt_error_set(err, "%s: damaged Ogg Vorbis audio (error %ld) — fix: export the narration again", name,
                         got);
            r = VT_ERR_MALFORMED;
            break;
        }
        if (got == 0)
            break;
        vorbis_info *li = ov_info(&vf, link);
        if (!li || li->channels != ch || li->rate != rate) {
            vt_error_set(err, "%s: the Ogg file changes channels or sample rate midway — fix: export it as one "
                              "stream", name);
            r = VT_ERR_UNSUPPORTED;
            break;
        }
        if (frames + (size_t)got > max_frames) {
            vt_error_set(err, "%s: longer than %d minutes", name, MEDIA_MAX_SECONDS / 60);
            r = VT_ERR_TOO_LARGE;
            break;
        }
        if (frames + (size_t)got > cap) {
            while (cap < frames + (size_t)got)
                cap *= 2;
            float *grown = realloc(dst, cap * (size_t)ch * sizeof *dst);
            if (!grown) {
                vt_error_set(err, "%s: out of memory decoding audio", name);
                r = VT_ERR_OUT_OF_MEMORY;
                break;
            }
            dst = grown;
        }
        for (long i = 0; i < got; i++)
            for (int c = 0; c < ch; c++) {
                float v = pcm[c][i];
                dst[(frames + (size_t)i) * (size_t)ch + (size_t)c] = v == v ? v : 0.0f;
            }
        frames += (size_t)got;
    }
    ov_clear(&vf);
    if (r == VT_OK && frames == 0) {
        vt_error_set(err, "%s: Ogg Vorbis file holds no audio", name);
        r = VT_ERR_EMPTY;
    }
    if (r != VT_OK) {
        free(dst);
        return r;
    }
    *out = (media_pcm){ dst, frames, ch, (int)rate };
    return VT_OK;
}

vt_result media_decode(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    if (size == 0) {
        vt_error_set(err, "%s: empty file", name);
        return VT_ERR_EMPTY;
    }
    if (size >= 12 && memcmp(data, "RIFF", 4) == 0)
        return media_decode_wav(data, size, name, out, err);
    if (size >= 4 && memcmp(data, "OggS", 4) == 0)
        return media_decode_ogg(data, size, name, out, err);
    vt_error_set(err, "%s: not a WAV or Ogg Vorbis file — fix: export the narration as WAV or Ogg Vorbis", name);
    return VT_ERR_UNSUPPORTED;
}
