/* fuzz_package: libFuzzer harness for the .vitrine reader
 * (src/package/package_reader.c), in the manner of cgltf's fuzz/main.c.
 *
 * Each input is copied into its own malloc block of exactly its size (8-byte
 * aligned, as pkg_open_memory requires, and ASan sees any read past it) and
 * opened twice: as it is, and with every checksum recomputed, so mutations
 * reach the rules behind the checksums. When pkg_open_memory accepts it, the harness does what the viewer
 * does with a package: verifies every section, fetches every level's
 * vertices and indices and every mip with verification, and then walks the
 * data the way the renderer would, trusting what pkg_open promised. Broken
 * promises abort (a crash libFuzzer reports):
 *   - a refusal whose message does not name the file;
 *   - a chunk outside its level's indices, a material or texture reference
 *     out of range, a missing data section for a declared level or mip;
 *   - a verified index at or past the level's vertex count;
 *   - for an exhibition package (format 1.1): a map entry past the scans,
 *     an empty or NUL-holding exhibition text, or a nested package that
 *     opens as an exhibition. Every nested scan that opens is walked like a
 *     top-level one.
 * Build and run: tests/fuzz/run_fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32.h"
#include "package/package.h"
#include "package/texture_decode.h"

#define FUZZ_NAME "fuzz.vitrine"

static void _fuzz_broken(const char *what)
{
    fprintf(stderr, "fuzz_package: broken promise: %s\n", what);
    abort();
}

/* A level, used as the renderer would once both fetches succeeded. */
static uint32_t _fuzz_level(const vt_package *pkg, uint32_t m, uint32_t l)
{
    const vt_pkg_mesh *mesh = &pkg->meshes[m];
    const vt_pkg_lod *lod = &mesh->lods[l];
    vt_error_msg err = { { 0 } };
    pkg_blob vb, ib;
    uint32_t sum = 0;
    for (uint32_t c = 0; c < lod->chunk_count; c++) {
        const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
        if ((uint64_t)ch->first_index + ch->index_count > lod->index_count)
            _fuzz_broken("a chunk past its level's indices");
    }
    vt_result rv = pkg_vertices(pkg, m, l, true, &vb, &err);
    vt_result ri = pkg_indices(pkg, m, l, true, &ib, &err);
    if ((rv != VT_OK || ri != VT_OK) && !strstr(err.text, FUZZ_NAME))
        _fuzz_broken("a fetch refused without naming the file");
    if (rv != VT_OK || ri != VT_OK)
        return 0;
    if (vb.size != (uint64_t)lod->vertex_count * mesh->vertex_stride ||
        ib.size != (uint64_t)lod->index_count * lod->index_size)
        _fuzz_broken("a data section of the wrong size");
    for (uint32_t i = 0; i < lod->index_count; i++) {
        uint32_t v;
        if (lod->index_size == 2) {
            uint16_t v16;
            memcpy(&v16, ib.data + 2u * i, 2);
            v = v16;
        } else {
            memcpy(&v, ib.data + 4u * i, 4);
        }
        if (v >= lod->vertex_count)
            _fuzz_broken("a verified index past the vertices");
        const uint8_t *vtx = vb.data + (size_t)v * mesh->vertex_stride;
        float p[3], n[3];
        int16_t oct[2];
        pkg_decode_position(mesh, vtx, p);
        memcpy(oct, vtx + 8, 4);
        pkg_oct_decode(oct[0], oct[1], n);
        sum += (uint32_t)(p[0] > n[1]) + vtx[mesh->vertex_stride - 1];
    }
    return sum;
}

static uint32_t _fuzz_textures(const vt_package *pkg)
{
    uint32_t sum = 0;
    vt_error_msg err = { { 0 } };
    for (uint32_t t = 0; t < pkg->meta->texture_count; t++) {
        const vt_pkg_texture *tex = &pkg->textures[t];
        uint32_t w = tex->width, h = tex->height;
        for (uint32_t i = 0; i < tex->mip_count; i++) {
            pkg_blob b;
            if (!pkg_find(pkg, VT_SEC_MIP, t << 8 | i))
                _fuzz_broken("a declared mip without a section");
            if (pkg_mip(pkg, t, i, true, &b, &err) == VT_OK) {
                if (b.size != vt_pkg_mip_size(tex->format, w, h))
                    _fuzz_broken("a mip of the wrong size");
                /* The loading thread's fallback decode, kept to modest sizes. */
                if ((uint64_t)w * h <= (1u << 20)) {
                    uint8_t *rgba = malloc((size_t)w * h * 4);
                    if (rgba && pkg_decode_mip(tex->format, b.data, w, h, rgba))
                        sum += rgba[(size_t)w * h * 4 - 1];
                    free(rgba);
                }
            } else if (!strstr(err.text, FUZZ_NAME)) {
                _fuzz_broken("a mip refused without naming the file");
            }
            w = w > 1 ? w / 2 : 1;
            h = h > 1 ? h / 2 : 1;
        }
    }
    return sum;
}

/* Makes every checksum right again (sections inside the file, then the
 * directory, then the header). Random mutations almost never keep a CRC-32
 * right, so without this pass nearly every input would stop at a checksum
 * and the rules behind them would go unfuzzed. Nested scan packages (ASCN
 * sections) are redone first, DEPTH levels down. */
static void _fuzz_rechecksum(uint8_t *b, size_t size, int depth)
{
    if (size < sizeof(vt_pkg_header) || memcmp(b, VT_PKG_MAGIC, 8) != 0)
        return;
    vt_pkg_header h;
    memcpy(&h, b, sizeof h);
    uint64_t nested = h.section_count, nested_room = (size - sizeof h) / sizeof(vt_pkg_section);
    nested = nested < nested_room ? nested : nested_room;
    for (uint64_t i = 0; depth > 0 && i < nested; i++) {
        vt_pkg_section s;
        memcpy(&s, b + sizeof h + i * sizeof s, sizeof s);
        if (s.type == VT_SEC_SCAN && s.offset <= size && s.size <= size - s.offset)
            _fuzz_rechecksum(b + s.offset, (size_t)s.size, depth - 1);
    }
    uint64_t n = h.section_count, room = (size - sizeof h) / sizeof(vt_pkg_section);
    n = n < room ? n : room;
    for (uint64_t i = 0; i < n; i++) {
        vt_pkg_section s;
        uint8_t *at = b + sizeof h + i * sizeof s;
        memcpy(&s, at, sizeof s);
        if (s.offset <= size && s.size <= size - s.offset) {
            s.crc = vt_crc32(0, b + s.offset, (size_t)s.size);
            memcpy(at, &s, sizeof s);
        }
    }
    h.directory_crc = vt_crc32(0, b + sizeof h, (size_t)n * sizeof(vt_pkg_section));
    h.header_crc = vt_crc32(0, &h, offsetof(vt_pkg_header, header_crc));
    memcpy(b, &h, sizeof h);
}

/* A scan package, walked as the viewer would. */
static uint32_t _fuzz_scan(const vt_package *p)
{
    vt_error_msg err = { { 0 } };
    uint32_t sink = 0;
    if (pkg_verify_all(p, &err) != VT_OK && !strstr(err.text, FUZZ_NAME))
        _fuzz_broken("pkg_verify_all refused without naming the file");
    const vt_pkg_meta *meta = p->meta;
    for (uint32_t m = 0; m < meta->mesh_count; m++) {
        const vt_pkg_mesh *mesh = &p->meshes[m];
        if (mesh->material >= meta->material_count)
            _fuzz_broken("a mesh naming a material out of range");
        for (uint32_t l = 0; l < mesh->lod_count; l++)
            sink += _fuzz_level(p, m, l);
    }
    for (uint32_t i = 0; i < meta->material_count; i++)
        for (int s = 0; s < 3; s++)
            if (p->materials[i].texture[s] >= (int32_t)meta->texture_count || p->materials[i].texture[s] < -1)
                _fuzz_broken("a material naming a texture out of range");
    sink += _fuzz_textures(p);
    /* Asking past the end is refused, not read. */
    pkg_blob b;
    if (pkg_vertices(p, meta->mesh_count, 0, true, &b, &err) == VT_OK ||
        pkg_indices(p, 0, p->meshes[0].lod_count, false, &b, &err) == VT_OK ||
        pkg_mip(p, meta->texture_count, 0, false, &b, &err) == VT_OK)
        _fuzz_broken("a fetch out of range succeeded");
    for (uint64_t i = 0; i < p->source_json.size; i++)
        sink += p->source_json.data[i];
    return sink;
}

/* An exhibition package: the maps and text as promised, every nested scan
 * that opens walked like a top-level one. */
static uint32_t _fuzz_exhibition(const vt_package *pkg)
{
    uint32_t sink = 0, scans = pkg_scan_count(pkg);
    vt_error_msg err = { { 0 } };
    pkg_blob text = pkg_exhibition_json(pkg);
    if (text.size == 0 || memchr(text.data, 0, (size_t)text.size))
        _fuzz_broken("an exhibition text that is empty or holds a NUL");
    for (uint32_t i = 0; i <= pkg_artefact_count(pkg); i++) {
        uint32_t s = pkg_artefact_scan(pkg, i);
        if (s != VT_PKG_NONE && (s >= scans || i == pkg_artefact_count(pkg)))
            _fuzz_broken("an artefact mapped past the scans");
        sink += s;
    }
    for (uint32_t i = 0; i <= pkg_room_count(pkg); i++) {
        uint32_t s = pkg_room_scan(pkg, i);
        if (s != VT_PKG_NONE && (s >= scans || i == pkg_room_count(pkg)))
            _fuzz_broken("a room mapped past the scans");
    }
    for (uint32_t i = 0; i <= scans; i++) {
        vt_package inner;
        vt_result r = pkg_open_scan(pkg, i, &inner, &err);
        if (r == VT_OK && (i == scans || pkg_is_exhibition(&inner)))
            _fuzz_broken("pkg_open_scan opened a scan past the end or an exhibition");
        if (r != VT_OK && !strstr(err.text, FUZZ_NAME))
            _fuzz_broken("pkg_open_scan refused without naming the file");
        if (r == VT_OK)
            sink += _fuzz_scan(&inner);
        pkg_close(&inner);
    }
    if (pkg_verify_all(pkg, &err) != VT_OK && !strstr(err.text, FUZZ_NAME))
        _fuzz_broken("pkg_verify_all refused an exhibition without naming the file");
    pkg_blob b;
    if (pkg_vertices(pkg, 0, 0, true, &b, &err) == VT_OK || pkg_mip(pkg, 0, 0, false, &b, &err) == VT_OK)
        _fuzz_broken("scan data fetched from an exhibition package");
    return sink;
}

static void _fuzz_one(uint8_t *copy, size_t size)
{
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    volatile uint32_t sink = 0;
    vt_result r = pkg_open_memory(&pkg, copy, size, FUZZ_NAME, &err);
    if (r != VT_OK) {
        if (!strstr(err.text, FUZZ_NAME))
            _fuzz_broken("a refusal without the file's name");
    } else if (pkg_is_exhibition(&pkg)) {
        if (pkg.meta)
            _fuzz_broken("an exhibition package with scan data");
        sink += _fuzz_exhibition(&pkg);
    } else {
        sink += _fuzz_scan(&pkg);
    }
    (void)sink;
    pkg_close(&pkg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each input twice: as it is (the checksum paths), then with its checksums
 * recomputed (every rule behind them). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    _fuzz_one(copy, size);
    if (size)
        memcpy(copy, data, size);
    _fuzz_rechecksum(copy, size, 1);
    if (size && memcmp(copy, data, size) != 0)
        _fuzz_one(copy, size);
    free(copy);
    return 0;
}
