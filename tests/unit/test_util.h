/* test_util: small helpers several unit tests share (test code only). */
#ifndef VT_TEST_UTIL_H
#define VT_TEST_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes DIR and everything below it (a test's scratch folder); links are
 * removed, never followed. */
static inline void test_rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            test_rm_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

#endif
