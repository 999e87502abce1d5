/* pick: the surface point under a ray, on a package's own geometry (CPU,
 * dequantised on the fly), for focusing and zooming toward the cursor. */
#ifndef VT_PICK_H
#define VT_PICK_H

#include <stdbool.h>
#include <stdint.h>

#include "package/package.h"

/* Nearest hit distance along the normalised ray. Each mesh is tested at its
 * finest level with at most MAX_TRIS triangles (its coarsest if none is that
 * small), chunk boxes first. The reader checked every section's size, so
 * reads stay in bounds; indices are range-checked here, as the data may not
 * have been verified yet. */
bool app_pick(const vt_package *pkg, uint64_t max_tris, const float origin[3], const float dir[3], float *t_out);

#endif
