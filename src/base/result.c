#include "result.h"

#include <stdarg.h>
#include <stdio.h>

const char *vt_result_str(vt_result r)
{
    switch (r) {
    case VT_OK: return "ok";
    case VT_ERR_NOT_FOUND: return "not found";
    case VT_ERR_UNREADABLE: return "cannot be read";
    case VT_ERR_EMPTY: return "empty file";
    case VT_ERR_MALFORMED: return "malformed";
    case VT_ERR_NO_GEOMETRY: return "no geometry";
    case VT_ERR_TOO_LARGE: return "too large";
    case VT_ERR_UNSUPPORTED: return "unsupported";
    case VT_ERR_OUT_OF_MEMORY: return "out of memory";
    case VT_ERR_IO: return "write failed";
    }
    return "unknown error";
}

void vt_error_set(vt_error_msg *msg, const char *fmt, ...)
{
    if (!msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg->text, sizeof msg->text, fmt, ap);
    va_end(ap);
}
