/* test_pkg_util: reaching into a package's bytes, for tests that damage
 * them on purpose (test code only; include after cmocka.h). */
#ifndef VT_TEST_PKG_UTIL_H
#define VT_TEST_PKG_UTIL_H

#include <stdint.h>

#include "package/vitrine_format.h"

static inline vt_pkg_header *_hdr(uint8_t *b) { return (vt_pkg_header *)b; }
static inline vt_pkg_section *_dir(uint8_t *b) { return (vt_pkg_section *)(b + sizeof(vt_pkg_header)); }

/* The directory entry of section TYPE/ID; fails the test when absent. */
static inline vt_pkg_section *_sec(uint8_t *b, uint32_t type, uint32_t id)
{
    vt_pkg_section *d = _dir(b);
    for (uint32_t i = 0; i < _hdr(b)->section_count; i++)
        if (d[i].type == type && d[i].id == id)
            return &d[i];
    fail_msg("no section %08x/%u in the fixture", type, id);
    return NULL;
}

#endif
