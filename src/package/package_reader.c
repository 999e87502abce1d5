/* The validating .vitrine reader. Every rule below answers "what could a
 * damaged or hostile file make us do wrong?"; each failure names the file
 * and the problem, the way redis reports a corrupt RDB. */
#define _POSIX_C_SOURCE 200809L
#include "package.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/crc32.h"
#include "base/file.h"

static vt_result _pkg_bad(const vt_package *pkg, vt_error_msg *err, vt_result r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static vt_result _pkg_bad(const vt_package *pkg, vt_error_msg *err, vt_result r, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    vt_error_set(err, "%s: %s", pkg->path, what);
    return r;
}

static bool _finite_n(const float *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

/* Sections sorted by (type, id): a package may hold tens of thousands, and
 * a linear search per lookup would make opening one quadratic. */
struct pkg_key {
    uint64_t key;
    uint32_t section;
    uint32_t pad;
};

static uint64_t _pkg_key(uint32_t type, uint32_t id) { return (uint64_t)type << 32 | id; }

static int _pkg_key_cmp(const void *a, const void *b)
{
    const struct pkg_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->section < y->section ? -1 : x->section > y->section;
}

/* The first (lowest-numbered) section with TYPE/ID; *dup tells whether
 * another one follows. */
static const vt_pkg_section *_pkg_find(const vt_package *pkg, uint32_t type, uint32_t id, bool *dup)
{
    uint64_t key = _pkg_key(type, id);
    size_t lo = 0, hi = pkg->section_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pkg->index[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= pkg->section_count || pkg->index[lo].key != key)
        return NULL;
    if (dup)
        *dup = lo + 1 < pkg->section_count && pkg->index[lo + 1].key == key;
    return &pkg->sections[pkg->index[lo].section];
}

const vt_pkg_section *pkg_find(const vt_package *pkg, uint32_t type, uint32_t id)
{
    return _pkg_find(pkg, type, id, NULL);
}

static bool _pkg_crc_ok(const vt_package *pkg, const vt_pkg_section *s)
{
    return vt_crc32(0, pkg->base + s->offset, (size_t)s->size) == s->crc;
}

/* A description section: present once, the expected size, its CRC right. */
static vt_result _pkg_table(vt_package *pkg, uint32_t type, uint64_t elem, uint64_t count, const void **out,
                            vt_error_msg *err)
{
    const char name[5] = { (char)(type & 0xff), (char)((type >> 8) & 0xff), (char)((type >> 16) & 0xff),
                           (char)(type >> 24), 0 };
    bool dup = false;
    const vt_pkg_section *s = _pkg_find(pkg, type, 0, &dup);
    if (!s)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the %s section is missing", name);
    if (dup)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the %s section appears twice", name);
    if (count != UINT64_MAX && s->size != elem * count)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the %s section is %llu bytes; %llu expected", name,
                        (unsigned long long)s->size, (unsigned long long)(elem * count));
    if (count == UINT64_MAX && s->size % elem != 0)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the %s section size %llu is not a multiple of %llu", name,
                        (unsigned long long)s->size, (unsigned long long)elem);
    if (!_pkg_crc_ok(pkg, s))
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the %s section is corrupted (checksum mismatch)", name);
    *out = pkg->base + s->offset;
    return VT_OK;
}

static vt_result _pkg_check_meshes(vt_package *pkg, vt_error_msg *err)
{
    const vt_pkg_meta *meta = pkg->meta;
    for (uint32_t m = 0; m < meta->mesh_count; m++) {
        const vt_pkg_mesh *mesh = &pkg->meshes[m];
        if (mesh->material >= meta->material_count)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u names material %u of %u", m, mesh->material,
                            meta->material_count);
        if (mesh->vertex_flags & ~(uint32_t)(VT_VTX_UV | VT_VTX_COLOR))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u has unknown vertex flags 0x%x", m,
                            mesh->vertex_flags);
        if (mesh->vertex_stride != vt_pkg_vertex_stride(mesh->vertex_flags))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u vertex stride %u does not match its flags", m,
                            mesh->vertex_stride);
        if (mesh->lod_count < 1 || mesh->lod_count > VT_PKG_MAX_LODS)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u has %u levels of detail (1 to %u allowed)", m,
                            mesh->lod_count, VT_PKG_MAX_LODS);
        if (!_finite_n(mesh->pos_offset, 3) || !_finite_n(mesh->pos_scale, 3) || !_finite_n(mesh->uv_offset, 2) ||
            !_finite_n(mesh->uv_scale, 2) || !_finite_n(mesh->bounds_min, 3) || !_finite_n(mesh->bounds_max, 3))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u has a non-finite bound or scale", m);
        for (uint32_t l = 0; l < mesh->lod_count; l++) {
            const vt_pkg_lod *lod = &mesh->lods[l];
            if (lod->index_size != 2 && lod->index_size != 4)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: index size %u", m, l, lod->index_size);
            if (lod->index_count == 0 || lod->index_count % 3 != 0 || lod->vertex_count == 0)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: %u indices, %u vertices", m, l,
                                lod->index_count, lod->vertex_count);
            if (lod->index_size == 2 && lod->vertex_count > 65536)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: 16-bit indices for %u vertices", m, l,
                                lod->vertex_count);
            if (!isfinite(lod->error) || lod->error < 0)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: bad error %g", m, l, lod->error);
            const vt_pkg_section *vs = pkg_find(pkg, VT_SEC_VERTICES, m << 8 | l);
            const vt_pkg_section *is = pkg_find(pkg, VT_SEC_INDICES, m << 8 | l);
            if (!vs || vs->size != (uint64_t)lod->vertex_count * mesh->vertex_stride)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: vertex data missing or wrong size", m,
                                l);
            if (!is || is->size != (uint64_t)lod->index_count * lod->index_size)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: index data missing or wrong size", m,
                                l);
            if ((uint64_t)lod->first_chunk + lod->chunk_count > pkg->chunk_count || lod->chunk_count == 0)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: chunks %u+%u of %u", m, l,
                                lod->first_chunk, lod->chunk_count, pkg->chunk_count);
            for (uint32_t c = 0; c < lod->chunk_count; c++) {
                const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
                if ((uint64_t)ch->first_index + ch->index_count > lod->index_count || ch->index_count == 0 ||
                    ch->index_count % 3 ||
                    ch->first_index % 3 || !_finite_n(ch->bounds_min, 3) || !_finite_n(ch->bounds_max, 3))
                    return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: chunk %u is out of range", m, l,
                                    c);
            }
        }
    }
    return VT_OK;
}

static vt_result _pkg_check_textures(vt_package *pkg, vt_error_msg *err)
{
    const vt_pkg_meta *meta = pkg->meta;
    for (uint32_t m = 0; m < meta->material_count; m++) {
        const vt_pkg_material *mat = &pkg->materials[m];
        if (!_finite_n(mat->base_color, 4))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "material %u has a non-finite colour", m);
        for (int t = 0; t < 3; t++)
            if (mat->texture[t] < -1 || mat->texture[t] >= (int32_t)meta->texture_count)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "material %u names texture %d of %u", m, mat->texture[t],
                                meta->texture_count);
    }
    for (uint32_t t = 0; t < meta->texture_count; t++) {
        const vt_pkg_texture *tex = &pkg->textures[t];
        if (vt_pkg_mip_size(tex->format, 1, 1) == 0)
            return _pkg_bad(pkg, err, VT_ERR_UNSUPPORTED, "texture %u has unknown format %u", t, tex->format);
        if (tex->width < 1 || tex->height < 1 || tex->width > 16384 || tex->height > 16384 || tex->slot > 2)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "texture %u is %ux%u (slot %u)", t, tex->width, tex->height,
                            tex->slot);
        uint32_t levels = 1;
        while (vt_pkg_mip_dim(tex->width, levels - 1) > 1 || vt_pkg_mip_dim(tex->height, levels - 1) > 1)
            levels++;
        if (tex->mip_count != levels)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "texture %u has %u mips; a full chain is %u", t, tex->mip_count,
                            levels);
        for (uint32_t i = 0; i < levels; i++) {
            const vt_pkg_section *s = pkg_find(pkg, VT_SEC_MIP, t << 8 | i);
            uint64_t want = vt_pkg_mip_size(tex->format, vt_pkg_mip_dim(tex->width, i), vt_pkg_mip_dim(tex->height, i));
            if (!s || s->size != want)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "texture %u mip %u is missing or the wrong size", t, i);
        }
    }
    return VT_OK;
}

/* Well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF) without NUL bytes: the text goes to a JSON reader and to
 * C strings. Returns the offset of the first bad byte, or SIZE. */
static uint64_t _pkg_utf8_bad_at(const uint8_t *s, uint64_t size)
{
    uint64_t i = 0;
    while (i < size) {
        uint8_t c = s[i];
        uint32_t n, cp;
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1, cp = c & 0x1fu;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2, cp = c & 0x0fu;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3, cp = c & 0x07u;
        else
            return i;
        if (n > size - i - 1)
            return i;
        for (uint32_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += n + 1;
    }
    return size;
}

/* MDIR and its MEDA sections: optional, but whole when there. */
static vt_result _pkg_open_media(vt_package *pkg, vt_error_msg *err)
{
    uint32_t dirs = 0, media = 0;
    for (uint32_t i = 0; i < pkg->section_count; i++) {
        dirs += pkg->sections[i].type == VT_SEC_MEDIA_DIR;
        media += pkg->sections[i].type == VT_SEC_MEDIA;
    }
    if (dirs == 0) {
        if (media)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "has %u media sections but no media directory (MDIR)",
                            media);
        return VT_OK;
    }
    if (dirs > 1)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "has %u media directories (MDIR); one at most", dirs);
    const void *p;
    vt_result r = _pkg_table(pkg, VT_SEC_MEDIA_DIR, sizeof(vt_pkg_media), UINT64_MAX, &p, err);
    if (r != VT_OK)
        return r;
    uint32_t n = (uint32_t)(pkg_find(pkg, VT_SEC_MEDIA_DIR, 0)->size / sizeof(vt_pkg_media));
    if (n != media)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "its media directory lists %u media but %u are stored", n,
                        media);
    const vt_pkg_media *m = p;
    for (uint32_t i = 0; i < n; i++) {
        bool dup = false;
        if (!_pkg_find(pkg, VT_SEC_MEDIA, i, &dup) || dup)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "medium %u is %s", i, dup ? "stored twice" : "missing");
        if (m[i].kind < VT_MEDIA_AUDIO || m[i].kind > VT_MEDIA_AMBIENT)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "medium %u is of unknown kind %u", i, m[i].kind);
        if (!memchr(m[i].lang, 0, sizeof m[i].lang) || !memchr(m[i].name, 0, sizeof m[i].name))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "medium %u has an unterminated name", i);
        if (!isfinite(m[i].seconds) || m[i].seconds < 0 || m[i].seconds > 86400.0f)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "medium %u lasts %g seconds", i, (double)m[i].seconds);
    }
    pkg->media = m;
    pkg->media_count = n;
    return VT_OK;
}

/* The checks of an exhibition package's outer file (package.h). Nested
 * scans are validated when opened: a build tool that reads one scan need
 * not pay for all of them. */
static vt_result _pkg_open_exhibition(vt_package *pkg, vt_error_msg *err)
{
    uint32_t counts[3] = { 0, 0, 0 }, scans = 0;
    static const uint32_t once[3] = { VT_SEC_EXHIBITION, VT_SEC_ARTEFACT_MAP, VT_SEC_ROOM_MAP };
    static const char *const once_names[3] = { "EXHB", "AMAP", "RMAP" };
    for (uint32_t i = 0; i < pkg->section_count; i++) {
        uint32_t t = pkg->sections[i].type;
        for (int k = 0; k < 3; k++)
            counts[k] += t == once[k];
        scans += t == VT_SEC_SCAN;
        /* A package is a scan or an exhibition: a reader that found META
         * would draw it as a scan and never look at the exhibition. */
        if (t == VT_SEC_META || t == VT_SEC_MATERIALS || t == VT_SEC_MESHES || t == VT_SEC_CHUNKS ||
            t == VT_SEC_TEXTURES || t == VT_SEC_VERTICES || t == VT_SEC_INDICES || t == VT_SEC_MIP)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "holds an exhibition (EXHB) and scan data (section %u) "
                            "side by side; a package is one or the other", i);
    }
    for (int k = 0; k < 3; k++)
        if (counts[k] != 1)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "an exhibition package needs exactly one %s section; "
                            "this one has %u", once_names[k], counts[k]);

    vt_result r;
    const void *p;
    if ((r = _pkg_table(pkg, VT_SEC_EXHIBITION, 1, UINT64_MAX, &p, err)) != VT_OK)
        return r;
    const vt_pkg_section *e = pkg_find(pkg, VT_SEC_EXHIBITION, 0);
    if (e->size == 0)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the EXHB section (exhibition.json) is empty");
    uint64_t bad = _pkg_utf8_bad_at(p, e->size);
    if (bad != e->size)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the EXHB section (exhibition.json) is not UTF-8 text: byte "
                        "%llu is %s", (unsigned long long)bad, ((const uint8_t *)p)[bad] ? "invalid" : "a NUL");
    pkg->exhibition_json = (pkg_blob){ p, e->size };

    /* Scans: ids 0..n-1, each once, each at least a package header. */
    pkg->scan_count = scans;
    for (uint32_t i = 0; i < pkg->section_count; i++) {
        const vt_pkg_section *s = &pkg->sections[i];
        if (s->type != VT_SEC_SCAN)
            continue;
        bool dup = false;
        if (s->id >= scans)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "scan section %u has id %u; %u scans must be numbered "
                            "0 to %u without gaps", i, s->id, scans, scans - 1);
        _pkg_find(pkg, VT_SEC_SCAN, s->id, &dup);
        if (dup)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "scan %u appears twice", s->id);
        if (s->size < sizeof(vt_pkg_header))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "scan %u is %llu bytes, too short to be a package", s->id,
                            (unsigned long long)s->size);
    }

    for (int k = 1; k < 3; k++) {
        const char *what = k == 1 ? "artefact" : "room";
        if ((r = _pkg_table(pkg, once[k], sizeof(uint32_t), UINT64_MAX, &p, err)) != VT_OK)
            return r;
        uint32_t n = (uint32_t)(pkg_find(pkg, once[k], 0)->size / sizeof(uint32_t));
        const uint32_t *map = p;
        for (uint32_t i = 0; i < n; i++)
            if (map[i] != VT_PKG_NONE && map[i] >= scans)
                return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "%s %u names scan %u of %u", what, i, map[i], scans);
        if (k == 1)
            pkg->artefact_map = map, pkg->artefact_count = n;
        else
            pkg->room_map = map, pkg->room_count = n;
    }
    pkg->is_exhibition = true;
    return _pkg_open_media(pkg, err);
}

static vt_result _pkg_open_memory(vt_package *pkg, const void *data, size_t size, const char *name,
                                  vt_error_msg *err)
{
    /* The structs are read in place: the caller must hand over aligned
     * memory (mmap is page-aligned; tests and the fuzzer use malloc). */
    assert(((uintptr_t)data & 7u) == 0 && "package bytes must be 8-byte aligned");
    memset(pkg, 0, sizeof *pkg);
    snprintf(pkg->path, sizeof pkg->path, "%s", name ? name : "package");
    pkg->base = data;
    pkg->size = size;
    if (size < sizeof(vt_pkg_header))
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "too short to be a Vitrine package (%zu bytes)", size);
    const vt_pkg_header *h = data;
    if (memcmp(h->magic, VT_PKG_MAGIC, 8) != 0)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "not a Vitrine package (wrong magic bytes)");
    if (vt_crc32(0, h, offsetof(vt_pkg_header, header_crc)) != h->header_crc)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the header is corrupted (checksum mismatch)");
    if (h->version_major != VT_PKG_VERSION_MAJOR)
        return _pkg_bad(pkg, err, VT_ERR_UNSUPPORTED,
                        "package format version %u.%u; this Vitrine reads version %u (rebuild it with vitrine-pack)",
                        h->version_major, h->version_minor, VT_PKG_VERSION_MAJOR);
    if (h->header_size != sizeof(vt_pkg_header) || h->directory_offset != sizeof(vt_pkg_header) || h->flags != 0 ||
        h->reserved[0] || h->reserved[1] || h->reserved[2])
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "unexpected header layout");
    if (h->file_size != size)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "truncated or padded: the header says %llu bytes, the file has %zu",
                        (unsigned long long)h->file_size, size);
    if (h->section_count == 0 || h->section_count > VT_PKG_MAX_SECTIONS)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "%u sections (1 to %u allowed)", h->section_count,
                        VT_PKG_MAX_SECTIONS);
    uint64_t dir_end = h->directory_offset + (uint64_t)h->section_count * sizeof(vt_pkg_section);
    if (dir_end > size)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the section directory runs past the end of the file");
    pkg->header = h;
    pkg->sections = (const vt_pkg_section *)(pkg->base + h->directory_offset);
    pkg->section_count = h->section_count;
    if (vt_crc32(0, pkg->sections, (size_t)(dir_end - h->directory_offset)) != h->directory_crc)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "the section directory is corrupted (checksum mismatch)");

    /* Sections lie in the file in directory order, aligned, after the
     * directory, inside the file, never overlapping. */
    uint64_t prev_end = dir_end;
    for (uint32_t i = 0; i < pkg->section_count; i++) {
        const vt_pkg_section *s = &pkg->sections[i];
        if (s->offset % VT_PKG_ALIGN != 0 || s->offset < prev_end || s->offset > size || s->size > size - s->offset)
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "section %u lies outside the file or overlaps another", i);
        prev_end = s->offset + s->size;
    }

    pkg->index = malloc((size_t)pkg->section_count * sizeof *pkg->index);
    if (!pkg->index)
        return _pkg_bad(pkg, err, VT_ERR_OUT_OF_MEMORY, "out of memory reading the directory");
    for (uint32_t i = 0; i < pkg->section_count; i++)
        pkg->index[i] = (struct pkg_key){ _pkg_key(pkg->sections[i].type, pkg->sections[i].id), i, 0 };
    qsort(pkg->index, pkg->section_count, sizeof *pkg->index, _pkg_key_cmp);

    for (uint32_t i = 0; i < pkg->section_count; i++)
        if (pkg->sections[i].type == VT_SEC_EXHIBITION)
            return _pkg_open_exhibition(pkg, err);

    vt_result r;
    const void *p;
    if ((r = _pkg_table(pkg, VT_SEC_META, sizeof(vt_pkg_meta), 1, &p, err)) != VT_OK)
        return r;
    pkg->meta = p;
    const vt_pkg_meta *meta = pkg->meta;
    if (meta->mesh_count == 0 || meta->mesh_count > 4096 || meta->material_count == 0 ||
        meta->material_count > 4096 || meta->texture_count > 256 || !_finite_n(meta->bounds_min, 3) ||
        !_finite_n(meta->bounds_max, 3))
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "implausible counts or bounds in the META section");
    if ((r = _pkg_table(pkg, VT_SEC_MATERIALS, sizeof(vt_pkg_material), meta->material_count, &p, err)) != VT_OK)
        return r;
    pkg->materials = p;
    if ((r = _pkg_table(pkg, VT_SEC_MESHES, sizeof(vt_pkg_mesh), meta->mesh_count, &p, err)) != VT_OK)
        return r;
    pkg->meshes = p;
    const vt_pkg_section *cs = pkg_find(pkg, VT_SEC_CHUNKS, 0);
    if ((r = _pkg_table(pkg, VT_SEC_CHUNKS, sizeof(vt_pkg_chunk), UINT64_MAX, &p, err)) != VT_OK)
        return r;
    pkg->chunks = p;
    pkg->chunk_count = (uint32_t)(cs->size / sizeof(vt_pkg_chunk));
    if (meta->texture_count > 0) {
        if ((r = _pkg_table(pkg, VT_SEC_TEXTURES, sizeof(vt_pkg_texture), meta->texture_count, &p, err)) != VT_OK)
            return r;
        pkg->textures = p;
    }
    if ((r = _pkg_check_meshes(pkg, err)) != VT_OK || (r = _pkg_check_textures(pkg, err)) != VT_OK)
        return r;
    const vt_pkg_section *src = pkg_find(pkg, VT_SEC_SOURCE, 0);
    if (src && _pkg_crc_ok(pkg, src)) {
        pkg->source_json.data = pkg->base + src->offset;
        pkg->source_json.size = src->size;
    }
    return VT_OK;
}

vt_result pkg_open_memory(vt_package *pkg, const void *data, size_t size, const char *name, vt_error_msg *err)
{
    vt_result r = _pkg_open_memory(pkg, data, size, name, err);
    if (r != VT_OK) {
        free(pkg->index);
        pkg->index = NULL;
    }
    return r;
}

vt_result pkg_open(vt_package *pkg, const char *path, vt_error_msg *err)
{
    memset(pkg, 0, sizeof *pkg);
    size_t size = 0;
    vt_result r = vt_file_check(path, &size);
    if (r != VT_OK) {
        vt_file_check_message(path, r, err);
        return r;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        vt_error_set(err, "%s: cannot be opened (%s)", path, strerror(errno));
        return VT_ERR_UNREADABLE;
    }
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        vt_error_set(err, "%s: cannot be mapped (%s)", path, strerror(errno));
        return VT_ERR_UNREADABLE;
    }
    r = pkg_open_memory(pkg, map, size, path, err);
    if (r != VT_OK) {
        munmap(map, size);
        memset(pkg, 0, sizeof *pkg);
        return r;
    }
    pkg->owns_mapping = true;
    return VT_OK;
}

void pkg_close(vt_package *pkg)
{
    free(pkg->index);
    if (pkg->owns_mapping && pkg->base)
        munmap((void *)pkg->base, (size_t)pkg->size);
    memset(pkg, 0, sizeof *pkg);
}

static vt_result _pkg_fetch(const vt_package *pkg, uint32_t type, uint32_t id, bool verify, pkg_blob *out,
                            vt_error_msg *err)
{
    const vt_pkg_section *s = pkg_find(pkg, type, id);
    if (!s) /* pkg_open checked presence; this is a caller asking out of range */
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "no section %08x/%u", type, id);
    if (verify && !_pkg_crc_ok(pkg, s))
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "data section %u is corrupted (checksum mismatch)",
                        (unsigned)(s - pkg->sections));
    out->data = pkg->base + s->offset;
    out->size = s->size;
    return VT_OK;
}

vt_result pkg_vertices(const vt_package *pkg, uint32_t m, uint32_t l, bool verify, pkg_blob *out, vt_error_msg *err)
{
    if (!pkg->meta || m >= pkg->meta->mesh_count || l >= pkg->meshes[m].lod_count)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "no mesh %u level %u", m, l);
    return _pkg_fetch(pkg, VT_SEC_VERTICES, m << 8 | l, verify, out, err);
}

vt_result pkg_indices(const vt_package *pkg, uint32_t m, uint32_t l, bool verify, pkg_blob *out, vt_error_msg *err)
{
    if (!pkg->meta || m >= pkg->meta->mesh_count || l >= pkg->meshes[m].lod_count)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "no mesh %u level %u", m, l);
    vt_result r = _pkg_fetch(pkg, VT_SEC_INDICES, m << 8 | l, verify, out, err);
    if (r != VT_OK || !verify)
        return r;
    /* An index past the vertices would make the GPU read outside a buffer. */
    const vt_pkg_lod *lod = &pkg->meshes[m].lods[l];
    uint32_t max = 0;
    if (lod->index_size == 2) {
        const uint16_t *ix = (const uint16_t *)out->data;
        for (uint32_t i = 0; i < lod->index_count; i++)
            max = ix[i] > max ? ix[i] : max;
    } else {
        const uint32_t *ix = (const uint32_t *)out->data;
        for (uint32_t i = 0; i < lod->index_count; i++)
            max = ix[i] > max ? ix[i] : max;
    }
    if (max >= lod->vertex_count)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "mesh %u level %u: index %u past %u vertices", m, l, max,
                        lod->vertex_count);
    return VT_OK;
}

vt_result pkg_mip(const vt_package *pkg, uint32_t t, uint32_t mip, bool verify, pkg_blob *out, vt_error_msg *err)
{
    if (!pkg->meta || t >= pkg->meta->texture_count || mip >= pkg->textures[t].mip_count)
        return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "no texture %u mip %u", t, mip);
    return _pkg_fetch(pkg, VT_SEC_MIP, t << 8 | mip, verify, out, err);
}

vt_result pkg_verify_all(const vt_package *pkg, vt_error_msg *err)
{
    for (uint32_t i = 0; i < pkg->section_count; i++)
        if (!_pkg_crc_ok(pkg, &pkg->sections[i]))
            return _pkg_bad(pkg, err, VT_ERR_MALFORMED, "section %u is corrupted (checksum mismatch)", i);
    for (uint32_t i = 0; pkg->is_exhibition && i < pkg->scan_count; i++) {
        vt_package inner;
        vt_result r = pkg_open_scan(pkg, i, &inner, err);
        if (r == VT_OK)
            r = pkg_verify_all(&inner, err);
        pkg_close(&inner);
        if (r != VT_OK)
            return r;
    }
    if (!pkg->meta)
        return VT_OK;
    for (uint32_t m = 0; m < pkg->meta->mesh_count; m++)
        for (uint32_t l = 0; l < pkg->meshes[m].lod_count; l++) {
            pkg_blob b;
            vt_result r = pkg_indices(pkg, m, l, true, &b, err);
            if (r != VT_OK)
                return r;
        }
    return VT_OK;
}

uint32_t pkg_media_count(const vt_package *p) { return p->media_count; }

const vt_pkg_media *pkg_media(const vt_package *p, uint32_t i) { return i < p->media_count ? &p->media[i] : NULL; }

int pkg_media_find(const vt_package *p, uint32_t kind, uint32_t hotspot, const char *lang)
{
    for (uint32_t i = 0; i < p->media_count; i++) {
        const vt_pkg_media *m = &p->media[i];
        if (m->kind == kind && m->hotspot == hotspot && (!lang || !lang[0] || strcmp(m->lang, lang) == 0))
            return (int)i;
    }
    return -1;
}

vt_result pkg_media_data(const vt_package *p, uint32_t i, bool verify, pkg_blob *out, vt_error_msg *err)
{
    if (i >= p->media_count)
        return _pkg_bad(p, err, VT_ERR_MALFORMED, "no medium %u", i);
    return _pkg_fetch(p, VT_SEC_MEDIA, i, verify, out, err);
}

bool pkg_is_exhibition(const vt_package *p) { return p->is_exhibition; }
pkg_blob pkg_exhibition_json(const vt_package *p) { return p->exhibition_json; }
uint32_t pkg_scan_count(const vt_package *p) { return p->scan_count; }
uint32_t pkg_artefact_count(const vt_package *p) { return p->artefact_count; }
uint32_t pkg_room_count(const vt_package *p) { return p->room_count; }

/* Entries were checked at open: below scan_count or VT_PKG_NONE. */
uint32_t pkg_artefact_scan(const vt_package *p, uint32_t artefact)
{
    return artefact < p->artefact_count ? p->artefact_map[artefact] : VT_PKG_NONE;
}

uint32_t pkg_room_scan(const vt_package *p, uint32_t room)
{
    return room < p->room_count ? p->room_map[room] : VT_PKG_NONE;
}

vt_result pkg_open_scan(const vt_package *outer, uint32_t i, vt_package *inner, vt_error_msg *err)
{
    memset(inner, 0, sizeof *inner);
    if (!outer->is_exhibition || i >= outer->scan_count)
        return _pkg_bad(outer, err, VT_ERR_MALFORMED, "no scan %u (%u in this package)", i, outer->scan_count);
    const vt_pkg_section *s = pkg_find(outer, VT_SEC_SCAN, i);
    char name[sizeof inner->path];
    snprintf(name, sizeof name, "%s#scan %u", outer->path, i);
    /* Sections start on 64-byte boundaries of an 8-byte-aligned base, so the
     * nested package is aligned as pkg_open_memory requires. */
    vt_result r = pkg_open_memory(inner, outer->base + s->offset, (size_t)s->size, name, err);
    if (r != VT_OK) {
        memset(inner, 0, sizeof *inner);
        return r;
    }
    if (inner->is_exhibition) {
        pkg_close(inner);
        vt_error_set(err, "%s: is itself an exhibition package; a scan package was expected here", name);
        return VT_ERR_MALFORMED;
    }
    return VT_OK;
}

void pkg_decode_position(const vt_pkg_mesh *mesh, const uint8_t *vertex, float out[3])
{
    uint16_t q[3];
    memcpy(q, vertex, sizeof q);
    for (int i = 0; i < 3; i++)
        out[i] = mesh->pos_offset[i] + (float)q[i] * (1.0f / 65535.0f) * mesh->pos_scale[i];
}

/* Octahedral normals: the unit sphere folded onto a square, two snorm16s
 * (Cigolle et al. 2014, "A Survey of Efficient Representations for
 * Independent Unit Vectors"). */
void pkg_oct_decode(int16_t x, int16_t y, float out[3])
{
    float u = fmaxf((float)x / 32767.0f, -1.0f), v = fmaxf((float)y / 32767.0f, -1.0f);
    float z = 1.0f - fabsf(u) - fabsf(v);
    if (z < 0) {
        float ou = u;
        u = (1.0f - fabsf(v)) * (ou >= 0 ? 1.0f : -1.0f);
        v = (1.0f - fabsf(ou)) * (v >= 0 ? 1.0f : -1.0f);
    }
    float len = sqrtf(u * u + v * v + z * z);
    out[0] = u / len;
    out[1] = v / len;
    out[2] = z / len;
}

void pkg_oct_encode(const float n[3], int16_t out[2])
{
    float l1 = fabsf(n[0]) + fabsf(n[1]) + fabsf(n[2]);
    float u = l1 > 0 ? n[0] / l1 : 0.0f, v = l1 > 0 ? n[1] / l1 : 0.0f;
    if (n[2] < 0) {
        float ou = u;
        u = (1.0f - fabsf(v)) * (ou >= 0 ? 1.0f : -1.0f);
        v = (1.0f - fabsf(ou)) * (v >= 0 ? 1.0f : -1.0f);
    }
    out[0] = (int16_t)lrintf(fminf(fmaxf(u, -1.0f), 1.0f) * 32767.0f);
    out[1] = (int16_t)lrintf(fminf(fmaxf(v, -1.0f), 1.0f) * 32767.0f);
}
