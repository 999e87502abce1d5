/* pack_cache: the content-addressed cache of converted scans
 * ($XDG_CACHE_HOME/vitrine, else ~/.cache/vitrine), shared by the viewer's
 * preview of a raw scan and by exhibition builds, so a scan converted once
 * by either is reused by both.
 *
 * A key covers everything that changes the package's bytes: the scan's
 * bytes (CRC-32, about 1 GB/s: a cached 180 MB scan must still open in a
 * blink) and its base name (recorded in the SRC section), the names, sizes
 * and modification times of the other files in its folder and in its
 * textures/ and Textures/ subfolders (the importer finds textures and
 * buffers there), the import and pack options, the packer version
 * (VT_PACK_VERSION), Vitrine's version and the format version. Built-in
 * models are keyed by name and versions alone. Entries are written
 * atomically (temporary file + rename), so concurrent builders and viewers
 * never see half a package; a damaged entry is simply converted again.
 * Thread-safe (no shared state). */
#ifndef VT_PACK_CACHE_H
#define VT_PACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"
#include "import/import.h"

/* What changes a converted scan besides its files. Zero = the defaults. */
typedef struct pack_cache_options {
    import_up up;
    float unit_scale;     /* 0 = from the file or a guess */
    int max_texture_size; /* 0 = 4096 */
    bool uncompressed;
} pack_cache_options;

/* The default cache folder into OUT ("" when neither XDG_CACHE_HOME nor
 * HOME is usable). Returns OUT. */
const char *pack_cache_default_dir(char *out, size_t out_size);

/* The key of scan file PATH converted with OPT. Reads the whole file:
 * VT_ERR_NOT_FOUND etc. as vt_file_read. */
vt_result pack_cache_key(const char *path, const pack_cache_options *opt, uint64_t *key);
/* The key of built-in model NAME (scene/builtin_models.h). */
uint64_t pack_cache_key_builtin(const char *name, uint32_t revision, const pack_cache_options *opt);

/* FNV-1a (64 bits) of DATA, continuing from H (start from
 * PACK_CACHE_HASH_SEED): keys for other cached things (an exhibition's
 * package is named from its folder's real path). */
#define PACK_CACHE_HASH_SEED 0xcbf29ce484222325ull
uint64_t pack_cache_hash(uint64_t h, const void *data, size_t size);

/* DIR/<key as 16 hex digits>.vitrine ("" when DIR is NULL or ""). */
void pack_cache_entry_path(const char *dir, uint64_t key, char *out, size_t out_size);

/* Writes a package into the cache at PATH atomically, creating its folders
 * (mode 0755). VT_ERR_IO when that is not possible. */
vt_result pack_cache_store(const char *path, const void *data, size_t size);
/* Creates the folders above FILE_PATH. */
bool pack_cache_make_dirs(const char *file_path);

#endif
