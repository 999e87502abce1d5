/* test_arena_file: lifetime arenas (src/base/arena.h) and whole-file I/O
 * with atomic writes and path helpers (src/base/file.h). File tests work in
 * a temporary folder made at run time. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/file.h"

/* ---- helpers ------------------------------------------------------------ */

/* Each file test gets its own empty folder, passed as *state. */
static int _setup_dir(void **state)
{
    char *dir = malloc(64);
    if (!dir)
        return -1;
    snprintf(dir, 64, "/tmp/vt_test_file_XXXXXX");
    if (!mkdtemp(dir)) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int _rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int _teardown_dir(void **state)
{
    char *dir = *state;
    int rc = nftw(dir, _rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
    return rc;
}

static void _join(char *out, size_t out_size, const char *dir, const char *name)
{
    snprintf(out, out_size, "%s/%s", dir, name);
}

static void _write_raw(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (size)
        assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* Names in DIR other than "." and ".."; counts those containing NEEDLE too. */
static int _count_entries(const char *dir, const char *needle, int *matching)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0, m = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (needle && strstr(e->d_name, needle))
            m++;
    }
    closedir(d);
    if (matching)
        *matching = m;
    return n;
}

/* Reads PATH back with stdio (independent of vt_file_read). */
static size_t _slurp(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* ---- arena -------------------------------------------------------------- */

/* Every allocation, whatever its size, is 16-byte aligned and zero-filled,
 * even right after a neighbour has been scribbled over. */
static void test_arena_zeroed_aligned(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    static const size_t sizes[] = { 1, 3, 7, 16, 17, 31, 100, 255, 4096, 1 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p = vt_arena_alloc(&a, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16u, 0);
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, sizes[i]);
    }
    /* A zero-byte request still gives a distinct, aligned pointer. */
    void *z1 = vt_arena_alloc(&a, 0), *z2 = vt_arena_alloc(&a, 0);
    assert_non_null(z1);
    assert_non_null(z2);
    assert_ptr_not_equal(z1, z2);
    assert_int_equal((uintptr_t)z1 % 16u, 0);
    double *arr = vt_arena_alloc_array(&a, 5, sizeof(double));
    assert_non_null(arr);
    assert_int_equal((uintptr_t)arr % 16u, 0);
    for (int i = 0; i < 5; i++)
        assert_true(arr[i] == 0.0);
    vt_arena_free(&a);
}

/* Thousands of small allocations and one larger than a whole block all get
 * their own memory (no overlap), and bytes_used adds up what was asked. */
static void test_arena_many_small_and_one_large(void **state)
{
    (void)state;
    enum { N = 5000, SMALL = 48 };
    const size_t big = (size_t)3 << 20; /* 3 MiB: more than one 1 MiB block */
    vt_arena a = { 0 };
    static uint32_t *small[N];
    for (int i = 0; i < N / 2; i++) {
        small[i] = vt_arena_alloc(&a, SMALL);
        assert_non_null(small[i]);
        for (size_t k = 0; k < SMALL / sizeof(uint32_t); k++)
            small[i][k] = (uint32_t)i;
    }
    unsigned char *large = vt_arena_alloc(&a, big);
    assert_non_null(large);
    assert_int_equal((uintptr_t)large % 16u, 0);
    assert_int_equal(large[0], 0);
    assert_int_equal(large[big - 1], 0);
    memset(large, 0x5A, big);
    for (int i = N / 2; i < N; i++) {
        small[i] = vt_arena_alloc(&a, SMALL);
        assert_non_null(small[i]);
        assert_int_equal(small[i][0], 0);
        for (size_t k = 0; k < SMALL / sizeof(uint32_t); k++)
            small[i][k] = (uint32_t)i;
    }
    /* Nothing overwrote anything else. */
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < SMALL / sizeof(uint32_t); k++)
            assert_int_equal(small[i][k], (uint32_t)i);
    for (size_t k = 0; k < big; k += 4093)
        assert_int_equal(large[k], 0x5A);
    assert_int_equal(large[big - 1], 0x5A);

    assert_int_equal(a.bytes_used, (size_t)N * SMALL + big);
    assert_true(a.bytes_reserved >= a.bytes_used);
    vt_arena_free(&a);
}

/* Sizes that overflow (alone or as count * size) return NULL, count
 * nothing, and leave the arena usable. */
static void test_arena_overflow_returns_null(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    assert_null(vt_arena_alloc(&a, SIZE_MAX));
    assert_null(vt_arena_alloc(&a, SIZE_MAX - 15)); /* rounds to itself, but no block can hold it */
    assert_null(vt_arena_alloc_array(&a, 2, SIZE_MAX / 2 + 1));
    assert_null(vt_arena_alloc_array(&a, 1, SIZE_MAX - 7));
    assert_null(vt_arena_alloc_array(&a, SIZE_MAX / 8 + 1, 8));
    assert_int_equal(a.bytes_used, 0);
    assert_int_equal(a.bytes_reserved, 0);
    assert_null(a.head);

    int *p = vt_arena_alloc_array(&a, 4, sizeof(int));
    assert_non_null(p);
    assert_int_equal(a.bytes_used, 16);
    vt_arena_free(&a);
}

/* vt_arena_free returns everything and zeroes the counters; the same arena
 * then works again from scratch, and freeing an empty arena is harmless. */
static void test_arena_free_and_reuse(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    vt_arena_free(&a); /* never used */
    assert_null(a.head);

    assert_non_null(vt_arena_alloc(&a, 1000));
    assert_non_null(vt_arena_alloc(&a, (size_t)2 << 20));
    assert_true(a.bytes_used > 0);
    assert_true(a.bytes_reserved >= a.bytes_used);
    vt_arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.bytes_used, 0);
    assert_int_equal(a.bytes_reserved, 0);

    unsigned char *p = vt_arena_alloc(&a, 64);
    assert_non_null(p);
    for (int i = 0; i < 64; i++)
        assert_int_equal(p[i], 0);
    assert_int_equal(a.bytes_used, 64);
    vt_arena_free(&a);
    vt_arena_free(&a); /* twice is harmless too */
    assert_int_equal(a.bytes_used, 0);
}

/* ---- vt_file_check / vt_file_read --------------------------------------- */

/* vt_file_check tells missing, folder, empty and good files apart, and
 * reports the size of a good one. */
static void test_file_check_cases(void **state)
{
    const char *dir = *state;
    char path[256];
    size_t size = 12345;

    _join(path, sizeof path, dir, "missing.obj");
    assert_int_equal(vt_file_check(path, &size), VT_ERR_NOT_FOUND);
    assert_int_equal(vt_file_check(dir, &size), VT_ERR_UNREADABLE); /* a folder */

    _join(path, sizeof path, dir, "empty.obj");
    _write_raw(path, "", 0);
    assert_int_equal(vt_file_check(path, &size), VT_ERR_EMPTY);

    _join(path, sizeof path, dir, "scan.obj");
    _write_raw(path, "v 0 0 0\n", 8);
    assert_int_equal(vt_file_check(path, &size), VT_OK);
    assert_int_equal(size, 8);
    assert_int_equal(vt_file_check(path, NULL), VT_OK);

    /* A file used as if it were a folder is "not found", not a crash. */
    char below[300];
    snprintf(below, sizeof below, "%s/x.obj", path);
    assert_int_equal(vt_file_check(below, &size), VT_ERR_NOT_FOUND);
}

/* vt_file_read returns exactly the file's bytes (NULs and high bytes
 * included) plus a NUL after them, and honours max_size. */
static void test_file_read_exact_bytes(void **state)
{
    const char *dir = *state;
    char path[256];
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7u + 3u); /* includes 0 and 255 */
    data[0] = 0;
    _join(path, sizeof path, dir, "blob.bin");
    _write_raw(path, data, sizeof data);

    vt_blob b;
    assert_int_equal(vt_file_read(path, &b, 0), VT_OK); /* 0 = no limit */
    assert_non_null(b.data);
    assert_int_equal(b.size, sizeof data);
    assert_memory_equal(b.data, data, sizeof data);
    assert_int_equal(b.data[b.size], 0);
    vt_blob_free(&b);
    assert_null(b.data);
    assert_int_equal(b.size, 0);

    /* A limit equal to the size is fine. */
    assert_int_equal(vt_file_read(path, &b, sizeof data), VT_OK);
    assert_int_equal(b.size, sizeof data);
    vt_blob_free(&b);
}

/* A file over max_size is VT_ERR_TOO_LARGE, and failures leave the blob
 * empty (nothing to free). */
static void test_file_read_too_large_and_errors(void **state)
{
    const char *dir = *state;
    char path[256];
    _join(path, sizeof path, dir, "big.txt");
    _write_raw(path, "0123456789", 10);

    vt_blob b = { (unsigned char *)path, 99 };
    assert_int_equal(vt_file_read(path, &b, 9), VT_ERR_TOO_LARGE);
    assert_null(b.data);
    assert_int_equal(b.size, 0);

    _join(path, sizeof path, dir, "nope.txt");
    assert_int_equal(vt_file_read(path, &b, 0), VT_ERR_NOT_FOUND);
    assert_null(b.data);
    assert_int_equal(vt_file_read(dir, &b, 0), VT_ERR_UNREADABLE);
    assert_null(b.data);
    _join(path, sizeof path, dir, "empty.txt");
    _write_raw(path, "", 0);
    assert_int_equal(vt_file_read(path, &b, 0), VT_ERR_EMPTY);
    assert_null(b.data);
}

/* ---- vt_file_write_atomic ----------------------------------------------- */

/* A new file gets exactly the content, mode 0644, and no temporary file is
 * left in the folder. */
static void test_write_atomic_new_file(void **state)
{
    const char *dir = *state;
    char path[256];
    _join(path, sizeof path, dir, "shot.png");
    const char content[] = "\x89PNG\r\n\x1a\n\0binary";
    assert_int_equal(vt_file_write_atomic(path, content, sizeof content), VT_OK);

    unsigned char back[64];
    assert_int_equal(_slurp(path, back, sizeof back), sizeof content);
    assert_memory_equal(back, content, sizeof content);

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0644);

    int tmp = -1;
    assert_int_equal(_count_entries(dir, ".tmp-", &tmp), 1);
    assert_int_equal(tmp, 0);
}

/* Writing over an existing (longer) file replaces it entirely, keeps mode
 * 0644, and still leaves no temporary behind; a zero-byte write makes an
 * empty file. */
static void test_write_atomic_replaces(void **state)
{
    const char *dir = *state;
    char path[256];
    _join(path, sizeof path, dir, "package.vtp");
    const char *old = "the old content, rather longer than the new one";
    _write_raw(path, old, strlen(old));
    assert_int_equal(chmod(path, 0600), 0);

    assert_int_equal(vt_file_write_atomic(path, "new", 3), VT_OK);
    unsigned char back[128];
    assert_int_equal(_slurp(path, back, sizeof back), 3);
    assert_memory_equal(back, "new", 3);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);

    assert_int_equal(vt_file_write_atomic(path, "", 0), VT_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 0);

    int tmp = -1;
    assert_int_equal(_count_entries(dir, ".tmp-", &tmp), 1);
    assert_int_equal(tmp, 0);
}

/* Into a folder that does not exist the write fails with VT_ERR_IO and
 * creates nothing anywhere (neither the folder, the file nor a temporary). */
static void test_write_atomic_missing_folder(void **state)
{
    const char *dir = *state;
    char sub[256], path[300];
    _join(sub, sizeof sub, dir, "no_such_folder");
    snprintf(path, sizeof path, "%s/out.png", sub);
    assert_int_equal(vt_file_write_atomic(path, "x", 1), VT_ERR_IO);
    struct stat st;
    assert_int_not_equal(stat(sub, &st), 0);
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(_count_entries(dir, NULL, NULL), 0);
}

/* ---- path helpers -------------------------------------------------------- */

/* vt_path_dirname: the folder part, "." for a bare name, "/" for a file in
 * the root; a small buffer truncates rather than overflowing. */
static void test_path_dirname(void **state)
{
    (void)state;
    char out[64];
    vt_path_dirname("a/b/c.obj", out, sizeof out);
    assert_string_equal(out, "a/b");
    vt_path_dirname("c.obj", out, sizeof out);
    assert_string_equal(out, ".");
    vt_path_dirname("/x", out, sizeof out);
    assert_string_equal(out, "/");
    vt_path_dirname("/scans/drum/drum.glb", out, sizeof out);
    assert_string_equal(out, "/scans/drum");
    char small[4];
    memset(small, 'Z', sizeof small);
    vt_path_dirname("abcdef/g.obj", small, sizeof small);
    assert_string_equal(small, "abc");
}

/* vt_path_ext: the lower-case extension of the last path part only, or "". */
static void test_path_ext(void **state)
{
    (void)state;
    char out[16];
    vt_path_ext("x/Scan.GLB", out, sizeof out);
    assert_string_equal(out, "glb");
    vt_path_ext("noext", out, sizeof out);
    assert_string_equal(out, "");
    vt_path_ext("dir.v2/file", out, sizeof out);
    assert_string_equal(out, "");
    vt_path_ext("scan.tar.GZ", out, sizeof out);
    assert_string_equal(out, "gz");
    vt_path_ext("mesh.obj", out, sizeof out);
    assert_string_equal(out, "obj");
    vt_path_ext("trailing.", out, sizeof out);
    assert_string_equal(out, "");
    char small[3];
    vt_path_ext("a.JPEG", small, sizeof small);
    assert_string_equal(small, "jp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_zeroed_aligned),
        cmocka_unit_test(test_arena_many_small_and_one_large),
        cmocka_unit_test(test_arena_overflow_returns_null),
        cmocka_unit_test(test_arena_free_and_reuse),
        cmocka_unit_test_setup_teardown(test_file_check_cases, _setup_dir, _teardown_dir),
        cmocka_unit_test_setup_teardown(test_file_read_exact_bytes, _setup_dir, _teardown_dir),
        cmocka_unit_test_setup_teardown(test_file_read_too_large_and_errors, _setup_dir, _teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_atomic_new_file, _setup_dir, _teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_atomic_replaces, _setup_dir, _teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_atomic_missing_folder, _setup_dir, _teardown_dir),
        cmocka_unit_test(test_path_dirname),
        cmocka_unit_test(test_path_ext),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
