/* exhibition_source: an exhibition folder (or an exhibition package) as an
 * open exhibition package plus its model, for the viewer.
 *
 * A folder is built (import/exhibition_build.h) into the cache of converted
 * scans: its package is <cache>/exhibition-<hash of the folder's real
 * path>.vitrine, rebuilt on every opening (scans already converted come from
 * the cache, so that costs a read of each scan, not a conversion). A scan
 * file that is missing or cannot be converted is a warning and a
 * placeholder, not a failure: the visit goes on. When the cache cannot be
 * written the package is built in memory instead. A .vitrine exhibition
 * package opens directly.
 *
 * The model (exhibition) is read back from the package's own EXHB text, so
 * the viewer shows exactly what was packed; its artefact and room counts
 * are checked against the package's maps. */
#ifndef VT_EXHIBITION_SOURCE_H
#define VT_EXHIBITION_SOURCE_H

#include <stdbool.h>

#include "app/cli.h"
#include "base/file.h"
#include "import/exhibition_build.h"
#include "package/package.h"
#include "scene/exhibition.h"

typedef struct app_exhibition {
    vt_package pkg;        /* the exhibition package (pkg_is_exhibition) */
    vt_blob memory;        /* its bytes when it is not a file */
    exhibition ex;         /* the model, read from the package's EXHB */
    char path[1024];       /* the package file; "" when in memory */
    /* Everything worth showing a curator, one line each: the validator's
     * diagnostics as "DIR/exhibition.json:LINE:COL: ..." (warnings on
     * success, errors on failure) and the build's per-scan lines. Set on
     * failure too; NULL when empty (malloc'd, freed by app_exhibition_close). */
    char *diagnostics;
    uint32_t warnings;     /* lines that are warnings (placeholders included) */
    exhibition_build_report report;
} app_exhibition;

/* True when PATH is a folder holding exhibition.json. */
bool app_exhibition_is_folder(const char *path);

/* Builds DIR into the cache and opens it (or opens DIR when it is an
 * exhibition .vitrine). OPT may be NULL (only opt->verbose is used: build
 * progress goes to the log). On failure ERR says why, OUT->diagnostics may
 * say more; call app_exhibition_close either way. */
vt_result app_exhibition_open(const char *dir, const app_options *opt, app_exhibition *out, vt_error_msg *err);
void app_exhibition_close(app_exhibition *e);

#endif
