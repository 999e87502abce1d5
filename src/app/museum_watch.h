/* museum_watch: notices when a curator saves a file in the exhibition
 * folder (vitrine --watch). Polling a fingerprint of every file's name, size
 * and modification time costs a directory walk twice a second and works on
 * any file system (inotify misses changes on network shares and in some
 * editors' save-by-rename). */
#ifndef VT_MUSEUM_WATCH_H
#define VT_MUSEUM_WATCH_H

#include <stdbool.h>
#include <stdint.h>

typedef struct museum_watch {
    char dir[1024];
    uint64_t fingerprint;
    bool active;
} museum_watch;

/* Remembers DIR's state now. A path that is not a folder (a built package)
 * is watched as one file. */
void museum_watch_init(museum_watch *w, const char *dir);
/* True once per change since the last call. */
bool museum_watch_changed(museum_watch *w);
void museum_watch_free(museum_watch *w);

/* The fingerprint itself (tests). */
uint64_t museum_watch_fingerprint(const char *dir);

#endif
