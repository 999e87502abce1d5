#define _XOPEN_SOURCE 700 /* nftw */
#include "museum_watch.h"

#include <ftw.h>
#include <string.h>
#include <sys/stat.h>

/* nftw has no user pointer: one walk at a time (the app's thread). */
static uint64_t _watch_acc;

static uint64_t _watch_mix(uint64_t h, uint64_t v)
{
    /* FNV-1a over the value's bytes: order-sensitive, cheap. */
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ull;
    }
    return h;
}

static int _watch_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    uint64_t h = 1469598103934665603ull;
    for (const char *p = path; *p; p++)
        h = _watch_mix(h, (unsigned char)*p);
    h = _watch_mix(h, (uint64_t)flag);
    if (flag == FTW_F) {
        h = _watch_mix(h, (uint64_t)st->st_size);
        h = _watch_mix(h, (uint64_t)st->st_mtim.tv_sec);
        h = _watch_mix(h, (uint64_t)st->st_mtim.tv_nsec);
    }
    /* A sum, so the walk's order (which readdir may change) does not count. */
    _watch_acc += h;
    return 0;
}

uint64_t museum_watch_fingerprint(const char *dir)
{
    _watch_acc = 0;
    if (nftw(dir, _watch_visit, 16, FTW_PHYS) != 0)
        return 0;
    return _watch_acc;
}

void museum_watch_init(museum_watch *w, const char *dir)
{
    memset(w, 0, sizeof *w);
    if (strlen(dir) >= sizeof w->dir)
        return;
    strcpy(w->dir, dir);
    w->fingerprint = museum_watch_fingerprint(dir);
    w->active = true;
}

bool museum_watch_changed(museum_watch *w)
{
    if (!w->active)
        return false;
    uint64_t f = museum_watch_fingerprint(w->dir);
    if (f == w->fingerprint)
        return false;
    w->fingerprint = f;
    return true;
}

void museum_watch_free(museum_watch *w)
{
    memset(w, 0, sizeof *w);
}
