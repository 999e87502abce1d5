/* import_check: imports each scan named on the command line with no GL and
 * frees it, printing one line per file. Run under AddressSanitizer and
 * LeakSanitizer it proves the import path neither corrupts memory nor leaks
 * on good or bad files, which a GL process cannot show (Mesa unloads its
 * driver before the leak report). Exit 0 when every file either imported or
 * was refused with a message naming it. */
#include <stdio.h>
#include <string.h>

#include "import/import.h"

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        scene_model m;
        vt_error_msg err = { { 0 } };
        vt_result r = import_scan(&(import_desc){ .path = argv[i], .max_texture_size = 512 }, &m, &err);
        if (r == VT_OK) {
            printf("ok      %s: %d meshes, %llu triangles\n", argv[i], m.mesh_count,
                   (unsigned long long)m.triangle_count);
            scene_model_free(&m);
        } else if (strstr(err.text, argv[i])) {
            printf("refused %s\n", err.text);
        } else {
            printf("BAD     %s: refused without naming the file: %s\n", argv[i], err.text);
            bad++;
        }
    }
    return bad ? 1 : 0;
}
