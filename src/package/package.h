/* package: the validating reader of .vitrine files (format in
 * package/vitrine_format.h, docs/package-format.md).
 *
 * pkg_open memory-maps the file and checks, before anything is used: the
 * magic, the version, the header and directory checksums, that every section
 * lies inside the file, is aligned and does not overlap the header or the
 * directory, that the description sections (META, MATL, MESH, CHNK, TEXS)
 * exist once with the right sizes and pass their checksums, and that every
 * count, index and size they state is consistent with the data sections it
 * names. Bulk data (vertices, indices, mips) is checked against its CRC the
 * first time it is fetched (pkg_vertices / pkg_indices / pkg_mip with
 * verify = true), so a large package opens without reading all of it.
 * Bad data is a vt_result and one message naming the file and the problem;
 * nothing here asserts on file contents. The package owns the mapping; the
 * pointers it hands out live until pkg_close. Thread-safe for readers after
 * pkg_open returns (the worker that streams detail reads while the main
 * thread draws).
 *
 * Exhibition packages (format 1.1): a package with an EXHB section holds a
 * whole exhibition instead of one scan; its scan fields (meta, meshes, ...)
 * stay NULL. pkg_open then checks the outer file only: exactly one EXHB
 * (non-empty UTF-8 without NULs), one AMAP and one RMAP (whole uint32s,
 * each a scan index or VT_PKG_NONE), ASCN ids dense from 0, each at least a
 * header long, all of that under their checksums, and no scan sections
 * beside them. Each nested scan is validated when pkg_open_scan opens it
 * (like any package, bulk data lazily); the ASCN sections' own checksums
 * are left to pkg_verify_all, which reads everything. */
#ifndef VT_PACKAGE_H
#define VT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"
#include "package/vitrine_format.h"

typedef struct pkg_blob {
    const uint8_t *data;
    uint64_t size;
} pkg_blob;

typedef struct vt_package {
    char path[1024];
    const uint8_t *base; /* the mapping */
    uint64_t size;
    const vt_pkg_header *header;
    const vt_pkg_section *sections;
    uint32_t section_count;
    const vt_pkg_meta *meta;
    const vt_pkg_material *materials;
    const vt_pkg_mesh *meshes;
    const vt_pkg_chunk *chunks;
    uint32_t chunk_count;
    const vt_pkg_texture *textures;
    pkg_blob source_json; /* may be empty */
    bool owns_mapping;    /* false when opened from memory */
    struct pkg_key *index; /* sections sorted by (type, id), for pkg_find */
    /* Exhibition packages only (see above); zero for a scan package. */
    bool is_exhibition;
    pkg_blob exhibition_json;
    const uint32_t *artefact_map, *room_map; /* scan index or VT_PKG_NONE */
    uint32_t artefact_count, room_count, scan_count;
    const vt_pkg_media *media; /* MDIR, or NULL */
    uint32_t media_count;
} vt_package;

/* Opens and validates PATH. On failure *pkg is zeroed and err says why. */
vt_result pkg_open(vt_package *pkg, const char *path, vt_error_msg *err);
/* The same over bytes the caller keeps alive (tests, the fuzzer). NAME is
 * used in messages. */
vt_result pkg_open_memory(vt_package *pkg, const void *data, size_t size, const char *name, vt_error_msg *err);
void pkg_close(vt_package *pkg);

/* Finds the section TYPE/ID, or NULL. */
const vt_pkg_section *pkg_find(const vt_package *pkg, uint32_t type, uint32_t id);

/* Bulk data of mesh M, level L / texture T, mip I. With VERIFY the section's
 * CRC is checked first (VT_ERR_MALFORMED on mismatch). */
vt_result pkg_vertices(const vt_package *pkg, uint32_t m, uint32_t l, bool verify, pkg_blob *out, vt_error_msg *err);
vt_result pkg_indices(const vt_package *pkg, uint32_t m, uint32_t l, bool verify, pkg_blob *out, vt_error_msg *err);
vt_result pkg_mip(const vt_package *pkg, uint32_t t, uint32_t mip, bool verify, pkg_blob *out, vt_error_msg *err);

/* Checks every section's CRC and every index (vitrine-pack --verify); for
 * an exhibition package also opens and fully verifies every nested scan. */
vt_result pkg_verify_all(const vt_package *pkg, vt_error_msg *err);

/* ---- exhibition packages ------------------------------------------------ */

bool pkg_is_exhibition(const vt_package *p);
/* The exhibition.json text (not NUL-terminated); empty for a scan package. */
pkg_blob pkg_exhibition_json(const vt_package *p);
uint32_t pkg_scan_count(const vt_package *p);
uint32_t pkg_artefact_count(const vt_package *p);
uint32_t pkg_room_count(const vt_package *p);
/* The scan index showing ARTEFACT / the model of ROOM, or VT_PKG_NONE (no
 * scan: a placeholder; also for an index out of range). */
uint32_t pkg_artefact_scan(const vt_package *p, uint32_t artefact);
uint32_t pkg_room_scan(const vt_package *p, uint32_t room);
/* Opens nested scan package I over OUTER's bytes (no copy: OUTER must stay
 * open while INNER is). INNER is validated like any package and must be a
 * scan, not an exhibition; messages name it "OUTER#scan I". Close it with
 * pkg_close (which leaves OUTER's mapping alone). */
vt_result pkg_open_scan(const vt_package *outer, uint32_t i, vt_package *inner, vt_error_msg *err);

/* The audio guide's media (exhibition packages; none in scan packages).
 * Entries were checked at open (kind known, strings terminated, one MEDA
 * section each); which hotspot an index names is for the caller to check
 * against the exhibition it read. */
uint32_t pkg_media_count(const vt_package *p);
const vt_pkg_media *pkg_media(const vt_package *p, uint32_t i);
/* The entry of KIND for HOTSPOT in LANG ("" or NULL: any language), or -1. */
int pkg_media_find(const vt_package *p, uint32_t kind, uint32_t hotspot, const char *lang);
/* Its bytes; with VERIFY the checksum first. */
vt_result pkg_media_data(const vt_package *p, uint32_t i, bool verify, pkg_blob *out, vt_error_msg *err);

/* Vertex decoding helpers shared by the renderer's CPU side (picking) and
 * tests. */
void pkg_decode_position(const vt_pkg_mesh *mesh, const uint8_t *vertex, float out[3]);
void pkg_oct_decode(int16_t x, int16_t y, float out[3]);
void pkg_oct_encode(const float n[3], int16_t out[2]);

#endif
