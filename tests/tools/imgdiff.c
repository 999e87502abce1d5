/* imgdiff: compares a rendered PNG with its golden reference.
 *
 *   imgdiff ACTUAL.png EXPECTED.png [MEAN_TOL [BAD_FRACTION_TOL]]
 *
 * Passes (exit 0) when the images have the same size, the mean absolute
 * channel difference is at most MEAN_TOL (default 1.5 of 255), and at most
 * BAD_FRACTION_TOL (default 0.005, i.e. 0.5%) of pixels differ by more than
 * 32 in any channel. That tolerates rasteriser and driver noise along edges
 * while catching a wrong orientation, texture, colour space or framing.
 * Prints the measured figures either way; exit 1 on mismatch, 2 on bad use.
 *
 *   imgdiff --share FILE.png R G B MIN_FRACTION
 *
 * Passes when at least MIN_FRACTION of the pixels are within 40 of colour
 * R,G,B (to check that a placeholder checkerboard is really visible). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image.h>

static int _share(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: imgdiff --share FILE.png R G B MIN_FRACTION\n");
        return 2;
    }
    int w, h, c;
    unsigned char *a = stbi_load(argv[2], &w, &h, &c, 3);
    if (!a) {
        fprintf(stderr, "imgdiff: cannot read %s\n", argv[2]);
        return 2;
    }
    int rgb[3] = { atoi(argv[3]), atoi(argv[4]), atoi(argv[5]) };
    long n = (long)w * h, hits = 0;
    for (long i = 0; i < n; i++) {
        int near = 1;
        for (int k = 0; k < 3; k++)
            if (abs((int)a[3 * i + k] - rgb[k]) > 40)
                near = 0;
        hits += near;
    }
    double frac = (double)hits / (double)n, want = atof(argv[6]);
    printf("imgdiff: %.3f%% of pixels near %d,%d,%d (need %.3f%%)\n", 100.0 * frac, rgb[0], rgb[1], rgb[2],
           100.0 * want);
    stbi_image_free(a);
    return frac >= want ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--share"))
        return _share(argc, argv);
    if (argc < 3) {
        fprintf(stderr, "usage: imgdiff ACTUAL.png EXPECTED.png [MEAN_TOL [BAD_FRACTION_TOL]]\n");
        return 2;
    }
    double mean_tol = argc > 3 ? atof(argv[3]) : 1.5;
    double bad_tol = argc > 4 ? atof(argv[4]) : 0.005;
    int aw, ah, bw, bh, c;
    unsigned char *a = stbi_load(argv[1], &aw, &ah, &c, 3);
    unsigned char *b = stbi_load(argv[2], &bw, &bh, &c, 3);
    if (!a || !b) {
        fprintf(stderr, "imgdiff: cannot read %s\n", !a ? argv[1] : argv[2]);
        return 2;
    }
    if (aw != bw || ah != bh) {
        printf("imgdiff: size %dx%d differs from reference %dx%d\n", aw, ah, bw, bh);
        return 1;
    }
    double sum = 0;
    long bad = 0;
    long n = (long)aw * ah;
    for (long i = 0; i < n; i++) {
        int worst = 0;
        for (int k = 0; k < 3; k++) {
            int d = abs((int)a[3 * i + k] - (int)b[3 * i + k]);
            sum += d;
            if (d > worst)
                worst = d;
        }
        if (worst > 32)
            bad++;
    }
    double mean = sum / (3.0 * (double)n);
    double frac = (double)bad / (double)n;
    int ok = mean <= mean_tol && frac <= bad_tol;
    printf("imgdiff: mean abs diff %.3f (tolerance %.3f), pixels off by >32: %.4f%% (tolerance %.4f%%): %s\n", mean,
           mean_tol, 100.0 * frac, 100.0 * bad_tol, ok ? "match" : "MISMATCH");
    stbi_image_free(a);
    stbi_image_free(b);
    return ok ? 0 : 1;
}
