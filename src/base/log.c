#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

static vt_log_level _vt_log_min = VT_LOG_WARN;
static atomic_int _vt_log_warnings; /* the loading thread warns too */

void vt_log_set_level(vt_log_level min_level) { _vt_log_min = min_level; }
int vt_log_warning_count(void) { return atomic_load(&_vt_log_warnings); }

void vt_log(vt_log_level level, const char *fmt, ...)
{
    static const char *names[] = { "debug", "info", "warning", "error" };
    if (level == VT_LOG_WARN)
        atomic_fetch_add(&_vt_log_warnings, 1);
    if (level < _vt_log_min)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vitrine: %s: ", names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
