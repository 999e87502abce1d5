/* file: whole-file reads with a clear result for every way they fail, and
 * atomic writes (temporary file + rename) so a failed write never replaces a
 * good file with a broken one. The caller frees what vt_file_read returns. */
#ifndef VT_FILE_H
#define VT_FILE_H

#include <stddef.h>
#include "result.h"

typedef struct vt_blob {
    unsigned char *data; /* malloc'd, one extra NUL byte after size */
    size_t size;
} vt_blob;

/* Checks that PATH names a readable, non-empty regular file. */
vt_result vt_file_check(const char *path, size_t *size_out);
/* The user's message for a failed vt_file_check: "PATH: no such file"... */
void vt_file_check_message(const char *path, vt_result r, vt_error_msg *err);
vt_result vt_file_read(const char *path, vt_blob *out, size_t max_size);
void vt_blob_free(vt_blob *b);

/* Writes DATA to PATH via PATH.tmp-XXXXXX + fsync + rename. */
vt_result vt_file_write_atomic(const char *path, const void *data, size_t size);

/* The folder part of PATH ("a/b/c.obj" -> "a/b", "c.obj" -> "."). */
void vt_path_dirname(const char *path, char *out, size_t out_size);
/* Lower-case extension without the dot, or "" ("x/Scan.GLB" -> "glb"). */
void vt_path_ext(const char *path, char *out, size_t out_size);

#endif
