/* viewer: the inspection app. Loads the scan (or the demo), opens the
 * platform, and either runs the interactive loop or renders one headless
 * frame to a PNG. Returns the process exit code: 0 ok, 1 internal error
 * (no GL, cannot write), 3 bad input file. */
#ifndef VT_VIEWER_H
#define VT_VIEWER_H

#include "app/cli.h"

int app_run_viewer(const app_options *opt);

#endif
