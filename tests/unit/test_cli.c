/* test_cli: the viewer's command line (src/app/cli.h): defaults, every
 * option in both spellings, and a clear usage error naming the option for
 * every bad value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/cli.h"

/* Parses a NULL-terminated argument list (argv[0] is added). */
#define PARSE(opt, err, ...) _parse((opt), (err), (const char *[]){ "vitrine", __VA_ARGS__, NULL })

static app_cli_result _parse(app_options *opt, char *err, const char **args)
{
    int argc = 0;
    while (args[argc])
        argc++;
    err[0] = 0;
    return app_parse_args(argc, (char **)args, opt, err, 512);
}

/* Expects a usage error whose message names NEEDLE (usually the option). */
static void _assert_usage(const char **args, const char *needle)
{
    app_options opt;
    char err[512];
    int argc = 0;
    while (args[argc])
        argc++;
    err[0] = 0;
    assert_int_equal(app_parse_args(argc, (char **)args, &opt, err, sizeof err), APP_CLI_USAGE);
    assert_non_null(strstr(err, needle));
}
#define ASSERT_USAGE(needle, ...) _assert_usage((const char *[]){ "vitrine", __VA_ARGS__, NULL }, (needle))

/* No arguments: run the demo at 1280x720 with nothing forced. */
static void test_defaults(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    const char *args[] = { "vitrine", NULL };
    assert_int_equal(_parse(&o, err, args), APP_CLI_RUN);
    assert_null(o.path);
    assert_null(o.screenshot);
    assert_int_equal(o.width, 1280);
    assert_int_equal(o.height, 720);
    assert_false(o.has_orbit);
    assert_false(o.has_mode);
    assert_int_equal(o.up, IMPORT_UP_AUTO);
    assert_float_equal(o.unit_scale, 0.0f, 0);
    assert_false(o.fullscreen);
    assert_false(o.verbose);
}

/* A bare argument is the scan path; flags around it are kept. */
static void test_path(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--verbose", "scans/drum.glb", "--fullscreen"), APP_CLI_RUN);
    assert_string_equal(o.path, "scans/drum.glb");
    assert_true(o.verbose);
    assert_true(o.fullscreen);
    /* "-" alone is a path (stdin-style name), not an option. */
    assert_int_equal(PARSE(&o, err, "-"), APP_CLI_RUN);
    assert_string_equal(o.path, "-");
}

/* --screenshot takes its value as the next argument or after '='. */
static void test_screenshot_both_spellings(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--screenshot", "out.png", "a.obj"), APP_CLI_RUN);
    assert_string_equal(o.screenshot, "out.png");
    assert_string_equal(o.path, "a.obj");
    assert_int_equal(PARSE(&o, err, "--screenshot=shot 2.png"), APP_CLI_RUN);
    assert_string_equal(o.screenshot, "shot 2.png");
    assert_null(o.path);
    ASSERT_USAGE("--screenshot", "--screenshot=");
}

/* --size WxH sets the frame size, upper- or lower-case x. */
static void test_size(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--size", "800x600"), APP_CLI_RUN);
    assert_int_equal(o.width, 800);
    assert_int_equal(o.height, 600);
    assert_int_equal(PARSE(&o, err, "--size=1920X1080"), APP_CLI_RUN);
    assert_int_equal(o.width, 1920);
    assert_int_equal(o.height, 1080);
    assert_int_equal(PARSE(&o, err, "--size=16x8192"), APP_CLI_RUN);
    assert_int_equal(o.width, 16);
    assert_int_equal(o.height, 8192);
}

/* Sizes out of 16..8192 or not WxH are usage errors naming --size. */
static void test_size_bad(void **state)
{
    (void)state;
    ASSERT_USAGE("--size", "--size", "0x0");
    ASSERT_USAGE("--size", "--size", "10x10");
    ASSERT_USAGE("--size", "--size", "10x600"); /* each side on its own */
    ASSERT_USAGE("--size", "--size", "800x10");
    ASSERT_USAGE("--size", "--size", "abc");
    ASSERT_USAGE("--size", "--size", "800x");
    ASSERT_USAGE("--size", "--size", "x600");
    ASSERT_USAGE("--size", "--size", "800x600x2");
    ASSERT_USAGE("--size", "--size", "8193x600");
    ASSERT_USAGE("--size", "--size=-800x600");
    ASSERT_USAGE("800x", "--size", "800x"); /* the message quotes the bad value too */
}

/* --orbit YAW,PITCH[,DIST] in degrees and metres. */
static void test_orbit(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--orbit", "30,10"), APP_CLI_RUN);
    assert_true(o.has_orbit);
    assert_float_equal(o.yaw, 30.0f, 1e-6f);
    assert_float_equal(o.pitch, 10.0f, 1e-6f);
    assert_float_equal(o.distance, 0.0f, 0);
    assert_int_equal(PARSE(&o, err, "--orbit=30,10,2.5"), APP_CLI_RUN);
    assert_float_equal(o.distance, 2.5f, 1e-6f);
    assert_int_equal(PARSE(&o, err, "--orbit=-45.5,-90"), APP_CLI_RUN);
    assert_float_equal(o.yaw, -45.5f, 1e-6f);
    assert_float_equal(o.pitch, -90.0f, 1e-6f);
}

/* Bad orbits: pitch past 90, too few or too many values, text, a negative
 * distance. */
static void test_orbit_bad(void **state)
{
    (void)state;
    ASSERT_USAGE("--orbit", "--orbit", "30,95");
    ASSERT_USAGE("--orbit", "--orbit", "30,-95");
    ASSERT_USAGE("--orbit", "--orbit", "30");
    ASSERT_USAGE("--orbit", "--orbit", "1,2,3,4");
    ASSERT_USAGE("--orbit", "--orbit", "left,up");
    ASSERT_USAGE("--orbit", "--orbit", "30,10,-1");
    ASSERT_USAGE("--orbit", "--orbit", "30,10abc");
    ASSERT_USAGE("--orbit", "--orbit", "nan,10");
}

/* --mode picks one of the three looks; anything else is refused. */
static void test_mode(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--mode", "unlit"), APP_CLI_RUN);
    assert_true(o.has_mode);
    assert_int_equal(o.mode, RENDER_UNLIT);
    assert_int_equal(PARSE(&o, err, "--mode=lit"), APP_CLI_RUN);
    assert_int_equal(o.mode, RENDER_LIT);
    assert_int_equal(PARSE(&o, err, "--mode", "clay"), APP_CLI_RUN);
    assert_int_equal(o.mode, RENDER_CLAY);
    ASSERT_USAGE("--mode", "--mode", "wireframe");
    ASSERT_USAGE("--mode", "--mode", "");
}

/* --up names the scan's up axis. */
static void test_up(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--up", "z"), APP_CLI_RUN);
    assert_int_equal(o.up, IMPORT_UP_Z);
    assert_int_equal(PARSE(&o, err, "--up=-z"), APP_CLI_RUN);
    assert_int_equal(o.up, IMPORT_UP_NEG_Z);
    assert_int_equal(PARSE(&o, err, "--up", "Y"), APP_CLI_RUN);
    assert_int_equal(o.up, IMPORT_UP_Y);
    ASSERT_USAGE("--up", "--up", "w");
    ASSERT_USAGE("--up", "--up", "-y");
}

/* --unit: named units and plain positive numbers become metres per unit. */
static void test_unit(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--unit", "mm"), APP_CLI_RUN);
    assert_float_equal(o.unit_scale, 0.001f, 1e-9f);
    assert_int_equal(PARSE(&o, err, "--unit=cm"), APP_CLI_RUN);
    assert_float_equal(o.unit_scale, 0.01f, 1e-9f);
    assert_int_equal(PARSE(&o, err, "--unit", "in"), APP_CLI_RUN);
    assert_float_equal(o.unit_scale, 0.0254f, 1e-9f);
    assert_int_equal(PARSE(&o, err, "--unit", "m"), APP_CLI_RUN);
    assert_float_equal(o.unit_scale, 1.0f, 0);
    assert_int_equal(PARSE(&o, err, "--unit", "0.5"), APP_CLI_RUN);
    assert_float_equal(o.unit_scale, 0.5f, 1e-9f);
    ASSERT_USAGE("--unit", "--unit", "furlong");
    ASSERT_USAGE("--unit", "--unit", "0");
    ASSERT_USAGE("--unit", "--unit", "-2");
    ASSERT_USAGE("--unit", "--unit", "inf");
}

/* Unknown options, long or short, are usage errors that quote them. */
static void test_unknown_option(void **state)
{
    (void)state;
    ASSERT_USAGE("--frobnicate", "--frobnicate");
    ASSERT_USAGE("--frobnicate", "--frobnicate=3");
    ASSERT_USAGE("-x", "scan.obj", "-x");
}

/* Only one scan can be opened: two paths name both in the error. */
static void test_two_paths(void **state)
{
    (void)state;
    ASSERT_USAGE("a.obj", "a.obj", "b.ply");
    ASSERT_USAGE("b.ply", "a.obj", "b.ply");
}

/* --help / -h and --version / -V win wherever they appear. */
static void test_help_version(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "--help"), APP_CLI_HELP);
    assert_int_equal(PARSE(&o, err, "scan.obj", "-h"), APP_CLI_HELP);
    assert_int_equal(PARSE(&o, err, "--version"), APP_CLI_VERSION);
    assert_int_equal(PARSE(&o, err, "-V", "--size", "1x1"), APP_CLI_VERSION);
    /* The usage text documents every option the parser accepts. */
    const char *u = app_usage();
    const char *names[] = { "--screenshot", "--size", "--orbit", "--mode", "--up", "--unit", "--fullscreen",
                            "--verbose", "--help", "--version", "--view", "--tour", "--at", "--script", "--watch",
                            "--lang", "--open-hotspot", "--audio-out" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_non_null(strstr(u, names[i]));
}

/* Exhibition options: viewpoints, tours at a moment, scripts, watching. */
static void test_exhibition_options(void **state)
{
    (void)state;
    app_options o;
    char err[512];
    assert_int_equal(PARSE(&o, err, "gallery", "--view", "entrance"), APP_CLI_RUN);
    assert_string_equal(o.view, "entrance");
    assert_string_equal(o.path, "gallery");
    assert_null(o.tour);
    assert_false(o.watch);
    assert_int_equal(PARSE(&o, err, "--tour=highlights", "--at", "12.5", "--screenshot", "x.png", "g"), APP_CLI_RUN);
    assert_string_equal(o.tour, "highlights");
    assert_true(o.has_at);
    assert_true(o.at == 12.5f);
    assert_int_equal(PARSE(&o, err, "--script", "walk.vtscript", "--watch", "--lang", "vi", "g"), APP_CLI_RUN);
    assert_string_equal(o.script, "walk.vtscript");
    assert_string_equal(o.lang, "vi");
    assert_true(o.watch);
    ASSERT_USAGE("--at needs --tour", "--at", "3", "g");
    assert_int_equal(PARSE(&o, err, "--open-hotspot", "star", "--at", "2", "--audio-out", "a.wav", "--screenshot",
                           "s.png", "g"),
                     APP_CLI_RUN);
    assert_string_equal(o.open_hotspot, "star");
    assert_string_equal(o.audio_out, "a.wav");
    ASSERT_USAGE("--audio-out records a headless run", "--audio-out", "a.wav", "g");
    ASSERT_USAGE("bad value '-1' for --at", "--tour", "t", "--at", "-1");
    ASSERT_USAGE("bad value 'soon' for --at", "--tour", "t", "--at", "soon");
    ASSERT_USAGE("cannot be used together", "--view", "a", "--tour", "b");
    ASSERT_USAGE("bad value '' for --view", "--view=");
}

/* An option at the end with no value says which option needs one. */
static void test_missing_value(void **state)
{
    (void)state;
    ASSERT_USAGE("--size", "--size");
    ASSERT_USAGE("--screenshot", "scan.obj", "--screenshot");
    ASSERT_USAGE("needs a value", "--orbit");
}

/* The error text is cut to the buffer given, never overflowing it. */
static void test_error_truncated_to_buffer(void **state)
{
    (void)state;
    app_options o;
    char err[16];
    memset(err, 'Z', sizeof err);
    const char *args[] = { "vitrine", "--definitely-not-an-option", NULL };
    assert_int_equal(app_parse_args(2, (char **)args, &o, err, 10), APP_CLI_USAGE);
    assert_int_equal(strlen(err), 9);
    assert_int_equal(err[10], 'Z');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_screenshot_both_spellings),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_size_bad),
        cmocka_unit_test(test_orbit),
        cmocka_unit_test(test_orbit_bad),
        cmocka_unit_test(test_mode),
        cmocka_unit_test(test_up),
        cmocka_unit_test(test_unit),
        cmocka_unit_test(test_unknown_option),
        cmocka_unit_test(test_two_paths),
        cmocka_unit_test(test_help_version),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_exhibition_options),
        cmocka_unit_test(test_error_truncated_to_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
