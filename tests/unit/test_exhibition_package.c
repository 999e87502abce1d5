/* test_exhibition_package: exhibition packages (format 1.1) end to end:
 * src/import/exhibition_build.h writes them, src/package/package.h reads
 * them.
 *
 * Round trip: a small exhibition folder (generated OBJ scans, two artefacts
 * sharing a scan, a room whose model is an artefact's scan) is built in
 * memory; the package holds the exhibition.json text byte for byte, the
 * artefact and room maps, and nested scans identical to packing the scan
 * directly. The bytes do not depend on the job count or on the cache.
 * Validation first: a bad exhibition converts and writes nothing. Missing
 * and broken scans fail the build by name, or become placeholders
 * (VT_PKG_NONE) when the viewer accepts them.
 *
 * Damage: edited packages with checksums recomputed, so that each case
 * reaches the rule it is about; every refusal is a message naming the file.
 * pkg_verify_all catches a flipped byte in a nested scan's bulk data, also
 * when the outer checksums were redone to hide it.
 *
 * The viewer's side (src/app/exhibition_source.h): a folder is built into
 * the cache (or memory when the cache cannot be written) and opened, with
 * missing scans as placeholders and warnings. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_pkg_util.h"
#include "test_util.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/exhibition_source.h"
#include "app/scan_source.h"
#include "base/crc32.h"
#include "base/file.h"
#include "import/exhibition_build.h"
#include "import/import.h"
#include "import/pack.h"
#include "media/media_decode.h"
#include "media/media_loudness.h"
#include "media/media_vtt.h"
#include "package/package.h"

/* ---- fixtures ----------------------------------------------------------- */

#define REC "\"record\": {\"title\": {\"en\": \"T\"}, \"credit\": {\"en\": \"C\"}, \"licence\": \"CC0-1.0\"}"
static const char _json[] =
    "{\n\"format\": 1,\n\"title\": {\"en\": \"Trống đồng\"},\n\"languages\": [\"en\"],\n"
    "\"rooms\": [{\"id\": \"hall\", \"name\": {\"en\": \"Hall\"}, "
    "\"floor_plan\": [[0, 0], [4, 0], [4, 4], [0, 4]]},\n"
    "  {\"id\": \"cave\", \"name\": {\"en\": \"Cave\"}, \"model\": \"scans/tetra.obj\"}],\n"
    "\"artefacts\": [\n"
    "  {\"id\": \"grid\", \"scan\": \"scans/grid.obj\", \"room\": \"hall\", \"position\": [1, 0, 1], "
    "\"height_m\": 0.5, " REC "},\n"
    "  {\"id\": \"tetra\", \"scan\": \"scans/tetra.obj\", \"room\": \"hall\", \"position\": [2, 0, 1], " REC "},\n"
    "  {\"id\": \"grid2\", \"scan\": \"scans/grid.obj\", \"room\": \"hall\", \"position\": [3, 0, 1], "
    "\"height_m\": 2, " REC "}\n"
    "]\n}\n";
static const char _tetra_obj[] = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n";

static char _tmpdir[256];
static void *_allocs[64];
static int _alloc_count;
static vt_blob _built; /* the fixture exhibition, built once */

static void *_tmalloc(size_t size)
{
    assert_true(_alloc_count < (int)(sizeof _allocs / sizeof _allocs[0]));
    void *p = calloc(1, size ? size : 1); /* malloc: aligned for pkg_open_memory */
    assert_non_null(p);
    _allocs[_alloc_count++] = p;
    return p;
}


static void _write(const char *rel, const char *text, size_t size)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", _tmpdir, rel);
    for (char *s = path + strlen(_tmpdir) + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(path, 0755);
            *s = '/';
        }
    assert_int_equal(vt_file_write_atomic(path, text, size), VT_OK);
}

/* A wavy N x N grid as OBJ text (malloc'd by the test). */
static char *_grid_obj(int n)
{
    size_t cap = (size_t)(n + 1) * (size_t)(n + 1) * 40 + (size_t)n * (size_t)n * 64, at = 0;
    char *s = _tmalloc(cap);
    for (int j = 0; j <= n; j++)
        for (int i = 0; i <= n; i++)
            at += (size_t)snprintf(s + at, cap - at, "v %.4f %.4f %.4f\n", (double)i / n - 0.5,
                                   0.03 * (double)((i * 7 + j * 3) % 5) / 5.0, (double)j / n - 0.5);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            int a = j * (n + 1) + i + 1;
            at += (size_t)snprintf(s + at, cap - at, "f %d %d %d\nf %d %d %d\n", a, a + n + 1, a + 1, a + 1,
                                   a + n + 1, a + n + 2);
        }
    return s;
}

/* The fixture folder in _tmpdir (made here; the teardown removes it). */
static void _make_folder(void)
{
    if (!_tmpdir[0]) {
        snprintf(_tmpdir, sizeof _tmpdir, "/tmp/vt-test-exhpkg-XXXXXX");
        assert_non_null(mkdtemp(_tmpdir));
    }
    _write("exhibition.json", _json, strlen(_json));
    char *grid = _grid_obj(12);
    _write("scans/grid.obj", grid, strlen(grid));
    _write("scans/tetra.obj", _tetra_obj, strlen(_tetra_obj));
}

static vt_result _build(const exhibition_build_desc *d, vt_blob *out, exhibition_build_report *rep,
                        vt_error_msg *err)
{
    exhibition_build_desc desc = *d;
    desc.dir = _tmpdir;
    if (!desc.out_path)
        desc.out_memory = out;
    if (!desc.cache_dir)
        desc.cache_dir = ""; /* never the user's cache */
    exhibition_diags diags = { 0 };
    vt_result r = exhibition_build(&desc, &diags, rep, err);
    exhibition_diags_free(&diags);
    return r;
}

static int _group_setup(void **state)
{
    (void)state;
    _make_folder();
    vt_error_msg err = { { 0 } };
    vt_result r = _build(&(exhibition_build_desc){ .jobs = 2 }, &_built, NULL, &err);
    for (int i = 0; i < _alloc_count; i++)
        free(_allocs[i]);
    _alloc_count = 0;
    test_rm_tree(_tmpdir);
    _tmpdir[0] = 0;
    if (r != VT_OK)
        fprintf(stderr, "fixture build: %s\n", err.text);
    return r == VT_OK ? 0 : -1;
}

static int _group_teardown(void **state)
{
    (void)state;
    vt_blob_free(&_built);
    return 0;
}

static int _teardown(void **state)
{
    (void)state;
    for (int i = 0; i < _alloc_count; i++)
        free(_allocs[i]);
    _alloc_count = 0;
    if (_tmpdir[0]) {
        test_rm_tree(_tmpdir);
        _tmpdir[0] = 0;
    }
    return 0;
}

/* ---- byte-level helpers ------------------------------------------------- */

static uint8_t *_copy(const void *data, size_t size)
{
    uint8_t *b = _tmalloc(size);
    memcpy(b, data, size);
    return b;
}

/* Every checksum of the outer package right again (sections inside the
 * file, directory, header); nested packages are left as they are. */
static void _rechecksum(uint8_t *b, size_t size)
{
    vt_pkg_header *h = _hdr(b);
    vt_pkg_section *d = _dir(b);
    for (uint32_t i = 0; i < h->section_count; i++)
        if (d[i].offset <= size && d[i].size <= size - d[i].offset)
            d[i].crc = vt_crc32(0, b + d[i].offset, (size_t)d[i].size);
    h->directory_crc = vt_crc32(0, d, (size_t)h->section_count * sizeof *d);
    h->header_crc = vt_crc32(0, h, offsetof(vt_pkg_header, header_crc));
}

typedef struct part {
    uint32_t type, id;
    const void *data;
    uint64_t size;
} part;

/* A package of PARTS in this order, checksums right (test-made layouts the
 * builder would never write). */
static uint8_t *_assemble(const part *parts, uint32_t n, size_t *size)
{
    uint64_t at = sizeof(vt_pkg_header) + (uint64_t)n * sizeof(vt_pkg_section);
    uint64_t offsets[16];
    assert_true(n <= 16);
    for (uint32_t i = 0; i < n; i++) {
        at = (at + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN;
        offsets[i] = at;
        at += parts[i].size;
    }
    uint8_t *b = _tmalloc((size_t)at);
    vt_pkg_header *h = _hdr(b);
    memcpy(h->magic, VT_PKG_MAGIC, 8);
    h->version_major = VT_PKG_VERSION_MAJOR;
    h->version_minor = VT_PKG_VERSION_MINOR;
    h->header_size = sizeof *h;
    h->section_count = n;
    h->directory_offset = sizeof *h;
    h->file_size = at;
    for (uint32_t i = 0; i < n; i++) {
        _dir(b)[i] = (vt_pkg_section){ .type = parts[i].type, .id = parts[i].id, .offset = offsets[i],
                                       .size = parts[i].size };
        memcpy(b + offsets[i], parts[i].data, (size_t)parts[i].size);
    }
    _rechecksum(b, (size_t)at);
    *size = (size_t)at;
    return b;
}

static void _expect_in(const char *text, const char *part_text, const char *what)
{
    if (!strstr(text, part_text))
        fail_msg("%s: message \"%s\" does not contain \"%s\"", what, text, part_text);
}

static void _expect_opens(const uint8_t *b, size_t size, const char *name, vt_package *pkg)
{
    vt_error_msg err = { { 0 } };
    vt_result r = pkg_open_memory(pkg, b, size, name, &err);
    if (r != VT_OK)
        fail_msg("%s: refused (%s): %s", name, vt_result_str(r), err.text);
}

/* Refused with a message naming NAME and containing PHRASE, and not for a
 * checksum (the edits are rechecksummed). */
static void _expect_refused(const uint8_t *b, size_t size, const char *name, const char *phrase)
{
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    vt_result r = pkg_open_memory(&pkg, b, size, name, &err);
    pkg_close(&pkg);
    if (r == VT_OK)
        fail_msg("%s: opened; it should have been refused", name);
    _expect_in(err.text, name, name);
    _expect_in(err.text, phrase, name);
    if (strstr(err.text, "checksum"))
        fail_msg("%s: refused for a checksum (%s), not for the rule under test", name, err.text);
}

static uint32_t _u32(const uint8_t *b, uint64_t at)
{
    uint32_t v;
    memcpy(&v, b + at, 4);
    return v;
}

/* ---- round trip --------------------------------------------------------- */

static void test_roundtrip(void **state)
{
    (void)state;
    uint8_t *b = _copy(_built.data, _built.size);
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    _expect_opens(b, _built.size, "gallery.vitrine", &pkg);
    assert_true(pkg_is_exhibition(&pkg));
    assert_int_equal(pkg.header->version_minor, 1);
    assert_null(pkg.meta);

    /* The exhibition.json text, byte for byte. */
    pkg_blob json = pkg_exhibition_json(&pkg);
    assert_int_equal(json.size, strlen(_json));
    assert_memory_equal(json.data, _json, strlen(_json));

    /* Artefacts grid, tetra, grid2: grid's scan is shared. The cave's model
     * is tetra's scan (same file, same options). */
    assert_int_equal(pkg_scan_count(&pkg), 2);
    assert_int_equal(pkg_artefact_count(&pkg), 3);
    assert_int_equal(pkg_room_count(&pkg), 2);
    assert_int_equal(pkg_artefact_scan(&pkg, 0), 0);
    assert_int_equal(pkg_artefact_scan(&pkg, 1), 1);
    assert_int_equal(pkg_artefact_scan(&pkg, 2), 0);
    assert_int_equal(pkg_artefact_scan(&pkg, 3), VT_PKG_NONE);
    assert_int_equal(pkg_artefact_scan(&pkg, UINT32_MAX), VT_PKG_NONE);
    assert_int_equal(pkg_room_scan(&pkg, 0), VT_PKG_NONE);
    assert_int_equal(pkg_room_scan(&pkg, 1), 1);
    assert_int_equal(pkg_room_scan(&pkg, 2), VT_PKG_NONE);

    /* Nested scans: valid packages, 64-byte aligned, equal to packing the
     * scan directly (metres, the file's own up axis). */
    static const uint32_t tris[2] = { 288, 4 };
    for (uint32_t i = 0; i < 2; i++) {
        vt_package inner;
        assert_int_equal(pkg_open_scan(&pkg, i, &inner, &err), VT_OK);
        _expect_in(inner.path, "gallery.vitrine#scan", "nested name");
        assert_false(pkg_is_exhibition(&inner));
        assert_int_equal(((uintptr_t)inner.base - (uintptr_t)b) % VT_PKG_ALIGN, 0);
        assert_int_equal(inner.meta->source_triangles, tris[i]);
        assert_int_equal(pkg_verify_all(&inner, &err), VT_OK);
        pkg_close(&inner);
    }
    assert_int_not_equal(pkg_open_scan(&pkg, 2, &(vt_package){ 0 }, &err), VT_OK);
    _expect_in(err.text, "gallery.vitrine", "scan out of range");
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);

    /* Scan accessors refuse cleanly on the outer package. */
    pkg_blob blob;
    assert_int_not_equal(pkg_vertices(&pkg, 0, 0, true, &blob, &err), VT_OK);
    assert_int_not_equal(pkg_mip(&pkg, 0, 0, true, &blob, &err), VT_OK);
    pkg_close(&pkg);

    /* Nested scan 0 against the scan packed directly. */
    _make_folder();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/scans/grid.obj", _tmpdir);
    scene_model model;
    assert_int_equal(import_scan(&(import_desc){ .path = path, .unit_scale = 1.0f, .for_packing = true }, &model, &err),
                     VT_OK);
    vt_blob direct;
    vt_result r = pack_model(&model, &(pack_desc){ .jobs = 1, .source_name = path }, &direct, &err);
    scene_model_free(&model);
    assert_int_equal(r, VT_OK);
    const vt_pkg_section *s = _sec(b, VT_SEC_SCAN, 0);
    bool same = s->size == direct.size && memcmp(b + s->offset, direct.data, direct.size) == 0;
    vt_blob_free(&direct);
    assert_true(same);

    /* A scan package answers as one. */
    _expect_opens(b + s->offset, (size_t)s->size, "grid.vitrine", &pkg);
    assert_false(pkg_is_exhibition(&pkg));
    assert_int_equal(pkg_scan_count(&pkg), 0);
    assert_int_equal(pkg_exhibition_json(&pkg).size, 0);
    assert_int_equal(pkg_artefact_scan(&pkg, 0), VT_PKG_NONE);
    assert_int_not_equal(pkg_open_scan(&pkg, 0, &(vt_package){ 0 }, &err), VT_OK);
    pkg_close(&pkg);
}

/* The same bytes for 1 or 3 jobs, into a file or memory, from the cache or
 * converted; a second build converts nothing. */
static void test_deterministic_and_cached(void **state)
{
    (void)state;
    _make_folder();
    char cache[512], out[512];
    snprintf(cache, sizeof cache, "%s/cache", _tmpdir);
    snprintf(out, sizeof out, "%s/out.vitrine", _tmpdir);
    vt_error_msg err = { { 0 } };
    exhibition_build_report rep;
    vt_blob one = { 0 };
    assert_int_equal(_build(&(exhibition_build_desc){ .jobs = 1 }, &one, &rep, &err), VT_OK);
    bool same = one.size == _built.size && memcmp(one.data, _built.data, one.size) == 0;
    vt_blob_free(&one);
    assert_true(same);
    assert_int_equal(rep.converted, 2);
    assert_int_equal(rep.cached, 0);

    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(_build(&(exhibition_build_desc){ .jobs = 3, .cache_dir = cache, .out_path = out }, NULL,
                                &rep, &err),
                         VT_OK);
        assert_int_equal(rep.scans, 2);
        assert_int_equal(rep.converted, pass == 0 ? 2 : 0);
        assert_int_equal(rep.cached, pass == 0 ? 0 : 2);
        vt_blob got;
        assert_int_equal(vt_file_read(out, &got, 0), VT_OK);
        same = got.size == _built.size && memcmp(got.data, _built.data, got.size) == 0;
        vt_blob_free(&got);
        if (!same)
            fail_msg("build %d into the cache differs from the in-memory build", pass + 1);
    }

    /* A damaged cache entry is converted again, not copied. */
    DIR *d = opendir(cache);
    assert_non_null(d);
    struct dirent *e;
    char entry[1024] = "";
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".vitrine") && !entry[0])
            snprintf(entry, sizeof entry, "%s/%s", cache, e->d_name);
    closedir(d);
    assert_true(entry[0] != 0);
    assert_int_equal(vt_file_write_atomic(entry, "not a package, not at all, no....................................",
                                          64),
                     VT_OK);
    assert_int_equal(_build(&(exhibition_build_desc){ .jobs = 2, .cache_dir = cache, .out_path = out }, NULL, &rep,
                            &err),
                     VT_OK);
    assert_int_equal(rep.converted, 1);
    assert_int_equal(rep.cached, 1);
}

/* Validation comes first: a bad exhibition converts nothing and writes
 * nothing; its diagnostics have line:column. */
static void test_invalid_writes_nothing(void **state)
{
    (void)state;
    _make_folder();
    char *bad = (char *)_copy(_json, sizeof _json);
    char *at = strstr(bad, "\"height_m\": 0.5");
    assert_non_null(at);
    memcpy(at, "\"heigth_m\"", 10);
    _write("exhibition.json", bad, strlen(bad));
    char out[512], cache[512];
    snprintf(out, sizeof out, "%s/out.vitrine", _tmpdir);
    snprintf(cache, sizeof cache, "%s/cache", _tmpdir);
    exhibition_diags diags = { 0 };
    exhibition_build_report rep;
    vt_error_msg err = { { 0 } };
    vt_result r = exhibition_build(&(exhibition_build_desc){ .dir = _tmpdir, .out_path = out, .cache_dir = cache },
                                   &diags, &rep, &err);
    bool located = diags.count == 1 && diags.items[0].line == 8 && diags.items[0].column > 1 &&
                   strstr(diags.items[0].message, "heigth_m");
    exhibition_diags_free(&diags);
    assert_int_equal(r, VT_ERR_MALFORMED);
    assert_true(located);
    _expect_in(err.text, "exhibition.json", "the build's message");
    assert_int_equal(rep.converted + rep.cached, 0);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0);
    assert_int_not_equal(stat(cache, &st), 0); /* not even the cache folder */
}

/* Missing and broken scans: the build fails naming them, unless the caller
 * takes placeholders. */
static void test_missing_and_broken_scans(void **state)
{
    (void)state;
    _make_folder();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/scans/tetra.obj", _tmpdir);
    unlink(path);
    vt_error_msg err = { { 0 } };
    exhibition_build_report rep;
    vt_blob got = { 0 };
    /* The cave's model is the missing file too: a room model is never
     * optional, so the exhibition does not validate even for the viewer. */
    assert_int_equal(_build(&(exhibition_build_desc){ .missing_ok = true }, &got, &rep, &err), VT_ERR_MALFORMED);
    assert_null(got.data);

    /* Without the cave: the missing scan is a placeholder. */
    char *json = (char *)_copy(_json, sizeof _json);
    char *cave = strstr(json, ",\n  {\"id\": \"cave\"");
    assert_non_null(cave);
    char *end = strstr(cave, "}],\n");
    memmove(cave, end + 1, strlen(end + 1) + 1); /* keep the hall's '}', drop the cave's */
    _write("exhibition.json", json, strlen(json));
    assert_int_equal(_build(&(exhibition_build_desc){ 0 }, &got, &rep, &err), VT_ERR_MALFORMED);
    assert_int_equal(_build(&(exhibition_build_desc){ .missing_ok = true }, &got, &rep, &err), VT_OK);
    assert_int_equal(rep.scans, 1);
    assert_int_equal(rep.placeholders, 1);
    vt_package pkg;
    uint8_t *b = _copy(got.data, got.size);
    size_t size = got.size;
    vt_blob_free(&got);
    _expect_opens(b, size, "placeholder.vitrine", &pkg);
    assert_int_equal(pkg_artefact_scan(&pkg, 0), 0);
    assert_int_equal(pkg_artefact_scan(&pkg, 1), VT_PKG_NONE);
    assert_int_equal(pkg_artefact_scan(&pkg, 2), 0);
    assert_int_equal(pkg_room_count(&pkg), 1);
    pkg_close(&pkg);

    /* A scan that exists but cannot be imported. */
    _write("scans/tetra.obj", "v 0 0 0\nv 1 0 0\nf 1 2 9\n", 23);
    assert_int_not_equal(_build(&(exhibition_build_desc){ .jobs = 2 }, &got, &rep, &err), VT_OK);
    _expect_in(err.text, "scans/tetra.obj", "a broken scan");
    assert_null(got.data);
    assert_int_equal(_build(&(exhibition_build_desc){ .jobs = 2, .missing_ok = true }, &got, &rep, &err), VT_OK);
    assert_int_equal(rep.placeholders, 1);
    assert_int_equal(rep.scans, 1);
    vt_blob_free(&got);
}

/* ---- damage ------------------------------------------------------------- */

static void test_map_rules(void **state)
{
    (void)state;
    size_t size = _built.size;
    uint8_t *b = _copy(_built.data, size);
    vt_pkg_section *amap = _sec(b, VT_SEC_ARTEFACT_MAP, 0);
    uint32_t two = 2;
    memcpy(b + amap->offset + 4, &two, 4);
    _rechecksum(b, size);
    _expect_refused(b, size, "amap-range.vitrine", "artefact 1 names scan 2 of 2");

    b = _copy(_built.data, size);
    vt_pkg_section *rmap = _sec(b, VT_SEC_ROOM_MAP, 0);
    uint32_t big = 0x7fffffff;
    memcpy(b + rmap->offset, &big, 4);
    _rechecksum(b, size);
    _expect_refused(b, size, "rmap-range.vitrine", "room 0 names scan");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_ARTEFACT_MAP, 0)->size -= 1;
    _rechecksum(b, size);
    _expect_refused(b, size, "amap-size.vitrine", "AMAP section size 11 is not a multiple of 4");

    /* Unchanged bytes, a checksum wrong: refused at open. */
    b = _copy(_built.data, size);
    amap = _sec(b, VT_SEC_ARTEFACT_MAP, 0);
    b[amap->offset] ^= 1;
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    assert_int_not_equal(pkg_open_memory(&pkg, b, size, "amap-crc.vitrine", &err), VT_OK);
    _expect_in(err.text, "AMAP section is corrupted", "AMAP checksum");
    assert_int_equal(_u32(b, amap->offset + 4), 1); /* the fixture: artefact 1 -> scan 1 */
}

static void test_section_rules(void **state)
{
    (void)state;
    size_t size = _built.size;
    uint8_t *b = _copy(_built.data, size);
    _sec(b, VT_SEC_ROOM_MAP, 0)->type = VT_SEC_EXHIBITION; /* a second EXHB, no RMAP */
    _rechecksum(b, size);
    _expect_refused(b, size, "two-exhb.vitrine", "exactly one EXHB section; this one has 2");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_ROOM_MAP, 0)->type = VT_FOURCC('X', 'X', 'X', 'X');
    _rechecksum(b, size);
    _expect_refused(b, size, "no-rmap.vitrine", "exactly one RMAP");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_SCAN, 1)->id = 2;
    _rechecksum(b, size);
    _expect_refused(b, size, "gap.vitrine", "without gaps");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_SCAN, 1)->id = 0;
    _rechecksum(b, size);
    _expect_refused(b, size, "dup.vitrine", "scan 0 appears twice");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_SCAN, 1)->size = 40;
    _rechecksum(b, size);
    _expect_refused(b, size, "short-scan.vitrine", "too short");

    b = _copy(_built.data, size);
    _sec(b, VT_SEC_SCAN, 1)->type = VT_SEC_META;
    _rechecksum(b, size);
    _expect_refused(b, size, "mixed.vitrine", "side by side");

    /* The text: empty, a NUL, bytes that are not UTF-8. */
    b = _copy(_built.data, size);
    _sec(b, VT_SEC_EXHIBITION, 0)->size = 0;
    _rechecksum(b, size);
    _expect_refused(b, size, "empty-exhb.vitrine", "is empty");
    static const uint8_t bad[][2] = { { 0x00, 0 }, { 0xff, 0 }, { 0xc0, 0xaf }, { 0xed, 0xa0 } };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b = _copy(_built.data, size);
        vt_pkg_section *e = _sec(b, VT_SEC_EXHIBITION, 0);
        memcpy(b + e->offset + 20, bad[i], bad[i][1] ? 2 : 1);
        _rechecksum(b, size);
        _expect_refused(b, size, "utf8.vitrine", "is not UTF-8 text: byte 20");
    }
    /* A last character cut in half. */
    b = _copy(_built.data, size);
    vt_pkg_section *e = _sec(b, VT_SEC_EXHIBITION, 0);
    const uint8_t *text = b + e->offset;
    const uint8_t *accent = memmem(text, (size_t)e->size, "\xe1\xbb\x91", 3); /* "ố" */
    assert_non_null(accent);
    e->size = (uint64_t)(accent - text) + 2;
    _rechecksum(b, size);
    _expect_refused(b, size, "cut.vitrine", "is not UTF-8 text");
}

/* Nested packages: an exhibition inside an exhibition, a truncated scan,
 * damage in a scan's bulk data. */
static void test_nested_rules(void **state)
{
    (void)state;
    size_t size = _built.size;
    const uint8_t *orig = _built.data;
    const vt_pkg_section *s0 = _sec((uint8_t *)_copy(orig, size), VT_SEC_SCAN, 0);
    const vt_pkg_section *ex = _sec((uint8_t *)_copy(orig, size), VT_SEC_EXHIBITION, 0);
    uint32_t amap[1] = { 0 };

    /* ASCN 0 holds the whole exhibition package. */
    part parts[4] = { { VT_SEC_EXHIBITION, 0, orig + ex->offset, ex->size },
                      { VT_SEC_ARTEFACT_MAP, 0, amap, 4 },
                      { VT_SEC_ROOM_MAP, 0, amap, 0 },
                      { VT_SEC_SCAN, 0, orig, size } };
    size_t n;
    uint8_t *b = _assemble(parts, 4, &n);
    vt_package pkg, inner;
    vt_error_msg err = { { 0 } };
    _expect_opens(b, n, "russian-doll.vitrine", &pkg); /* nested scans are checked when opened */
    assert_int_equal(pkg_open_scan(&pkg, 0, &inner, &err), VT_ERR_MALFORMED);
    _expect_in(err.text, "russian-doll.vitrine#scan 0", "nested exhibition");
    _expect_in(err.text, "itself an exhibition", "nested exhibition");
    assert_null(inner.base);
    assert_int_not_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);

    /* ASCN 0 holds half a scan package. */
    parts[3] = (part){ VT_SEC_SCAN, 0, orig + s0->offset, s0->size / 2 };
    b = _assemble(parts, 4, &n);
    _expect_opens(b, n, "truncated.vitrine", &pkg);
    assert_int_equal(pkg_open_scan(&pkg, 0, &inner, &err), VT_ERR_MALFORMED);
    _expect_in(err.text, "truncated.vitrine#scan 0", "truncated nested scan");
    _expect_in(err.text, "truncated", "truncated nested scan");
    assert_int_not_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);

    /* A flipped byte in scan 0's last (bulk) section: not seen at open,
     * seen by pkg_verify_all, with the outer checksums as built and with
     * them redone to hide it. */
    for (int hide = 0; hide < 2; hide++) {
        b = _copy(orig, size);
        const vt_pkg_section *s = _sec(b, VT_SEC_SCAN, 0);
        const vt_pkg_header *ih = (const vt_pkg_header *)(b + s->offset);
        const vt_pkg_section *last = (const vt_pkg_section *)(b + s->offset + sizeof *ih) + ih->section_count - 1;
        assert_true(last->type == VT_SEC_INDICES || last->type == VT_SEC_VERTICES);
        b[s->offset + last->offset + last->size / 2] ^= 0x40;
        if (hide)
            _rechecksum(b, size);
        _expect_opens(b, size, "flipped.vitrine", &pkg);
        assert_int_equal(pkg_open_scan(&pkg, 0, &inner, &err), VT_OK);
        pkg_close(&inner);
        memset(&err, 0, sizeof err);
        assert_int_equal(pkg_verify_all(&pkg, &err), VT_ERR_MALFORMED);
        _expect_in(err.text, "flipped.vitrine", "pkg_verify_all");
        if (hide)
            _expect_in(err.text, "flipped.vitrine#scan 0", "pkg_verify_all, outer checksums redone");
        pkg_close(&pkg);
    }
}

/* ---- the viewer's side -------------------------------------------------- */

static void test_app_open(void **state)
{
    (void)state;
    _make_folder();
    char cache[512], env_was[512] = "";
    const char *was = getenv("XDG_CACHE_HOME");
    if (was)
        snprintf(env_was, sizeof env_was, "%s", was);
    snprintf(cache, sizeof cache, "%s/cache", _tmpdir);
    setenv("XDG_CACHE_HOME", cache, 1);
    app_exhibition e;
    vt_error_msg err = { { 0 } };
    vt_result r[6];
    bool checks[12] = { false };
    char pkg_path[1024] = "";

    /* Built into the cache, then opened from it. */
    r[0] = app_exhibition_open(_tmpdir, NULL, &e, &err);
    checks[0] = r[0] == VT_OK && pkg_is_exhibition(&e.pkg) && e.ex.artefact_count == 3 && !e.memory.data &&
                strstr(e.path, "/cache/vitrine/exhibition-") && e.report.converted == 2 && e.warnings == 0;
    snprintf(pkg_path, sizeof pkg_path, "%s", e.path);
    app_exhibition_close(&e);
    r[1] = app_exhibition_open(_tmpdir, NULL, &e, &err);
    checks[1] = r[1] == VT_OK && e.report.cached == 2 && e.report.converted == 0 && !strcmp(e.path, pkg_path);
    app_exhibition_close(&e);

    /* The package itself opens too; a scan package does not, and the scan
     * view refuses an exhibition. */
    r[2] = app_exhibition_open(pkg_path, NULL, &e, &err);
    checks[2] = r[2] == VT_OK && e.ex.room_count == 2;
    app_exhibition_close(&e);
    app_scan scan;
    app_options opt = { .path = pkg_path };
    checks[3] = app_scan_open(&scan, &opt, &err) == VT_ERR_UNSUPPORTED && strstr(err.text, "exhibition");
    app_scan_close(&scan);

    /* A missing scan: a warning and a placeholder, the visit goes on. */
    char *json = (char *)_copy(_json, sizeof _json);
    char *cave = strstr(json, ",\n  {\"id\": \"cave\"");
    char *end = cave ? strstr(cave, "}],\n") : NULL;
    if (end)
        memmove(cave, end + 1, strlen(end + 1) + 1);
    _write("exhibition.json", json, strlen(json));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/scans/tetra.obj", _tmpdir);
    unlink(path);
    r[3] = app_exhibition_open(_tmpdir, NULL, &e, &err);
    checks[4] = r[3] == VT_OK && pkg_artefact_scan(&e.pkg, 1) == VT_PKG_NONE && e.warnings == 1 &&
                e.diagnostics && strstr(e.diagnostics, "exhibition.json:") && strstr(e.diagnostics, "warning: ") &&
                strstr(e.diagnostics, "tetra.obj");
    app_exhibition_close(&e);

    /* A bad exhibition: refused, diagnostics with line:column. */
    _write("exhibition.json", "{\"format\": 1,\n\"bogus\": 2}\n", 26);
    r[4] = app_exhibition_open(_tmpdir, NULL, &e, &err);
    checks[5] = r[4] == VT_ERR_MALFORMED && e.diagnostics && strstr(e.diagnostics, "exhibition.json:2:");
    app_exhibition_close(&e);

    /* No writable cache: built in memory. */
    _write("exhibition.json", json, strlen(json));
    setenv("XDG_CACHE_HOME", "/proc/no-cache-here", 1);
    r[5] = app_exhibition_open(_tmpdir, NULL, &e, &err);
    checks[6] = r[5] == VT_OK && e.memory.data && !e.path[0] && pkg_scan_count(&e.pkg) == 1;
    app_exhibition_close(&e);

    if (was)
        setenv("XDG_CACHE_HOME", env_was, 1);
    else
        unsetenv("XDG_CACHE_HOME");
    for (int i = 0; i < 7; i++)
        if (!checks[i])
            fail_msg("check %d failed (results %d %d %d %d %d %d; last message: %s)", i, r[0], r[1], r[2], r[3], r[4],
                     r[5], err.text);
}

/* ---- the audio guide (import/exhibition_media.h) -------------------------- */

#ifdef VT_TEST_DATA_DIR
#define GUIDE_DIR VT_TEST_DATA_DIR "/exhibitions/guide"

/* Builds DIR into memory with CACHE; diagnostics printed into *DIAG_TEXT
 * (malloc'd) for the checks. */
static vt_result _build_dir(const char *dir, const char *cache, const exhibition_build_desc *extra, vt_blob *out,
                            exhibition_build_report *rep, char **diag_text)
{
    exhibition_build_desc desc = extra ? *extra : (exhibition_build_desc){ 0 };
    desc.dir = dir;
    desc.out_memory = out;
    desc.cache_dir = cache;
    if (!desc.jobs)
        desc.jobs = 2;
    exhibition_diags diags = { 0 };
    vt_error_msg err = { { 0 } };
    vt_result r = exhibition_build(&desc, &diags, rep, &err);
    size_t size = 0;
    FILE *f = open_memstream(diag_text, &size);
    assert_non_null(f);
    exhibition_print_diags(&diags, "exhibition.json", f);
    fprintf(f, "%s\n", r == VT_OK ? "" : err.text);
    fclose(f);
    exhibition_diags_free(&diags);
    return r;
}

static bool _have_espeak(void)
{
    return system("command -v espeak-ng >/dev/null 2>&1") == 0;
}

static bool _file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Parses captions from package medium I (or a file's bytes) into C. */
static void _captions(const void *data, size_t size, vt_arena *a, media_captions *c)
{
    vt_error_msg err = { { 0 } };
    media_vtt_pos where;
    vt_result r = media_vtt_parse(data, size, "captions", a, c, &where, &err);
    if (r != VT_OK)
        fail_msg("captions do not parse: %s", err.text);
}

static void test_guide_media(void **state)
{
    (void)state;
    snprintf(_tmpdir, sizeof _tmpdir, "/tmp/vt-test-guide-XXXXXX");
    assert_non_null(mkdtemp(_tmpdir));
    char cache[300];
    snprintf(cache, sizeof cache, "%s/cache", _tmpdir);
    vt_blob a = { 0 }, b = { 0 };
    exhibition_build_report rep, rep2;
    char *diag = NULL;
    vt_result r = _build_dir(GUIDE_DIR, cache, NULL, &a, &rep, &diag);
    if (r != VT_OK)
        fail_msg("the guide does not build: %s", diag);
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    assert_int_equal(pkg_open_memory(&pkg, a.data, a.size, "guide", &err), VT_OK);
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);

    /* Every hotspot x language: narration and captions, or (no espeak-ng
     * voice) a warning naming the hotspot and the language. */
    static const char *const ids[] = { "drum-star", "drum-birds", "vase-glaze" };
    static const char *const langs[] = { "vi", "en", "zh" };
    bool espeak = _have_espeak();
    uint32_t audio_seen = 0;
    for (uint32_t h = 0; h < 3; h++)
        for (int l = 0; l < 3; l++) {
            int ai = pkg_media_find(&pkg, VT_MEDIA_AUDIO, h, langs[l]);
            int ci = pkg_media_find(&pkg, VT_MEDIA_CAPTIONS, h, langs[l]);
            bool recorded = h == 0 && l == 0;
            if (ai < 0) {
                char want[96];
                snprintf(want, sizeof want, "hotspot \"%s\" has no narration in %s", ids[h], langs[l]);
                if (recorded || espeak || !strstr(diag, want))
                    fail_msg("no narration for %s/%s and no warning:\n%s", ids[h], langs[l], diag);
                continue;
            }
            audio_seen++;
            assert_true(ci >= 0);
            const vt_pkg_media *m = pkg_media(&pkg, (uint32_t)ai);
            assert_int_equal(m->hotspot, h);
            assert_string_equal(m->lang, langs[l]);
            assert_int_equal((m->flags & VT_MEDIA_SYNTHETIC) != 0, !recorded);
            if (m->lufs < -16.5f || m->lufs > -15.5f)
                fail_msg("%s/%s: %.2f LUFS recorded", ids[h], langs[l], (double)m->lufs);
            assert_true(m->seconds > 0.2f);
            pkg_blob ogg, vtt;
            assert_int_equal(pkg_media_data(&pkg, (uint32_t)ai, true, &ogg, &err), VT_OK);
            assert_int_equal(pkg_media_data(&pkg, (uint32_t)ci, true, &vtt, &err), VT_OK);
            /* The stored audio really is at that loudness and length. */
            media_pcm pcm;
            assert_int_equal(media_decode(ogg.data, (size_t)ogg.size, "ogg", &pcm, &err), VT_OK);
            media_loudness loud;
            assert_int_equal(media_loudness_measure(pcm.samples, pcm.frames, pcm.channels, pcm.sample_rate, &loud,
                                                    &err), VT_OK);
            if (fabs(loud.integrated_lufs + 16.0) > 0.5 || fabs(media_pcm_seconds(&pcm) - m->seconds) > 0.05)
                fail_msg("%s/%s: measured %.2f LUFS, %.3f s (entry %.3f s)", ids[h], langs[l],
                         loud.integrated_lufs, media_pcm_seconds(&pcm), (double)m->seconds);
            media_pcm_free(&pcm);
            vt_arena arena = { 0 };
            media_captions got;
            _captions(vtt.data, (size_t)vtt.size, &arena, &got);
            assert_true(got.count >= 1);
            if (recorded) {
                /* The curator's captions, cue for cue. */
                vt_blob file;
                assert_int_equal(vt_file_read(GUIDE_DIR "/audio/drum-star.vi.vtt", &file, 0), VT_OK);
                media_captions want;
                _captions(file.data, file.size, &arena, &want);
                vt_blob_free(&file);
                assert_int_equal(got.count, want.count);
                for (uint32_t k = 0; k < want.count; k++) {
                    assert_true(fabs(got.cues[k].start - want.cues[k].start) < 0.0005);
                    assert_true(fabs(got.cues[k].end - want.cues[k].end) < 0.0005);
                    assert_string_equal(got.cues[k].text, want.cues[k].text);
                }
                assert_string_equal(m->name, "drum-star.vi.wav");
            } else {
                /* Timed to the speech: the last cue ends within it. */
                assert_true(got.cues[got.count - 1].end <= (double)m->seconds + 0.001);
                /* Markup is not read out: "*fourteen*" is spoken and shown as "fourteen". */
                for (uint32_t k = 0; k < got.count; k++)
                    assert_null(strchr(got.cues[k].text, '*'));
            }
            vt_arena_free(&arena);
        }
    assert_int_equal(rep.narrations, audio_seen);
    assert_int_equal(rep.synthetic, audio_seen - 1);
    assert_int_equal(rep.narrations_cached, 0);

    /* The image as the curator gave it. */
    int ii = pkg_media_find(&pkg, VT_MEDIA_IMAGE, 0, NULL);
    assert_true(ii >= 0);
    assert_int_equal(pkg_media_find(&pkg, VT_MEDIA_IMAGE, 1, NULL), -1);
    vt_blob png;
    pkg_blob img;
    assert_int_equal(vt_file_read(GUIDE_DIR "/images/drum-star.png", &png, 0), VT_OK);
    assert_int_equal(pkg_media_data(&pkg, (uint32_t)ii, true, &img, &err), VT_OK);
    assert_int_equal(img.size, png.size);
    assert_memory_equal(img.data, png.data, png.size);
    vt_blob_free(&png);
    assert_int_equal(rep.images, 1);

    /* Fonts: Noto Sans always, WenQuanYi because the Chinese texts need it. */
    static const char *const font_files[] = { "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                                              "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                                              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc" };
    uint32_t want_fonts = 0;
    for (int f = 0; f < 3; f++) {
        bool found = false;
        const char *base = strrchr(font_files[f], '/') + 1;
        for (uint32_t i = 0; i < pkg_media_count(&pkg); i++)
            found = found || (pkg_media(&pkg, i)->kind == VT_MEDIA_FONT && !strcmp(pkg_media(&pkg, i)->name, base) &&
                              pkg_media(&pkg, i)->hotspot == VT_PKG_NONE);
        assert_int_equal(found, _file_exists(font_files[f]));
        want_fonts += found;
    }
    assert_int_equal(rep.fonts, want_fonts);
    pkg_close(&pkg);
    free(diag);

    /* Again from the cache: the same bytes, nothing converted. */
    r = _build_dir(GUIDE_DIR, cache, &(exhibition_build_desc){ .jobs = 1 }, &b, &rep2, &diag);
    assert_int_equal(r, VT_OK);
    assert_int_equal(rep2.narrations_cached, rep.narrations);
    assert_int_equal(rep2.converted, 0);
    assert_int_equal(b.size, a.size);
    assert_memory_equal(b.data, a.data, a.size);
    free(diag);
    vt_blob_free(&a);
    vt_blob_free(&b);
}

/* Only two languages, no CJK: no WenQuanYi. No speech program: warnings,
 * no narration, the package still builds. A recording that is noise:
 * an error for the builder, a warning for the viewer. */
static void test_guide_fallbacks(void **state)
{
    (void)state;
    _make_folder();
    static const char json[] =
        "{\n\"format\": 1,\n\"title\": {\"vi\": \"Thử\", \"en\": \"Test\"},\n\"languages\": [\"vi\", \"en\"],\n"
        "\"rooms\": [{\"id\": \"hall\", \"name\": {\"vi\": \"Sảnh\", \"en\": \"Hall\"}, "
        "\"floor_plan\": [[0, 0], [4, 0], [4, 4], [0, 4]]}],\n"
        "\"artefacts\": [{\"id\": \"tetra\", \"scan\": \"scans/tetra.obj\", \"room\": \"hall\", "
        "\"position\": [1, 0, 1], \"record\": {\"title\": {\"vi\": \"Tứ diện\", \"en\": \"Tetra\"}, "
        "\"credit\": {\"vi\": \"C\", \"en\": \"C\"}, \"licence\": \"CC0-1.0\"}}],\n"
        "\"hotspots\": [{\"id\": \"tip\", \"artefact\": \"tetra\", \"position\": [0, 1, 0],\n"
        "  \"title\": {\"vi\": \"Đỉnh\", \"en\": \"The tip\"},\n"
        "  \"narration\": {\"en\": {\"audio\": \"audio/noise.wav\"}}}]\n}\n";
    _write("exhibition.json", json, strlen(json));
    uint8_t noise[3000];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (uint8_t)(i * 2654435761u >> 13);
    _write("audio/noise.wav", (const char *)noise, sizeof noise);
    vt_blob out = { 0 };
    exhibition_build_report rep;
    char *diag = NULL;

    /* The builder: the noise is an error at the audio path's line:column
     * (line 9), and nothing is built. */
    vt_result r = _build_dir(_tmpdir, "", &(exhibition_build_desc){ .tts_program = "/nonexistent/espeak-ng" },
                             &out, &rep, &diag);
    assert_int_equal(r, VT_ERR_MALFORMED);
    assert_null(out.data);
    if (!strstr(diag, "exhibition.json:9:") || !strstr(diag, "audio/noise.wav") ||
        !strstr(diag, "hotspot \"tip\" has no narration in vi"))
        fail_msg("diagnostics:\n%s", diag);
    free(diag);

    /* The viewer: warnings only; no narration, fonts without WenQuanYi. */
    r = _build_dir(_tmpdir, "", &(exhibition_build_desc){ .tts_program = "/nonexistent/espeak-ng", .missing_ok = true },
                   &out, &rep, &diag);
    if (r != VT_OK)
        fail_msg("diagnostics:\n%s", diag);
    assert_non_null(strstr(diag, "warning: narration of hotspot \"tip\" in en"));
    assert_int_equal(rep.narrations, 0);
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    assert_int_equal(pkg_open_memory(&pkg, out.data, out.size, "fallbacks", &err), VT_OK);
    assert_int_equal(pkg_media_find(&pkg, VT_MEDIA_AUDIO, 0, NULL), -1);
    for (uint32_t i = 0; i < pkg_media_count(&pkg); i++)
        assert_string_not_equal(pkg_media(&pkg, i)->name, "wqy-microhei.ttc");
    pkg_close(&pkg);
    vt_blob_free(&out);
    free(diag);

    /* No fonts on the machine: warnings, a package without them. */
    char nofonts[300];
    snprintf(nofonts, sizeof nofonts, "%s/no-fonts", _tmpdir);
    r = _build_dir(_tmpdir, "", &(exhibition_build_desc){ .tts_program = "/nonexistent/espeak-ng",
                                                          .missing_ok = true, .font_dir = nofonts },
                   &out, &rep, &diag);
    assert_int_equal(r, VT_OK);
    assert_int_equal(rep.fonts, 0);
    assert_non_null(strstr(diag, "warning: font "));
    vt_blob_free(&out);
    free(diag);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_roundtrip, _teardown),
        cmocka_unit_test_teardown(test_deterministic_and_cached, _teardown),
        cmocka_unit_test_teardown(test_invalid_writes_nothing, _teardown),
        cmocka_unit_test_teardown(test_missing_and_broken_scans, _teardown),
        cmocka_unit_test_teardown(test_map_rules, _teardown),
        cmocka_unit_test_teardown(test_section_rules, _teardown),
        cmocka_unit_test_teardown(test_nested_rules, _teardown),
        cmocka_unit_test_teardown(test_app_open, _teardown),
#ifdef VT_TEST_DATA_DIR
        cmocka_unit_test_teardown(test_guide_media, _teardown),
        cmocka_unit_test_teardown(test_guide_fallbacks, _teardown),
#endif
    };
    return cmocka_run_group_tests(tests, _group_setup, _group_teardown);
}
