/* The cache of converted scans: keys, entry paths, atomic stores. */
#define _POSIX_C_SOURCE 200809L
#include "pack_cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/crc32.h"
#include "base/file.h"
#include "import/pack.h"
#include "package/vitrine_format.h"

#ifndef VITRINE_VERSION
#define VITRINE_VERSION "0.0.0"
#endif

/* FNV-1a, 64 bits: a cache key, not a defence against forgery. */
uint64_t pack_cache_hash(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static int _cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Files beside a scan the importer never reads for it: the exhibition's
 * own description, built packages, other scans (their own keys cover them),
 * narration and notes. Hashing them would reconvert every scan of a folder
 * whenever a curator saves a title or adds a recording. */
static bool _unrelated(const char *name)
{
    static const char *const skip[] = { "vitrine", "obj", "ply", "glb", "gltf", "fbx", "dae", "stl", "3ds",
                                        "blend", "wav", "ogg", "opus", "mp3", "flac", "vtt", "txt", "md",
                                        "vtscript", "pdf" };
    if (strcmp(name, "exhibition.json") == 0)
        return true;
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (strcasecmp(dot + 1, skip[i]) == 0)
            return true;
    return false;
}

/* Names, sizes and times of the regular files in DIR (sorted by name) that
 * an import could read: textures, .mtl, .bin and the like. */
static uint64_t _hash_folder(uint64_t h, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return h;
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d))) {
        if (e->d_name[0] == '.' || _unrelated(e->d_name))
            continue;
        if (n == cap) {
            char **grown = realloc(names, 2 * cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
            cap *= 2;
        }
        if ((names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (!names)
        return h;
    qsort(names, n, sizeof *names, _cmp_str);
    for (size_t i = 0; i < n; i++) {
        char full[4400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", dir, names[i]);
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            h = pack_cache_hash(h, names[i], strlen(names[i]));
            h = pack_cache_hash(h, &st.st_size, sizeof st.st_size);
            h = pack_cache_hash(h, &st.st_mtim.tv_sec, sizeof st.st_mtim.tv_sec);
        }
        free(names[i]);
    }
    free(names);
    return h;
}

/* Versions and options: what the packer does with a model. */
static uint64_t _hash_options(const pack_cache_options *opt)
{
    static const pack_cache_options none = { 0 };
    if (!opt)
        opt = &none;
    uint64_t h = PACK_CACHE_HASH_SEED;
    uint32_t format[2] = { VT_PKG_VERSION_MAJOR, VT_PKG_VERSION_MINOR };
    h = pack_cache_hash(h, VT_PACK_VERSION, sizeof VT_PACK_VERSION);
    h = pack_cache_hash(h, VITRINE_VERSION, sizeof VITRINE_VERSION); /* written into the SRC section */
    h = pack_cache_hash(h, format, sizeof format);
    int32_t up = (int32_t)opt->up, tex = opt->max_texture_size > 0 ? opt->max_texture_size : 4096;
    uint8_t raw = opt->uncompressed;
    h = pack_cache_hash(h, &up, sizeof up);
    h = pack_cache_hash(h, &opt->unit_scale, sizeof opt->unit_scale);
    h = pack_cache_hash(h, &tex, sizeof tex);
    return pack_cache_hash(h, &raw, sizeof raw);
}

vt_result pack_cache_key(const char *path, const pack_cache_options *opt, uint64_t *key)
{
    vt_blob blob;
    vt_result r = vt_file_read(path, &blob, 0);
    if (r != VT_OK)
        return r;
    uint64_t h = _hash_options(opt);
    uint32_t crc = vt_crc32(0, blob.data, blob.size);
    uint64_t size = blob.size;
    vt_blob_free(&blob);
    h = pack_cache_hash(h, &crc, sizeof crc);
    h = pack_cache_hash(h, &size, sizeof size);
    /* The base name is in the package (SRC): two copies of one scan under
     * different names are two entries, or a build's bytes would depend on
     * which copy was converted first. */
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    h = pack_cache_hash(h, base, strlen(base) + 1);
    /* The folder's other files an import may read, and those in its
     * textures/ and Textures/ (where the importer also looks), in name
     * order: a changed texture or .bin beside the scan makes a new key. The
     * scan itself is in the key by content. */
    char dir[4096], sub[4200];
    vt_path_dirname(path, dir, sizeof dir);
    h = _hash_folder(h, dir);
    snprintf(sub, sizeof sub, "%s/textures", dir);
    h = _hash_folder(h, sub);
    snprintf(sub, sizeof sub, "%s/Textures", dir);
    *key = _hash_folder(h, sub);
    return VT_OK;
}

uint64_t pack_cache_key_builtin(const char *name, uint32_t revision, const pack_cache_options *opt)
{
    uint64_t h = _hash_options(opt);
    h = pack_cache_hash(h, "builtin:", 8);
    h = pack_cache_hash(h, &revision, sizeof revision);
    return pack_cache_hash(h, name, strlen(name) + 1);
}

const char *pack_cache_default_dir(char *out, size_t out_size)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(out, out_size, "%s/vitrine", xdg);
    else if (home && home[0])
        snprintf(out, out_size, "%s/.cache/vitrine", home);
    else if (out_size)
        out[0] = 0;
    return out;
}

void pack_cache_entry_path(const char *dir, uint64_t key, char *out, size_t out_size)
{
    if (!dir || !dir[0]) {
        if (out_size)
            out[0] = 0;
        return;
    }
    snprintf(out, out_size, "%s/%016llx.vitrine", dir, (unsigned long long)key);
}

bool pack_cache_make_dirs(const char *file_path)
{
    char dir[4096];
    vt_path_dirname(file_path, dir, sizeof dir);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(dir, 0755) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    return mkdir(dir, 0755) == 0 || errno == EEXIST;
}

vt_result pack_cache_store(const char *path, const void *data, size_t size)
{
    if (!path || !path[0] || !pack_cache_make_dirs(path))
        return VT_ERR_IO;
    return vt_file_write_atomic(path, data, size);
}
