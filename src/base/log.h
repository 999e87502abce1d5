/* log: one place that prints diagnostics, so tests and CI can count warnings.
 *
 * Messages go to stderr as "vitrine: LEVEL: text". The counters let a headless
 * run (or a test) fail on any warning, raylib-style. No dependencies. */
#ifndef VT_LOG_H
#define VT_LOG_H

typedef enum vt_log_level {
    VT_LOG_DEBUG,
    VT_LOG_INFO,
    VT_LOG_WARN,
    VT_LOG_ERROR,
} vt_log_level;

void vt_log(vt_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define vt_info(...)  vt_log(VT_LOG_INFO, __VA_ARGS__)
#define vt_warn(...)  vt_log(VT_LOG_WARN, __VA_ARGS__)
#define vt_error(...) vt_log(VT_LOG_ERROR, __VA_ARGS__)
#define vt_debug(...) vt_log(VT_LOG_DEBUG, __VA_ARGS__)

/* Messages below this level are dropped (default VT_LOG_WARN: quiet tools). */
void vt_log_set_level(vt_log_level min_level);
int vt_log_warning_count(void);

#endif
