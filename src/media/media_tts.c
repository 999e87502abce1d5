#define _GNU_SOURCE /* pipe2: close-on-exec pipes without a race against other threads' spawns */
#include "media_tts.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "media/media_sentence.h"

extern char **environ;

/* espeak-ng's WAV for one sentence is a few hundred kilobytes. */
#define _TTS_MAX_WAV (64u << 20)
/* A child that says nothing for this long is stuck. */
#define _TTS_TIMEOUT_MS 60000

bool media_tts_voice(const char *lang, char *out, size_t out_size)
{
    assert(out && out_size >= 16);
    char tag[36];
    size_t n = lang ? strlen(lang) : 0;
    if (n == 0 || n >= sizeof tag)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = lang[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        else if (ch == '_')
            ch = '-';
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
            return false;
        tag[i] = ch;
    }
    tag[n] = '\0';
    if (!(tag[0] >= 'a' && tag[0] <= 'z'))
        return false;
    /* Exact tags first (regions and scripts that change the voice), then
     * the primary language subtag. */
    static const struct {
        const char *tag, *voice;
    } exact[] = {
        { "en-us", "en-us" },     { "en-gb", "en-gb" },     { "en-uk", "en-gb" },   { "zh-hk", "yue" },
        { "zh-mo", "yue" },       { "zh-yue", "yue" },      { "yue", "yue" },       { "zh-hant-hk", "yue" },
        { "fr-be", "fr-be" },     { "fr-ch", "fr-ch" },     { "pt-br", "pt-br" },   { "es-419", "es-419" },
    };
    for (size_t k = 0; k < sizeof exact / sizeof exact[0]; k++) {
        if (strcmp(tag, exact[k].tag) == 0) {
            snprintf(out, out_size, "%s", exact[k].voice);
            return true;
        }
    }
    char *dash = strchr(tag, '-');
    if (dash)
        *dash = '\0';
    static const struct {
        const char *lang, *voice;
    } primary[] = {
        { "vi", "vi" }, { "en", "en" }, { "zh", "cmn" }, { "cmn", "cmn" },
        { "ko", "ko" }, { "ja", "ja" }, { "fr", "fr-fr" },
    };
    for (size_t k = 0; k < sizeof primary / sizeof primary[0]; k++) {
        if (strcmp(tag, primary[k].lang) == 0) {
            snprintf(out, out_size, "%s", primary[k].voice);
            return true;
        }
    }
    if (strlen(tag) < 2 || strlen(tag) > 3)
        return false; /* not a language subtag ("x", "i", private use) */
    snprintf(out, out_size, "%s", tag);
    return true;
}

/* What one run of the program left: its stdout, the start of its stderr,
 * how it ended. */
typedef struct _tts_run {
    unsigned char *out;
    size_t out_size, out_cap;
    char errtext[256];
    size_t err_len;
    int status;       /* from waitpid */
    int spawn_errno;  /* nonzero: the program could not be started */
    bool timed_out, too_large;
} _tts_run;

static void _tts_run_free(_tts_run *r)
{
    free(r->out);
    memset(r, 0, sizeof *r);
}

/* Runs ARGV[0] with stdin from /dev/null, collecting stdout and stderr.
 * Returns false only on out of memory or a failed pipe. */
static bool _tts_spawn(char *const argv[], _tts_run *r)
{
    memset(r, 0, sizeof *r);
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0)
        return false;
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        r->spawn_errno = rc;
        return true;
    }
    struct pollfd fds[2] = { { out_pipe[0], POLLIN, 0 }, { err_pipe[0], POLLIN, 0 } };
    int open_fds = 2;
    bool ok = true;
    unsigned char buf[16384];
    while (open_fds > 0) {
        int pr = poll(fds, 2, _TTS_TIMEOUT_MS);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0) {
            r->timed_out = true;
            break;
        }
        for (int k = 0; k < 2; k++) {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(fds[k].fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                close(fds[k].fd);
                fds[k].fd = -1;
                open_fds--;
                continue;
            }
            if (k == 1) {
                size_t room = sizeof r->errtext - 1 - r->err_len;
                size_t take = (size_t)got < room ? (size_t)got : room;
                memcpy(r->errtext + r->err_len, buf, take);
                r->err_len += take;
                continue;
            }
            if (r->out_size + (size_t)got > _TTS_MAX_WAV) {
                r->too_large = true;
                continue; /* keep draining so the child can finish */
            }
            if (r->out_size + (size_t)got > r->out_cap) {
                size_t cap = r->out_cap ? r->out_cap * 2 : 1u << 18;
                while (cap < r->out_size + (size_t)got)
                    cap *= 2;
                unsigned char *p = realloc(r->out, cap);
                if (!p) {
                    ok = false;
                    r->too_large = true;
                    continue;
                }
                r->out = p;
                r->out_cap = cap;
            }
            memcpy(r->out + r->out_size, buf, (size_t)got);
            r->out_size += (size_t)got;
        }
    }
    for (int k = 0; k < 2; k++)
        if (fds[k].fd >= 0)
            close(fds[k].fd);
    if (r->timed_out)
        kill(pid, SIGKILL); /* our own child, stuck */
    while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR) {
    }
    r->errtext[r->err_len] = '\0';
    char *nl = strchr(r->errtext, '\n');
    if (nl)
        *nl = '\0';
    return ok;
}

/* Frames at either end quieter than this (about -78 dBFS) are espeak-ng's
 * lead-in and tail: trimmed so cues fit the voice, 10 ms kept. */
static void _trim(const media_pcm *p, size_t *first, size_t *end)
{
    const float floor = 4.0f / 32768.0f;
    size_t a = 0, b = p->frames;
    while (a < b && fabsf(p->samples[a]) < floor)
        a++;
    while (b > a && fabsf(p->samples[b - 1]) < floor)
        b--;
    size_t margin = (size_t)p->sample_rate / 100;
    *first = a > margin ? a - margin : 0;
    *end = b + margin < p->frames ? b + margin : p->frames;
}

/* Synthesises one sentence into *PCM (mono). */
static vt_result _tts_sentence(const char *program, const char *voice, int wpm, const char *lang, const char *text,
                               media_pcm *pcm, vt_error_msg *err)
{
    char speed[16];
    snprintf(speed, sizeof speed, "%d", wpm);
    /* -z: no pause after the last sentence (the gap is ours); -b 1: UTF-8. */
    char *argv[] = { (char *)program, "-v", (char *)voice, "-s", speed, "-b", "1", "-z", "--stdout", "--",
                     (char *)text, NULL };
    _tts_run r;
    if (!_tts_spawn(argv, &r)) {
        _tts_run_free(&r);
        vt_error_set(err, "narration (%s): out of memory or no pipe running %s", lang, program);
        return VT_ERR_OUT_OF_MEMORY;
    }
    if (r.spawn_errno) {
        vt_error_set(err,
                     "narration (%s): cannot run %s (%s) — fix: install the Debian package espeak-ng, or record "
                     "the narration",
                     lang, program, strerror(r.spawn_errno));
        _tts_run_free(&r);
        return VT_ERR_UNSUPPORTED;
    }
    bool exited = WIFEXITED(r.status);
    int code = exited ? WEXITSTATUS(r.status) : -1;
    if (r.timed_out || !exited || code != 0 || r.too_large) {
        vt_result res = VT_ERR_IO;
        if (exited && code == 127) {
            vt_error_set(err, "narration (%s): %s not found — fix: install the Debian package espeak-ng", lang,
                         program);
            res = VT_ERR_UNSUPPORTED;
        } else if (strstr(r.errtext, "voice")) {
            vt_error_set(err, "narration (%s): espeak-ng has no voice \"%s\" (%s) — fix: record the narration "
                              "for this language",
                         lang, voice, r.errtext);
            res = VT_ERR_UNSUPPORTED;
        } else if (r.timed_out) {
            vt_error_set(err, "narration (%s): %s did not finish", lang, program);
        } else if (r.too_large) {
            vt_error_set(err, "narration (%s): %s wrote too much audio", lang, program);
            res = VT_ERR_TOO_LARGE;
        } else {
            vt_error_set(err, "narration (%s): %s failed (exit %d): %s", lang, program, code, r.errtext);
        }
        _tts_run_free(&r);
        return res;
    }
    vt_error_msg derr;
    vt_result res = media_decode_wav(r.out, r.out_size, program, pcm, &derr);
    _tts_run_free(&r);
    if (res == VT_ERR_EMPTY)
        return VT_ERR_EMPTY; /* nothing to say (punctuation only): the caller skips it */
    if (res != VT_OK) {
        vt_error_set(err, "narration (%s): unreadable audio from %s: %s", lang, program, derr.text);
        return VT_ERR_MALFORMED;
    }
    if (pcm->channels != 1) {
        vt_error_set(err, "narration (%s): %s wrote %d channels, expected mono", lang, program, pcm->channels);
        media_pcm_free(pcm);
        return VT_ERR_MALFORMED;
    }
    return VT_OK;
}

void media_tts_out_free(media_tts_out *o)
{
    if (!o)
        return;
    media_pcm_free(&o->pcm);
    memset(o, 0, sizeof *o);
}

vt_result media_tts_synthesise(const media_tts_desc *d, vt_arena *arena, media_tts_out *out, vt_error_msg *err)
{
    assert(d && arena && out);
    memset(out, 0, sizeof *out);
    const char *lang = d->lang ? d->lang : "";
    const char *program = d->program ? d->program : "espeak-ng";
    int wpm = d->words_per_minute > 0 ? d->words_per_minute : MEDIA_TTS_WPM;
    int gap_ms = d->gap_ms > 0 ? d->gap_ms : MEDIA_TTS_GAP_MS;
    if (!media_tts_voice(lang, out->voice, sizeof out->voice)) {
        vt_error_set(err, "narration: \"%s\" is not a language tag — fix: use a BCP-47 tag such as vi, en or zh", lang);
        return VT_ERR_UNSUPPORTED;
    }
    const char *text = d->text ? d->text : "";
    if (strlen(text) > MEDIA_TTS_MAX_TEXT) {
        vt_error_set(err, "narration (%s): %zu bytes of text is too long to synthesise (at most %u)", lang,
                     strlen(text), MEDIA_TTS_MAX_TEXT);
        return VT_ERR_TOO_LARGE;
    }
    size_t count = media_split_sentences(text, NULL, 0);
    if (count == 0) {
        vt_error_set(err, "narration (%s): no text to synthesise", lang);
        return VT_ERR_EMPTY;
    }
    media_span *spans = malloc(count * sizeof *spans);
    media_pcm *parts = calloc(count, sizeof *parts);
    size_t *firsts = calloc(count, sizeof *firsts), *ends = calloc(count, sizeof *ends);
    char *sentence = malloc(MEDIA_SENTENCE_MAX_BYTES + 1);
    vt_result res = VT_OK;
    if (!spans || !parts || !firsts || !ends || !sentence) {
        vt_error_set(err, "narration (%s): out of memory", lang);
        res = VT_ERR_OUT_OF_MEMORY;
        goto done;
    }
    media_split_sentences(text, spans, count);

    int rate = 0;
    size_t total = 0, spoken = 0;
    for (size_t i = 0; i < count; i++) {
        media_span_copy(text, spans[i], sentence, MEDIA_SENTENCE_MAX_BYTES + 1);
        res = _tts_sentence(program, out->voice, wpm, lang, sentence, &parts[i], err);
        if (res == VT_ERR_EMPTY) {
            res = VT_OK;
            continue;
        }
        if (res != VT_OK)
            goto done;
        if (rate && parts[i].sample_rate != rate) {
            vt_error_set(err, "narration (%s): %s changed sample rate between sentences", lang, program);
            res = VT_ERR_MALFORMED;
            goto done;
        }
        rate = parts[i].sample_rate;
        _trim(&parts[i], &firsts[i], &ends[i]);
        if (ends[i] <= firsts[i])
            continue; /* silence: nothing to caption */
        total += ends[i] - firsts[i];
        spoken++;
    }
    if (spoken == 0) {
        vt_error_set(err, "narration (%s): espeak-ng produced no speech for this text", lang);
        res = VT_ERR_EMPTY;
        goto done;
    }
    size_t gap = (size_t)rate * (size_t)gap_ms / 1000;
    total += gap * (spoken - 1);
    float *pcm = calloc(total, sizeof *pcm);
    if (!pcm) {
        vt_error_set(err, "narration (%s): out of memory", lang);
        res = VT_ERR_OUT_OF_MEMORY;
        goto done;
    }
    out->pcm = (media_pcm){ pcm, total, 1, rate };
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        if (!parts[i].samples || ends[i] <= firsts[i])
            continue;
        if (at)
            at += gap;
        size_t n = ends[i] - firsts[i];
        memcpy(pcm + at, parts[i].samples + firsts[i], n * sizeof *pcm);
        media_span_copy(text, spans[i], sentence, MEDIA_SENTENCE_MAX_BYTES + 1);
        res = media_captions_add(&out->captions, arena, (double)at / rate, (double)(at + n) / rate, sentence);
        if (res != VT_OK) {
            vt_error_set(err, "narration (%s): out of memory", lang);
            goto done;
        }
        at += n;
    }
    assert(at == total);
done:
    if (parts)
        for (size_t i = 0; i < count; i++)
            media_pcm_free(&parts[i]);
    free(parts);
    free(spans);
    free(firsts);
    free(ends);
    free(sentence);
    if (res != VT_OK) {
        media_pcm_free(&out->pcm);
        out->captions = (media_captions){ 0 };
    }
    return res;
}
