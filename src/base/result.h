/* result: the outcome of reading outside data (files, images, scans).
 *
 * Bad data is not a programmer error: it gets a result code plus a message
 * naming the file and the problem (vt_error_msg), and the caller decides
 * whether to show a placeholder or exit with code 3. Asserts are kept for
 * programmer errors only. */
#ifndef VT_RESULT_H
#define VT_RESULT_H

typedef enum vt_result {
    VT_OK = 0,
    VT_ERR_NOT_FOUND,    /* no such file */
    VT_ERR_UNREADABLE,   /* exists but cannot be read (permissions, a folder) */
    VT_ERR_EMPTY,        /* zero bytes */
    VT_ERR_MALFORMED,    /* the importer or decoder rejected it */
    VT_ERR_NO_GEOMETRY,  /* parsed, but holds no triangles to show */
    VT_ERR_TOO_LARGE,    /* sizes beyond what we accept */
    VT_ERR_UNSUPPORTED,  /* a format or feature we do not handle */
    VT_ERR_OUT_OF_MEMORY,
    VT_ERR_IO,           /* writing failed */
} vt_result;

const char *vt_result_str(vt_result r);

/* A message for the user: "FILE: what is wrong". Fixed size so error paths
 * never allocate. */
typedef struct vt_error_msg {
    char text[512];
} vt_error_msg;

void vt_error_set(vt_error_msg *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
