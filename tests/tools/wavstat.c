/* wavstat: what a recorded WAV holds, for the shell tests of narration
 * (--audio-out): "frames=N seconds=S rms_db=R peak=P voiced_seconds=V",
 * where voiced seconds count 10 ms windows louder than -45 dBFS. Exit 3
 * when the file is not a WAV the audio module reads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "audio/audio_decode.h"
#include "base/file.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wavstat FILE.wav\n");
        return 2;
    }
    vt_blob blob;
    vt_error_msg err = { { 0 } };
    if (vt_file_read(argv[1], &blob, 0) != VT_OK) {
        fprintf(stderr, "wavstat: cannot read %s\n", argv[1]);
        return 3;
    }
    audio_source src;
    if (audio_source_open_memory(blob.data, blob.size, argv[1], &src, &err) != VT_OK) {
        fprintf(stderr, "wavstat: %s\n", err.text);
        vt_blob_free(&blob);
        return 3;
    }
    audio_decoder dec;
    static uint8_t mem[1 << 19];
    if (audio_decoder_open(&dec, &src, mem, sizeof mem, &err) != VT_OK) {
        fprintf(stderr, "wavstat: %s\n", err.text);
        vt_blob_free(&blob);
        return 3;
    }
    /* The decoder hands out stereo frames at the file's rate. */
    size_t window = (size_t)(src.rate / 100), in_window = 0, voiced = 0, frames = 0;
    double sum = 0, wsum = 0, peak = 0;
    float buf[2 * 1024];
    size_t n;
    while ((n = audio_decoder_read(&dec, buf, 1024)) > 0) {
        for (size_t i = 0; i < n; i++) {
            double v = 0.5 * ((double)buf[2 * i] + (double)buf[2 * i + 1]);
            sum += v * v;
            wsum += v * v;
            peak = fmax(peak, fabs(v));
            if (++in_window == window) {
                if (10.0 * log10(wsum / (double)window + 1e-20) > -45.0)
                    voiced++;
                in_window = 0;
                wsum = 0;
            }
        }
        frames += n;
    }
    audio_decoder_close(&dec);
    double rms = frames ? sqrt(sum / (double)frames) : 0;
    printf("frames=%zu seconds=%.3f rms_db=%.1f peak=%.3f voiced_seconds=%.2f\n", frames,
           (double)frames / src.rate, 20.0 * log10(rms + 1e-12), peak, (double)voiced * 0.01);
    vt_blob_free(&blob);
    return 0;
}
