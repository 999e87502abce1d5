/* scan_source: whatever the visitor asked to see, as an open package.
 *
 * A .vitrine file opens directly (memory-mapped). A raw scan is converted
 * in-process by the packer into the content-addressed cache of converted
 * scans (import/pack_cache.h, shared with exhibition builds), so a curator
 * previews a scan and the second opening is as fast as a package.
 * An exhibition package is refused here (VT_ERR_UNSUPPORTED): it opens
 * through exhibition_source.h. No argument
 * opens the demo (see demo.h). When the cache cannot be written the package
 * is kept in memory instead. */
#ifndef VT_SCAN_SOURCE_H
#define VT_SCAN_SOURCE_H

#include "app/cli.h"
#include "base/file.h"
#include "package/package.h"

typedef struct app_scan {
    vt_package pkg;
    vt_blob memory;         /* the package's bytes when not a file */
    char title[256];
    float yaw, pitch;       /* preferred first view (degrees); 0,0 = default */
    bool lit;               /* show lit by default (colour without baked light) */
    bool from_cache;        /* a raw scan opened from the cache */
    char cache_path[1024];
} app_scan;

vt_result app_scan_open(app_scan *s, const app_options *opt, vt_error_msg *err);
void app_scan_close(app_scan *s);

/* The cache file for a raw scan and these options ("" when no cache
 * folder can be found). Exposed for tests. */
vt_result app_scan_cache_path(const char *scan, const app_options *opt, char *out, size_t out_size);

#endif
