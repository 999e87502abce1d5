/* pack_info: the JSON summary that `vitrine-pack --info` prints. */
#ifndef VT_PACK_INFO_H
#define VT_PACK_INFO_H

#include <stdio.h>

#include "package/package.h"

void pack_print_info(const vt_package *pkg, FILE *out);

#endif
