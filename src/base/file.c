#define _POSIX_C_SOURCE 200809L
#include "file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

vt_result vt_file_check(const char *path, size_t *size_out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT || errno == ENOTDIR ? VT_ERR_NOT_FOUND : VT_ERR_UNREADABLE;
    if (!S_ISREG(st.st_mode))
        return VT_ERR_UNREADABLE;
    if (access(path, R_OK) != 0)
        return VT_ERR_UNREADABLE;
    if (st.st_size == 0)
        return VT_ERR_EMPTY;
    if (size_out)
        *size_out = (size_t)st.st_size;
    return VT_OK;
}

void vt_file_check_message(const char *path, vt_result r, vt_error_msg *err)
{
    vt_error_set(err, "%s: %s", path,
                 r == VT_ERR_NOT_FOUND ? "no such file"
                 : r == VT_ERR_EMPTY   ? "the file is empty"
                                       : "cannot be read (not a regular file, or no permission)");
}

vt_result vt_file_read(const char *path, vt_blob *out, size_t max_size)
{
    memset(out, 0, sizeof *out);
    size_t size = 0;
    vt_result r = vt_file_check(path, &size);
    if (r != VT_OK)
        return r;
    if (max_size && size > max_size)
        return VT_ERR_TOO_LARGE;
    FILE *f = fopen(path, "rb");
    if (!f)
        return VT_ERR_UNREADABLE;
    unsigned char *data = malloc(size + 1);
    if (!data) {
        fclose(f);
        return VT_ERR_OUT_OF_MEMORY;
    }
    size_t got = fread(data, 1, size, f);
    fclose(f);
    if (got != size) {
        free(data);
        return VT_ERR_UNREADABLE;
    }
    data[size] = 0;
    out->data = data;
    out->size = size;
    return VT_OK;
}

void vt_blob_free(vt_blob *b)
{
    free(b->data);
    b->data = NULL;
    b->size = 0;
}

vt_result vt_file_write_atomic(const char *path, const void *data, size_t size)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
        return VT_ERR_IO;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return VT_ERR_IO;
    const unsigned char *p = data;
    size_t left = size;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    /* mkstemp creates 0600; a screenshot or package is an ordinary file. */
    int ok = left == 0 && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return VT_ERR_IO;
    }
    return VT_OK;
}

void vt_path_dirname(const char *path, char *out, size_t out_size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(out, out_size, ".");
        return;
    }
    size_t n = (size_t)(slash - path);
    if (n == 0)
        n = 1; /* "/x" -> "/" */
    snprintf(out, out_size, "%.*s", (int)n, path);
}

void vt_path_ext(const char *path, char *out, size_t out_size)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    size_t i = 0;
    if (dot && out_size > 0) {
        for (dot++; *dot && i + 1 < out_size; dot++)
            out[i++] = (char)tolower((unsigned char)*dot);
    }
    if (out_size > 0)
        out[i] = 0;
}
