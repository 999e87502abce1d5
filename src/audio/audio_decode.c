/* WAV parsing and the streaming decoders behind audio_decode.h. */
#include "audio_decode.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* libstb.so carries stb_vorbis's implementation; the header alone would
 * compile a second copy into this file. */
#define STB_VORBIS_HEADER_ONLY
#include <stb_vorbis.h>

/* Extra room on top of what stb_vorbis reports it needs: its own
 * out-of-memory check counts the decoder struct twice, and stays silent
 * about it. Measured in test_audio. */
#define _AUDIO_VORBIS_SLACK (16 * 1024)
/* Vorbis may overshoot full scale a little; anything far beyond is a
 * corrupt packet, not music. */
#define _AUDIO_SAMPLE_LIMIT 4.0f
#define _AUDIO_RATE_ABSURD 1000000u

static uint16_t _audio_rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t _audio_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *_audio_vorbis_error(int e)
{
    switch (e) {
    case VORBIS__no_error: return "no error";
    case VORBIS_outofmem: return "out of memory";
    case VORBIS_feature_not_supported: return "uses floor type 0, which is not supported";
    case VORBIS_too_many_channels: return "too many channels";
    case VORBIS_unexpected_eof: return "unexpected end of data (truncated?)";
    case VORBIS_seek_invalid: return "seek past the end";
    case VORBIS_invalid_setup: return "invalid setup header";
    case VORBIS_invalid_stream: return "invalid stream";
    case VORBIS_missing_capture_pattern: return "missing Ogg capture pattern";
    case VORBIS_invalid_stream_structure_version: return "unknown Ogg stream structure version";
    case VORBIS_continued_packet_flag_invalid: return "invalid continued-packet flag";
    case VORBIS_incorrect_stream_serial_number: return "wrong stream serial number";
    case VORBIS_invalid_first_page: return "invalid first page (not Vorbis?)";
    case VORBIS_bad_packet_type: return "bad packet type";
    case VORBIS_cant_find_last_page: return "cannot find the last page (truncated?)";
    case VORBIS_seek_failed: return "seek failed";
    case VORBIS_ogg_skeleton_not_supported: return "Ogg skeleton streams are not supported";
    default: return "decoder error";
    }
}

/* A chunk id fit for a message: printable ASCII as is, the rest as \xNN. */
static void _audio_chunk_name(const uint8_t *id, char out[17])
{
    char *p = out;
    for (int i = 0; i < 4; i++) {
        bool plain = id[i] >= 0x20 && id[i] < 0x7f && id[i] != '\\';
        p += plain ? snprintf(p, 2, "%c", id[i]) : snprintf(p, 5, "\\x%02x", id[i]);
    }
}

/* Rate and channel checks shared by both containers; 0 when fine. */
static vt_result _audio_check_layout(const char *name, unsigned channels, unsigned rate, vt_error_msg *err)
{
    if (channels == 0) {
        vt_error_set(err, "%s: zero channels", name);
        return VT_ERR_MALFORMED;
    }
    if (rate == 0) {
        vt_error_set(err, "%s: sample rate is zero", name);
        return VT_ERR_MALFORMED;
    }
    if (rate < AUDIO_RATE_MIN || rate > _AUDIO_RATE_ABSURD) {
        vt_error_set(err, "%s: sample rate %u Hz is absurd (%d to %d Hz are played)", name, rate, AUDIO_RATE_MIN,
                     AUDIO_RATE_MAX);
        return VT_ERR_MALFORMED;
    }
    if (rate > AUDIO_RATE_MAX) {
        vt_error_set(err, "%s: sample rate %u Hz is above the %d Hz played", name, rate, AUDIO_RATE_MAX);
        return VT_ERR_UNSUPPORTED;
    }
    if (channels > 2) {
        vt_error_set(err, "%s: %u channels; only mono and stereo are played", name, channels);
        return VT_ERR_UNSUPPORTED;
    }
    return VT_OK;
}

static vt_result _audio_open_wav(const uint8_t *d, size_t size, audio_source *s, vt_error_msg *err)
{
    const char *name = s->name;
    if (size < 12 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WAVE", 4) != 0) {
        vt_error_set(err, "%s: not a RIFF/WAVE file", name);
        return VT_ERR_MALFORMED;
    }
    /* Some writers get the RIFF size wrong (streaming recorders leave it 0
     * or too large); each chunk is checked against the real end instead. */
    size_t end = size;
    const uint8_t *fmt = NULL, *data = NULL;
    uint32_t fmt_size = 0, data_size = 0;
    size_t pos = 12;
    while (end - pos >= 8) {
        const uint8_t *id = d + pos;
        uint32_t csize = _audio_rd32(d + pos + 4);
        size_t body = pos + 8;
        if (csize > end - body) {
            /* A chunk after the data that runs off the end is junk a
             * recorder left behind; a data chunk that does is truncation. */
            if (data && memcmp(id, "data", 4) != 0)
                break;
            char shown[17];
            _audio_chunk_name(id, shown);
            vt_error_set(err, "%s: truncated: chunk '%s' claims %u bytes but only %zu remain", name, shown,
                         (unsigned)csize, end - body);
            return VT_ERR_MALFORMED;
        }
        if (memcmp(id, "fmt ", 4) == 0 && !fmt) {
            fmt = d + body;
            fmt_size = csize;
        } else if (memcmp(id, "data", 4) == 0 && !data) {
            data = d + body;
            data_size = csize;
        }
        size_t next = body + csize + (csize & 1u); /* chunks are padded to even sizes */
        if (next > end)
            break;
        pos = next;
    }
    if (!fmt) {
        vt_error_set(err, "%s: no 'fmt ' chunk (truncated?)", name);
        return VT_ERR_MALFORMED;
    }
    if (fmt_size < 16) {
        vt_error_set(err, "%s: 'fmt ' chunk is %u bytes, fewer than 16", name, (unsigned)fmt_size);
        return VT_ERR_MALFORMED;
    }
    unsigned tag = _audio_rd16(fmt), channels = _audio_rd16(fmt + 2), rate = _audio_rd32(fmt + 4);
    unsigned block = _audio_rd16(fmt + 12), bits = _audio_rd16(fmt + 14);
    if (tag == 0xFFFEu) {
        /* WAVE_FORMAT_EXTENSIBLE: the real codec is the first two bytes of
         * the sub-format GUID. */
        if (fmt_size < 40) {
            vt_error_set(err, "%s: extensible 'fmt ' chunk is %u bytes, fewer than 40", name, (unsigned)fmt_size);
            return VT_ERR_MALFORMED;
        }
        tag = _audio_rd16(fmt + 24);
    }
    vt_result r = _audio_check_layout(name, channels, rate, err);
    if (r != VT_OK)
        return r;
    if (bits == 0) {
        vt_error_set(err, "%s: zero bits per sample", name);
        return VT_ERR_MALFORMED;
    }
    if (tag == 1) {
        if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            vt_error_set(err, "%s: %u-bit PCM is not played (8, 16, 24 or 32)", name, bits);
            return VT_ERR_UNSUPPORTED;
        }
        s->codec = AUDIO_CODEC_WAV_PCM;
    } else if (tag == 3) {
        if (bits != 32) {
            vt_error_set(err, "%s: %u-bit float is not played (32 only)", name, bits);
            return VT_ERR_UNSUPPORTED;
        }
        s->codec = AUDIO_CODEC_WAV_FLOAT;
    } else {
        vt_error_set(err, "%s: WAV codec 0x%04x is not played (PCM or float only)", name, tag);
        return VT_ERR_UNSUPPORTED;
    }
    if (block != channels * (bits / 8)) {
        vt_error_set(err, "%s: block size %u does not match %u channel(s) of %u bits", name, block, channels, bits);
        return VT_ERR_MALFORMED;
    }
    if (!data) {
        vt_error_set(err, "%s: no 'data' chunk (truncated?)", name);
        return VT_ERR_MALFORMED;
    }
    if (data_size / block == 0) {
        vt_error_set(err, "%s: the 'data' chunk holds no samples", name);
        return VT_ERR_MALFORMED;
    }
    s->channels = (int)channels;
    s->rate = (int)rate;
    s->bits = (int)bits;
    s->frames = data_size / block;
    s->pcm = data;
    return VT_OK;
}

/* Walks every Ogg page and checks its structure and CRC before stb_vorbis
 * sees the bytes. stb_vorbis trusts the lengths in the comment header (a
 * flipped bit there becomes a multi-gigabyte malloc, or with a caller's
 * buffer a write out of bounds), so damaged files are refused here; the
 * package's own checksums catch most damage before this, but curators'
 * files arrive raw. */
static vt_result _audio_check_ogg_pages(const uint8_t *d, size_t size, const char *name, vt_error_msg *err)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i << 24;
        for (int k = 0; k < 8; k++)
            c = c & 0x80000000u ? c << 1 ^ 0x04c11db7u : c << 1;
        table[i] = c;
    }
    size_t pos = 0;
    while (pos < size) {
        const uint8_t *p = d + pos;
        size_t left = size - pos;
        if (left < 27 || (left >= 4 && memcmp(p, "OggS", 4) != 0)) {
            vt_error_set(err, "%s: %s at byte %zu", name, left < 27 ? "truncated Ogg page" : "no Ogg page", pos);
            return VT_ERR_MALFORMED;
        }
        if (p[4] != 0) {
            vt_error_set(err, "%s: Ogg page at byte %zu has unknown version %u", name, pos, p[4]);
            return VT_ERR_MALFORMED;
        }
        size_t segs = p[26], body = 0;
        if (left < 27 + segs) {
            vt_error_set(err, "%s: truncated Ogg page at byte %zu", name, pos);
            return VT_ERR_MALFORMED;
        }
        for (size_t i = 0; i < segs; i++)
            body += p[27 + i];
        size_t page = 27 + segs + body;
        if (left < page) {
            vt_error_set(err, "%s: truncated: the Ogg page at byte %zu needs %zu bytes, %zu remain", name, pos, page,
                         left);
            return VT_ERR_MALFORMED;
        }
        uint32_t crc = 0;
        for (size_t i = 0; i < page; i++) {
            uint8_t b = i >= 22 && i < 26 ? 0 : p[i]; /* the CRC field counts as zeros */
            crc = crc << 8 ^ table[(crc >> 24 ^ b) & 0xffu];
        }
        if (crc != _audio_rd32(p + 22)) {
            vt_error_set(err, "%s: the Ogg page at byte %zu fails its checksum (damaged file)", name, pos);
            return VT_ERR_MALFORMED;
        }
        pos += page;
    }
    return VT_OK;
}

static vt_result _audio_open_vorbis(const uint8_t *d, size_t size, audio_source *s, vt_error_msg *err)
{
    const char *name = s->name;
    if (size > INT_MAX) {
        vt_error_set(err, "%s: %zu bytes of Ogg is more than the decoder takes", name, size);
        return VT_ERR_TOO_LARGE;
    }
    /* The first packet of a stream names its codec. */
    if (size >= 36 && memcmp(d + 28, "OpusHead", 8) == 0) {
        vt_error_set(err, "%s: Ogg Opus is not played (Ogg Vorbis only)", name);
        return VT_ERR_UNSUPPORTED;
    }
    if (size >= 33 && memcmp(d + 28, "\x7f" "FLAC", 5) == 0) {
        vt_error_set(err, "%s: Ogg FLAC is not played (Ogg Vorbis only)", name);
        return VT_ERR_UNSUPPORTED;
    }
    vt_result r = _audio_check_ogg_pages(d, size, name, err);
    if (r != VT_OK)
        return r;
    int e = 0;
    stb_vorbis *v = stb_vorbis_open_memory(d, (int)size, &e, NULL);
    if (!v) {
        vt_error_set(err, "%s: not a playable Ogg Vorbis stream: %s", name, _audio_vorbis_error(e));
        return e == VORBIS_feature_not_supported ? VT_ERR_UNSUPPORTED : VT_ERR_MALFORMED;
    }
    stb_vorbis_info info = stb_vorbis_get_info(v);
    r = _audio_check_layout(name, (unsigned)info.channels, info.sample_rate, err);
    unsigned length = r == VT_OK ? stb_vorbis_stream_length_in_samples(v) : 0;
    if (r == VT_OK && length == 0) {
        vt_error_set(err, "%s: Ogg Vorbis stream holds no samples or its end is missing (truncated?)", name);
        r = VT_ERR_MALFORMED;
    }
    if (r == VT_OK) {
        unsigned temp = info.setup_temp_memory_required > info.temp_memory_required ? info.setup_temp_memory_required
                                                                                      : info.temp_memory_required;
        s->codec = AUDIO_CODEC_VORBIS;
        s->channels = info.channels;
        s->rate = (int)info.sample_rate;
        s->frames = length;
        s->decoder_bytes = ((size_t)info.setup_memory_required + temp + _AUDIO_VORBIS_SLACK + 7u) & ~(size_t)7u;
    }
    stb_vorbis_close(v);
    return r;
}

vt_result audio_source_open_memory(const void *data, size_t size, const char *name, audio_source *src,
                                   vt_error_msg *err)
{
    *src = (audio_source){ 0 };
    snprintf(src->name, sizeof src->name, "%s", name && *name ? name : "(sound)");
    const uint8_t *d = data;
    if (!d || size == 0) {
        vt_error_set(err, "%s: empty (zero bytes)", src->name);
        return VT_ERR_EMPTY;
    }
    src->data = d;
    src->size = size;
    vt_result r;
    if (size >= 4 && memcmp(d, "OggS", 4) == 0)
        r = _audio_open_vorbis(d, size, src, err);
    else if (size >= 4 && memcmp(d, "RIFF", 4) == 0)
        r = _audio_open_wav(d, size, src, err);
    else if (size >= 4 && memcmp(d, "RIFX", 4) == 0) {
        vt_error_set(err, "%s: big-endian RIFX WAV is not played", src->name);
        r = VT_ERR_UNSUPPORTED;
    } else {
        vt_error_set(err, "%s: neither WAV (RIFF/WAVE) nor Ogg Vorbis (OggS)", src->name);
        r = VT_ERR_MALFORMED;
    }
    if (r != VT_OK) {
        char keep[AUDIO_NAME_MAX];
        memcpy(keep, src->name, sizeof keep);
        *src = (audio_source){ 0 };
        memcpy(src->name, keep, sizeof keep);
    }
    return r;
}

double audio_source_duration(const audio_source *src)
{
    return src->rate > 0 ? (double)src->frames / (double)src->rate : 0.0;
}

vt_result audio_decoder_open(audio_decoder *d, const audio_source *src, void *mem, size_t mem_size,
                             vt_error_msg *err)
{
    *d = (audio_decoder){ .src = *src };
    if (src->codec != AUDIO_CODEC_VORBIS)
        return VT_OK;
    if (!mem || mem_size < src->decoder_bytes || mem_size > INT_MAX) {
        vt_error_set(err, "%s: the Vorbis decoder needs %zu bytes, given %zu", src->name, src->decoder_bytes,
                     mem ? mem_size : 0);
        d->failed = true;
        return VT_ERR_OUT_OF_MEMORY;
    }
    stb_vorbis_alloc alloc = { .alloc_buffer = mem, .alloc_buffer_length_in_bytes = (int)mem_size };
    int e = 0;
    d->vorbis = stb_vorbis_open_memory(src->data, (int)src->size, &e, &alloc);
    if (!d->vorbis) {
        vt_error_set(err, "%s: %s", src->name, _audio_vorbis_error(e));
        d->failed = true;
        return e == VORBIS_outofmem ? VT_ERR_OUT_OF_MEMORY : VT_ERR_MALFORMED;
    }
    return VT_OK;
}

static void _audio_fail(audio_decoder *d, const char *what)
{
    d->failed = true;
    snprintf(d->error, sizeof d->error, "%s at %.3f s", what, (double)d->next / d->src.rate);
}

/* WAV samples -> float, stereo. Integer PCM maps full scale to [-1, 1). */
static void _audio_wav_convert(const audio_source *s, uint64_t first, size_t n, float *out)
{
    size_t width = (size_t)s->bits / 8, block = width * (size_t)s->channels;
    const uint8_t *p = s->pcm + first * block;
    for (size_t i = 0; i < n; i++) {
        float v[2] = { 0.0f, 0.0f };
        for (int c = 0; c < s->channels; c++, p += width) {
            float x;
            switch (s->codec == AUDIO_CODEC_WAV_FLOAT ? 0 : s->bits) {
            case 8: x = ((float)p[0] - 128.0f) * (1.0f / 128.0f); break;
            case 16: x = (float)(int16_t)_audio_rd16(p) * (1.0f / 32768.0f); break;
            case 24: x = (float)((int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8) *
                         (1.0f / 8388608.0f);
                break;
            case 32: x = (float)(int32_t)_audio_rd32(p) * (1.0f / 2147483648.0f); break;
            default: {
                uint32_t u = _audio_rd32(p);
                memcpy(&x, &u, sizeof x);
                /* A float WAV can hold NaN or huge values; they would poison
                 * the whole mix, so they are heard as silence / clipped. */
                if (!isfinite(x))
                    x = 0.0f;
                x = x > _AUDIO_SAMPLE_LIMIT ? _AUDIO_SAMPLE_LIMIT : x < -_AUDIO_SAMPLE_LIMIT ? -_AUDIO_SAMPLE_LIMIT : x;
            }
            }
            v[c] = x;
        }
        out[2 * i] = v[0];
        out[2 * i + 1] = s->channels == 2 ? v[1] : v[0];
    }
}

size_t audio_decoder_read(audio_decoder *d, float *out, size_t frames)
{
    if (d->failed || d->next >= d->src.frames)
        return 0;
    uint64_t left = d->src.frames - d->next;
    size_t want = frames < left ? frames : (size_t)left;
    if (d->src.codec != AUDIO_CODEC_VORBIS) {
        _audio_wav_convert(&d->src, d->next, want, out);
        d->next += want;
        return want;
    }
    /* stb writes src.channels floats per frame; mono is spread to both
     * sides afterwards, from the end so nothing is overwritten early. */
    size_t got = 0;
    int ch = d->src.channels;
    while (got < want) {
        size_t chunk = want - got;
        if (chunk > 4096)
            chunk = 4096;
        int n = stb_vorbis_get_samples_float_interleaved(d->vorbis, ch, out + 2 * got, (int)chunk * ch);
        if (n < 0)
            n = 0;
        float *p = out + 2 * got;
        if (ch == 1)
            for (int i = n - 1; i >= 0; i--)
                p[2 * i] = p[2 * i + 1] = p[i];
        for (int i = 0; i < 2 * n; i++) {
            if (!isfinite(p[i]) || fabsf(p[i]) > _AUDIO_SAMPLE_LIMIT) {
                d->next += got + (size_t)i / 2;
                _audio_fail(d, "corrupt Vorbis packet (samples out of range)");
                return got + (size_t)i / 2;
            }
        }
        got += (size_t)n;
        if ((size_t)n < chunk) {
            int e = stb_vorbis_get_error(d->vorbis);
            d->next += got;
            char what[96];
            snprintf(what, sizeof what, "stream ends early (%s)",
                     e ? _audio_vorbis_error(e) : "fewer samples than its last page promises");
            _audio_fail(d, what);
            return got;
        }
    }
    d->next += got;
    return got;
}

bool audio_decoder_seek(audio_decoder *d, uint64_t frame)
{
    if (d->failed)
        return false;
    if (frame > d->src.frames)
        frame = d->src.frames;
    if (d->src.codec == AUDIO_CODEC_VORBIS && frame < d->src.frames) {
        int ok = frame == 0 ? stb_vorbis_seek_start(d->vorbis) : stb_vorbis_seek(d->vorbis, (unsigned)frame);
        if (!ok) {
            d->next = frame;
            _audio_fail(d, "seek failed (corrupt stream)");
            return false;
        }
    }
    d->next = frame;
    return true;
}

void audio_decoder_close(audio_decoder *d)
{
    /* The state lives in the caller's memory: stb_vorbis_close frees
     * nothing then, but it is the documented way to end a decoder. */
    if (d->vorbis)
        stb_vorbis_close(d->vorbis);
    d->vorbis = NULL;
}
