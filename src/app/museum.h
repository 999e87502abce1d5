/* museum: the exhibition app. Opens an exhibition (a folder, built into the
 * cache first, or a built package), then either runs the walk-through loop
 * in a window or renders one headless frame: the start, a viewpoint
 * (--view), a moment of a tour (--tour --at) or the end of an input script
 * (--script) played at a fixed time step. Returns the process exit code
 * (0 ok, 1 internal error, 3 bad input). */
#ifndef VT_MUSEUM_H
#define VT_MUSEUM_H

#include "app/cli.h"

/* PATH: an exhibition folder or an exhibition .vitrine. */
int app_run_museum(const app_options *opt, const char *path);

#endif
