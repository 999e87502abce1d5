/* The streaming, atomic WAV writer behind audio_wav.h. */
#define _POSIX_C_SOURCE 200809L
#include "audio_wav.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define _AUDIO_WAV_HEADER 44u
#define _AUDIO_WAV_CHUNK 1024 /* frames converted at a time */

static void _audio_put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void _audio_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static unsigned _audio_wav_sample_bytes(const audio_wav_desc *d) { return d->format == AUDIO_WAV_S16 ? 2u : 4u; }

/* The canonical 44-byte header: RIFF, a 16-byte fmt chunk, data. The sizes
 * are zero until close knows them. */
static void _audio_wav_header(uint8_t h[_AUDIO_WAV_HEADER], const audio_wav_desc *d, uint32_t data_bytes)
{
    unsigned bytes = _audio_wav_sample_bytes(d);
    unsigned block = bytes * (unsigned)d->channels;
    memcpy(h, "RIFF", 4);
    _audio_put32(h + 4, data_bytes ? 36u + data_bytes : 0u);
    memcpy(h + 8, "WAVEfmt ", 8);
    _audio_put32(h + 16, 16);
    _audio_put16(h + 20, d->format == AUDIO_WAV_S16 ? 1u : 3u);
    _audio_put16(h + 22, (uint32_t)d->channels);
    _audio_put32(h + 24, (uint32_t)d->rate);
    _audio_put32(h + 28, (uint32_t)d->rate * block);
    _audio_put16(h + 32, block);
    _audio_put16(h + 34, bytes * 8u);
    memcpy(h + 36, "data", 4);
    _audio_put32(h + 40, data_bytes);
}

vt_result audio_wav_writer_open(audio_wav_writer *w, const char *path, const audio_wav_desc *desc,
                                vt_error_msg *err)
{
    *w = (audio_wav_writer){ 0 };
    audio_wav_desc d = desc ? *desc : (audio_wav_desc){ 0 };
    if (d.rate <= 0)
        d.rate = 48000;
    if (d.channels <= 0)
        d.channels = 2;
    w->desc = d;
    if (snprintf(w->path, sizeof w->path, "%s", path) >= (int)sizeof w->path) {
        vt_error_set(err, "%s: path too long", path);
        return VT_ERR_IO;
    }
    snprintf(w->tmp, sizeof w->tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(w->tmp);
    if (fd < 0) {
        vt_error_set(err, "%s: cannot create a file there: %s", path, strerror(errno));
        return VT_ERR_IO;
    }
    /* mkstemp creates 0600; a recording is an ordinary file. */
    if (fchmod(fd, 0644) != 0 || !(w->file = fdopen(fd, "wb"))) {
        vt_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(w->tmp);
        return VT_ERR_IO;
    }
    uint8_t h[_AUDIO_WAV_HEADER];
    _audio_wav_header(h, &d, 0);
    if (fwrite(h, 1, sizeof h, w->file) != sizeof h)
        w->failed = true;
    return VT_OK;
}

bool audio_wav_writer_write(audio_wav_writer *w, const float *samples, size_t frames)
{
    if (!w->file || w->failed)
        return false;
    int ch = w->desc.channels;
    while (frames > 0) {
        size_t n = frames < _AUDIO_WAV_CHUNK ? frames : _AUDIO_WAV_CHUNK;
        size_t count = n * (size_t)ch;
        /* Little-endian bytes whatever the host, so the file is the same
         * everywhere. */
        uint8_t buf[_AUDIO_WAV_CHUNK * 2 * 4 * 4];
        uint8_t *big = NULL, *p = buf;
        if (count * 4 > sizeof buf) {
            big = malloc(count * 4);
            if (!big) {
                w->failed = true;
                return false;
            }
            p = big;
        }
        for (size_t i = 0; i < count; i++) {
            float x = samples[i];
            if (w->desc.format == AUDIO_WAV_S16) {
                if (!(x > -1.0f)) /* also NaN */
                    x = -1.0f;
                if (x > 1.0f)
                    x = 1.0f;
                long v = lroundf(x * 32767.0f);
                _audio_put16(p + 2 * i, (uint32_t)(uint16_t)(int16_t)v);
            } else {
                uint32_t u;
                memcpy(&u, &x, sizeof u);
                _audio_put32(p + 4 * i, u);
            }
        }
        size_t bytes = count * _audio_wav_sample_bytes(&w->desc);
        bool ok = fwrite(p, 1, bytes, w->file) == bytes;
        free(big);
        if (!ok) {
            w->failed = true;
            return false;
        }
        samples += count;
        frames -= n;
        w->frames += n;
    }
    return true;
}

void audio_wav_writer_abort(audio_wav_writer *w)
{
    if (w->file) {
        fclose(w->file);
        unlink(w->tmp);
    }
    w->file = NULL;
}

vt_result audio_wav_writer_close(audio_wav_writer *w, vt_error_msg *err)
{
    if (!w->file) {
        vt_error_set(err, "%s: the recording was never opened", w->path);
        return VT_ERR_IO;
    }
    uint64_t data = w->frames * _audio_wav_sample_bytes(&w->desc) * (uint64_t)w->desc.channels;
    if (data > UINT32_MAX - 36u) {
        audio_wav_writer_abort(w);
        vt_error_set(err, "%s: %llu bytes of audio do not fit in a WAV file (4 GiB)", w->path,
                     (unsigned long long)data);
        return VT_ERR_TOO_LARGE;
    }
    uint8_t h[_AUDIO_WAV_HEADER];
    _audio_wav_header(h, &w->desc, (uint32_t)data);
    bool ok = !w->failed && fseek(w->file, 0, SEEK_SET) == 0 && fwrite(h, 1, sizeof h, w->file) == sizeof h &&
              fflush(w->file) == 0 && fsync(fileno(w->file)) == 0;
    int saved = errno;
    ok = fclose(w->file) == 0 && ok;
    w->file = NULL;
    if (!ok || rename(w->tmp, w->path) != 0) {
        if (ok)
            saved = errno;
        unlink(w->tmp);
        vt_error_set(err, "%s: writing failed: %s", w->path, strerror(saved));
        return VT_ERR_IO;
    }
    return VT_OK;
}

vt_result audio_wav_write(const char *path, const float *samples, size_t frames, const audio_wav_desc *desc,
                          vt_error_msg *err)
{
    audio_wav_writer w;
    vt_result r = audio_wav_writer_open(&w, path, desc, err);
    if (r != VT_OK)
        return r;
    /* A failed write is remembered: close reports it and removes the
     * temporary file. */
    (void)audio_wav_writer_write(&w, samples, frames);
    return audio_wav_writer_close(&w, err);
}
