/* screenshot: reads a render target and writes it as a PNG, atomically. */
#ifndef VT_SCREENSHOT_H
#define VT_SCREENSHOT_H

#include "base/result.h"
#include "gfx/gfx.h"

vt_result app_write_screenshot(gfx_target target, const char *path, vt_error_msg *err);

#endif
