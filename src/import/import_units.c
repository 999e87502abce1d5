#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
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

bool import_parse_unit(const char *s, float *out)
{
    static const struct {
        const char *name;
        float scale;
    } units[] = {
        { "m", 1.0f }, { "cm", 0.01f }, { "mm", 0.001f }, { "in", 0.0254f }, { "ft", 0.3048f },
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(s, units[i].name)) {
            *out = units[i].scale;
            return true;
        }
    char *end;
    errno = 0;
    float v = strtof(s, &end);
    if (end == s || *end != 0 || errno != 0 || !isfinite(v) || v <= 0 || v >= 1e6f)
        return false;
    *out = v;
    return true;
}
