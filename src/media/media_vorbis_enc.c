#include "media_vorbis_enc.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <vorbis/vorbisenc.h>

/* A growing output buffer; `failed` latches out of memory. */
typedef struct _ogg_out {
    unsigned char *data;
    size_t size, cap;
    int failed;
} _ogg_out;

static void _put(_ogg_out *o, const unsigned char *p, long n)
{
    if (o->failed || n <= 0)
        return;
    if (o->size + (size_t)n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1u << 16;
        while (cap < o->size + (size_t)n + 1)
            cap *= 2;
        unsigned char *d = realloc(o->data, cap);
        if (!d) {
            o->failed = 1;
            return;
        }
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->size, p, (size_t)n);
    o->size += (size_t)n;
}

static void _put_page(_ogg_out *o, const ogg_page *pg)
{
    _put(o, pg->header, pg->header_len);
    _put(o, pg->body, pg->body_len);
}

/* FNV-1a over the samples' bytes and the layout: the same input always
 * gets the same serial, different narrations almost always different ones
 * (which matters only if streams are ever chained). */
static uint32_t _serial(const float *pcm, size_t count, int channels, int rate)
{
    uint32_t h = 2166136261u;
    const unsigned char *b = (const unsigned char *)pcm;
    for (size_t i = 0; i < count * sizeof *pcm; i++)
        h = (h ^ b[i]) * 16777619u;
    h = (h ^ (uint32_t)channels) * 16777619u;
    h = (h ^ (uint32_t)rate) * 16777619u;
    return h ? h : 1u;
}

vt_result media_vorbis_encode(const float *pcm, size_t frames, int channels, int sample_rate,
                              const media_vorbis_desc *d, vt_blob *out, vt_error_msg *err)
{
    assert(out && (pcm || frames == 0));
    memset(out, 0, sizeof *out);
    media_vorbis_desc def = { 0 };
    if (!d)
        d = &def;
    if (channels < 1 || channels > 2) {
        vt_error_set(err, "Vorbis encoding: %d channels (mono or stereo only)", channels);
        return VT_ERR_UNSUPPORTED;
    }
    float quality = d->quality != 0.0f ? d->quality : MEDIA_VORBIS_QUALITY;
    uint32_t serial = d->serial ? d->serial : _serial(pcm, frames * (size_t)channels, channels, sample_rate);

    vorbis_info vi;
    vorbis_info_init(&vi);
    if (vorbis_encode_init_vbr(&vi, channels, sample_rate, quality) != 0) {
        vorbis_info_clear(&vi);
        vt_error_set(err, "Vorbis encoding: %d channels at %d Hz, quality %.2f not supported", channels, sample_rate,
                     (double)quality);
        return VT_ERR_UNSUPPORTED;
    }
    vorbis_comment vc;
    vorbis_comment_init(&vc);
    vorbis_comment_add_tag(&vc, "ENCODER", "Vitrine");
    vorbis_dsp_state vd;
    vorbis_block vb;
    vorbis_analysis_init(&vd, &vi);
    vorbis_block_init(&vd, &vb);
    ogg_stream_state os;
    ogg_stream_init(&os, (int)serial);

    _ogg_out o = { 0 };
    ogg_packet hdr, hdr_comm, hdr_code;
    vorbis_analysis_headerout(&vd, &vc, &hdr, &hdr_comm, &hdr_code);
    ogg_stream_packetin(&os, &hdr);
    ogg_stream_packetin(&os, &hdr_comm);
    ogg_stream_packetin(&os, &hdr_code);
    ogg_page pg;
    /* The headers get pages of their own, so audio starts on a fresh page. */
    while (ogg_stream_flush(&os, &pg))
        _put_page(&o, &pg);

    const size_t chunk = 4096;
    size_t at = 0;
    int eos = 0;
    while (!eos && !o.failed) {
        size_t n = frames - at < chunk ? frames - at : chunk;
        if (n == 0) {
            vorbis_analysis_wrote(&vd, 0); /* end of stream */
        } else {
            float **buf = vorbis_analysis_buffer(&vd, (int)n);
            for (size_t i = 0; i < n; i++)
                for (int c = 0; c < channels; c++)
                    buf[c][i] = pcm[(at + i) * (size_t)channels + (size_t)c];
            vorbis_analysis_wrote(&vd, (int)n);
            at += n;
        }
        while (vorbis_analysis_blockout(&vd, &vb) == 1) {
            vorbis_analysis(&vb, NULL);
            vorbis_bitrate_addblock(&vb);
            ogg_packet op;
            while (vorbis_bitrate_flushpacket(&vd, &op)) {
                ogg_stream_packetin(&os, &op);
                while (!eos && ogg_stream_pageout(&os, &pg)) {
                    _put_page(&o, &pg);
                    eos = ogg_page_eos(&pg);
                }
            }
        }
    }
    ogg_stream_clear(&os);
    vorbis_block_clear(&vb);
    vorbis_dsp_clear(&vd);
    vorbis_comment_clear(&vc);
    vorbis_info_clear(&vi);
    if (o.failed) {
        free(o.data);
        vt_error_set(err, "out of memory encoding Vorbis");
        return VT_ERR_OUT_OF_MEMORY;
    }
    o.data[o.size] = '\0'; /* vt_blob's promise: one NUL after the bytes */
    out->data = o.data;
    out->size = o.size;
    return VT_OK;
}
