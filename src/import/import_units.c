#include "import.h"

#include <ctype.h>
#include <string.h>

float import_guess_unit_scale(float largest_extent)
{
    /* A scan over 20 "metres" is a millimetre file (scanners such as the
     * VCG range scans and Sketchfab's FBX-derived glTFs); 20 m..20 km would
     * be a building in mm. Anything smaller is taken as metres: centimetre
     * files of small objects cannot be told from metre files of big ones, so
     * the curator gives --unit for those. */
    if (largest_extent > 20.0f)
        return 0.001f;
    return 1.0f;
}

bool import_parse_up(const char *s, import_up *out)
{
    char buf[4] = { 0 };
    size_t n = strlen(s);
    if (n == 0 || n > 2)
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    const char *v = buf[0] == '+' ? buf + 1 : buf;
    if (!strcmp(v, "y"))
        *out = IMPORT_UP_Y;
    else if (!strcmp(v, "z"))
        *out = IMPORT_UP_Z;
    else if (!strcmp(v, "-z"))
        *out = IMPORT_UP_NEG_Z;
    else if (!strcmp(v, "x"))
        *out = IMPORT_UP_X;
    else
        return false;
    return true;
}
