/* test_exhibition: the exhibition.json validator (src/scene/exhibition.h).
 *
 * Each case writes a small exhibition folder into a mkdtemp directory (the
 * JSON plus placeholder one-triangle scans), loads it, removes the folder,
 * then checks the result. Error cases assert the exact line:column and a
 * piece of the message. Most documents are built from the pieces below so
 * the line of each piece is known; the offending member sits at the start
 * of its line where that keeps columns easy to count. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scene/exhibition.h"

/* ---- document pieces ---------------------------------------------------- */

#define HEAD "{\n\"format\": 1,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\"],\n" /* lines 1-4 */
#define PLAN "\"floor_plan\": [[0, 0], [4, 0], [4, 4], [0, 4]]"
#define HALL "{\"id\": \"hall\", \"name\": {\"en\": \"Hall\"}, " PLAN "}"
#define ROOMS "\"rooms\": [" HALL "],\n" /* line 5 */
/* A room whose line 7 the test writes: lines 5-6, then 7, then ROOM_CLOSE. */
#define ROOM_OPEN "\"rooms\": [{\n\"id\": \"hall\", \"name\": {\"en\": \"Hall\"},\n"
#define ROOM_CLOSE "}],\n"
#define ART_OPEN "\"artefacts\": [{\n" /* the artefact's '{' at column 15 */
#define ART_BASE "\"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
#define REC "\"record\": {\"title\": {\"en\": \"Pot\"}, \"credit\": {\"en\": \"C\"}, \"licence\": \"CC0-1.0\"}\n"
#define ARTS ART_OPEN ART_BASE REC "}]\n"       /* 4 lines, last member */
#define ARTS_MORE ART_OPEN ART_BASE REC "}],\n" /* 4 lines, more follow */
#define END "}\n"

/* ---- helpers ------------------------------------------------------------ */

static const char *const _tri_obj = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";

static void _write(const char *dir, const char *rel, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *s = path + strlen(dir) + 1; *s; s++) { /* make parent folders */
        if (*s == '/') {
            *s = '\0';
            mkdir(path, 0755);
            *s = '/';
        }
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static int _rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void _rm_rf(const char *dir)
{
    assert_int_equal(nftw(dir, _rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* A fresh folder holding JSON as exhibition.json (unless NULL) and the
 * placeholder scans the documents name. */
static void _make(char dir[64], const char *json)
{
    snprintf(dir, 64, "/tmp/vt_test_exh_XXXXXX");
    assert_non_null(mkdtemp(dir));
    const char *scans[] = { "pot.obj", "hall.obj", "scans/drum.obj", "scans/mask.obj", "scans/bust.obj",
                            "rooms/annex.obj" };
    for (size_t i = 0; i < sizeof scans / sizeof *scans; i++)
        _write(dir, scans[i], _tri_obj);
    if (json)
        _write(dir, "exhibition.json", json);
}

static void _dump(const exhibition_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        printf("  %u:%u: %s\n", (unsigned)d->items[i].line, (unsigned)d->items[i].column, d->items[i].message);
}

static vt_result _load_text(const char *json, exhibition *ex, exhibition_diags *d)
{
    char dir[64];
    _make(dir, json);
    vt_result r = exhibition_load(dir, ex, d);
    _rm_rf(dir);
    return r;
}

/* Diagnostic I is at LINE:COLUMN and its message holds SUB. */
static void _expect(const exhibition_diags *d, size_t i, uint32_t line, uint32_t column, const char *sub)
{
    if (i >= d->count || d->items[i].line != line || d->items[i].column != column ||
        !strstr(d->items[i].message, sub)) {
        printf("  want #%zu at %u:%u containing '%s'; got:\n", i, (unsigned)line, (unsigned)column, sub);
        _dump(d);
        fail();
    }
    size_t n = strlen(d->items[i].message);
    assert_true(n > 0 && n < sizeof d->items[i].message && !strchr(d->items[i].message, '\n'));
}

/* JSON fails with exactly one diagnostic, at LINE:COLUMN, holding SUB. */
static void _only(const char *json, uint32_t line, uint32_t column, const char *sub)
{
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = _load_text(json, &ex, &d);
    if (r != VT_ERR_MALFORMED || d.count != 1) {
        printf("  result %s, %zu diagnostics, want exactly one at %u:%u '%s':\n", vt_result_str(r), d.count,
               (unsigned)line, (unsigned)column, sub);
        _dump(&d);
        fail();
    }
    _expect(&d, 0, line, column, sub);
    assert_null(ex.rooms); /* a failed load leaves nothing behind */
    exhibition_diags_free(&d);
}

/* ---- valid exhibitions ------------------------------------------------- */

static const char *const _valid_json =
    "{\n"
    "  \"format\": 1,\n"
    "  \"title\": { \"vi\": \"Phòng trưng bày\", \"en\": \"Gallery\" },\n"
    "  \"languages\": [\"vi\", \"en\"],\n"
    "  \"credits\": { \"en\": \"Provincial museum\", \"vi\": \"Bảo tàng tỉnh\" },\n"
    "  \"rooms\": [\n"
    "    { \"id\": \"main-hall\", \"name\": { \"vi\": \"Sảnh chính\", \"en\": \"Main hall\" },\n"
    "      \"floor_plan\": [[0, 0], [12, 0], [12, 8], [0, 8]], \"wall_height\": 4.0,\n"
    "      \"doorways\": [{ \"wall\": 1, \"center\": 4.0, \"width\": 1.6, \"to\": \"annex\" }],\n"
    "      \"floor\": { \"color\": \"#8a7a66\", \"texture_size_m\": 0.6 },\n"
    "      \"walls\": { \"color\": \"#ffffff\" },\n"
    "      \"lights\": [{ \"position\": [6, 3.8, 4], \"intensity\": 2.5, \"spot_at\": [6, 1, 2] }] },\n"
    "    { \"id\": \"annex\", \"name\": { \"vi\": \"Phòng phụ\", \"en\": \"Annex\" }, \"model\": \"rooms/annex.obj\" }\n"
    "  ],\n"
    "  \"artefacts\": [\n"
    "    { \"id\": \"dong-son-drum\", \"scan\": \"scans/drum.obj\", \"room\": \"main-hall\",\n"
    "      \"position\": [6, 0, 4], \"rotation\": [0, 30, 0], \"height_m\": 0.63, \"support\": \"vitrine\",\n"
    "      \"support_height\": 0.6, \"up\": \"z\",\n"
    "      \"orbit\": { \"yaw\": [-80, 80], \"pitch\": [-10, 75], \"distance\": [0.4, 3], \"front_yaw\": 0 },\n"
    "      \"record\": { \"title\": { \"vi\": \"Trống đồng\", \"en\": \"Bronze drum\" },\n"
    "                  \"inventory_number\": \"BT.2024.017\",\n"
    "                  \"credit\": { \"vi\": \"Quét 3D\", \"en\": \"3D scan\" }, \"licence\": \"CC-BY-4.0\" } },\n"
    "    { \"id\": \"mask\", \"scan\": \"scans/mask.obj\", \"room\": \"annex\", \"position\": [1, 1, 1],\n"
    "      \"scale\": 0.01,\n"
    "      \"record\": { \"title\": { \"vi\": \"Mặt nạ\", \"en\": \"Mask\" },\n"
    "                  \"credit\": { \"vi\": \"C\", \"en\": \"C\" }, \"licence\": \"CC0-1.0\" } },\n"
    "    { \"id\": \"bust\", \"scan\": \"./scans/bust.obj\", \"room\": \"main-hall\", \"position\": [2, 0, 2],\n"
    "      \"record\": { \"title\": { \"en\": \"Bust\", \"vi\": \"Tượng bán thân\" },\n"
    "                  \"credit\": { \"vi\": \"C\", \"en\": \"C\" }, \"licence\": \"CC0-1.0\" } }\n"
    "  ],\n"
    "  \"viewpoints\": [\n"
    "    { \"id\": \"entrance\", \"name\": { \"vi\": \"Lối vào\", \"en\": \"Entrance\" },\n"
    "      \"position\": [1, 1.6, 1], \"look_at\": [6, 1.2, 4] },\n"
    "    { \"id\": \"drum-close\", \"name\": { \"vi\": \"Trống\", \"en\": \"Drum\" },\n"
    "      \"position\": [5, 1.5, 3], \"look_at\": [6, 1, 4] }\n"
    "  ],\n"
    "  \"tours\": [\n"
    "    { \"id\": \"highlights\", \"name\": { \"vi\": \"Điểm nhấn\", \"en\": \"Highlights\" },\n"
    "      \"stops\": [{ \"viewpoint\": \"entrance\", \"seconds\": 8, \"travel_seconds\": 4 },\n"
    "                { \"viewpoint\": \"drum-close\", \"seconds\": 12.5 }] }\n"
    "  ],\n"
    "  \"hotspots\": []\n"
    "}\n";

static void test_valid_exhibition(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = _load_text(_valid_json, &ex, &d);
    if (r != VT_OK)
        _dump(&d);
    assert_int_equal(r, VT_OK);
    assert_int_equal(d.count, 0);

    assert_int_equal(ex.format, 1);
    assert_int_equal(ex.language_count, 2);
    assert_string_equal(ex.languages[0], "vi");
    assert_string_equal(exhibition_text_get(&ex.title, "en"), "Gallery");
    assert_string_equal(exhibition_text_get(&ex.title, "fr"), "Phòng trưng bày"); /* the default language */
    assert_string_equal(exhibition_text_get(&ex.credits, NULL), "Bảo tàng tỉnh");  /* kept in "languages" order */

    assert_int_equal(ex.room_count, 2);
    const exhibition_room *hall = &ex.rooms[0], *annex = &ex.rooms[1];
    assert_string_equal(hall->id, "main-hall");
    assert_int_equal(hall->floor_plan_count, 4);
    assert_true(hall->floor_plan[2][0] == 12.0f && hall->floor_plan[2][1] == 8.0f);
    assert_true(hall->wall_height == 4.0f);
    assert_null(hall->model);
    assert_int_equal(hall->doorway_count, 1);
    assert_int_equal(hall->doorways[0].wall, 1);
    assert_true(hall->doorways[0].width == 1.6f && hall->doorways[0].height == 2.4f);
    assert_int_equal(hall->doorways[0].to_room, 1);
    assert_true(hall->floor.has_color && fabsf(hall->floor.color[0] - 0x8a / 255.0f) < 1e-6f);
    assert_true(hall->floor.texture_size_m == 0.6f);
    assert_true(hall->walls.has_color && hall->walls.color[2] == 1.0f);
    assert_false(hall->ceiling.has_color);
    assert_int_equal(hall->light_count, 1);
    assert_true(hall->lights[0].intensity == 2.5f && hall->lights[0].has_spot && hall->lights[0].color[1] == 1.0f);
    assert_string_equal(annex->model, "rooms/annex.obj");
    assert_null(annex->floor_plan);
    assert_true(annex->wall_height == 3.5f); /* the default */

    assert_int_equal(ex.artefact_count, 3);
    const exhibition_artefact *drum = &ex.artefacts[0], *mask = &ex.artefacts[1], *bust = &ex.artefacts[2];
    assert_string_equal(drum->id, "dong-son-drum");
    assert_string_equal(drum->scan, "scans/drum.obj");
    assert_int_equal(drum->room_index, 0);
    assert_true(drum->position[0] == 6.0f && drum->rotation[1] == 30.0f);
    assert_true(drum->height_m == 0.63f && drum->scale == 0.0f);
    assert_int_equal(drum->support, EXHIBITION_SUPPORT_VITRINE);
    assert_int_equal(drum->up, EXHIBITION_UP_Z);
    assert_true(drum->support_height == 0.6f);
    assert_true(drum->orbit.has_yaw && drum->orbit.yaw[0] == -80.0f && drum->orbit.has_front_yaw);
    assert_string_equal(exhibition_text_get(&drum->record.title, "en"), "Bronze drum");
    assert_string_equal(drum->record.inventory_number, "BT.2024.017");
    assert_string_equal(drum->record.licence, "CC-BY-4.0");
    assert_int_equal(drum->record.date.count, 0);
    assert_int_equal(mask->room_index, 1);
    assert_true(mask->scale == 0.01f && mask->height_m == 0.0f);
    assert_int_equal(mask->support, EXHIBITION_SUPPORT_PLINTH);
    assert_true(mask->support_height == 0.9f);
    assert_false(mask->orbit.has_yaw);
    assert_string_equal(bust->scan, "./scans/bust.obj");
    assert_null(bust->record.inventory_number);

    assert_int_equal(ex.viewpoint_count, 2);
    assert_string_equal(ex.viewpoints[1].id, "drum-close");
    assert_true(ex.viewpoints[0].look_at[0] == 6.0f);
    assert_int_equal(ex.tour_count, 1);
    assert_int_equal(ex.tours[0].stop_count, 2);
    assert_int_equal(ex.tours[0].stops[0].viewpoint_index, 0);
    assert_int_equal(ex.tours[0].stops[1].viewpoint_index, 1);
    assert_true(ex.tours[0].stops[1].seconds == 12.5f && ex.tours[0].stops[1].travel_seconds == 4.0f);
    assert_int_equal(ex.hotspot_count, 0);

    exhibition_free(&ex);
    assert_null(ex.rooms);
    exhibition_free(&ex); /* twice is harmless */
    exhibition_diags_free(&d);
}

/* The documented example in tests/data is valid and stays so. */
static void test_valid_minimal_example(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *slash = strrchr(dir, '/');
    if (slash)
        snprintf(slash + 1, sizeof dir - (size_t)(slash + 1 - dir), "../data/exhibitions/valid-minimal");
    else
        snprintf(dir, sizeof dir, "../data/exhibitions/valid-minimal");
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = exhibition_load(dir, &ex, &d);
    if (r != VT_OK)
        _dump(&d);
    assert_int_equal(r, VT_OK);
    assert_int_equal(ex.room_count, 1);
    assert_int_equal(ex.artefact_count, 1);
    assert_string_equal(ex.artefacts[0].scan, "triangle.obj");
    assert_string_equal(exhibition_text_get(&ex.artefacts[0].record.title, "vi"), "Một hình tam giác");
    assert_int_equal(ex.tours[0].stops[0].viewpoint_index, 0);
    exhibition_free(&ex);
    exhibition_diags_free(&d);
}

/* The pieces alone make a valid exhibition, so each error test below
 * changes exactly one thing. */
static void test_pieces_are_valid(void **state)
{
    (void)state;
    const char *docs[] = {
        HEAD ROOMS ARTS END,
        HEAD ROOM_OPEN PLAN "\n" ROOM_CLOSE ARTS END,
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        exhibition ex;
        exhibition_diags d = { 0 };
        vt_result r = _load_text(docs[i], &ex, &d);
        if (r != VT_OK)
            _dump(&d);
        assert_int_equal(r, VT_OK);
        assert_int_equal(ex.artefact_count, 1);
        exhibition_free(&ex);
        exhibition_diags_free(&d);
    }
}

/* ---- the file itself --------------------------------------------------- */

static void test_missing_file(void **state)
{
    (void)state;
    char dir[64];
    _make(dir, NULL);
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = exhibition_load(dir, &ex, &d);
    _rm_rf(dir);
    assert_int_equal(r, VT_ERR_NOT_FOUND);
    assert_int_equal(d.count, 1);
    _expect(&d, 0, 0, 0, "no exhibition.json in /tmp/vt_test_exh_");
    exhibition_diags_free(&d);
}

static void test_syntax_error_stops_at_first(void **state)
{
    (void)state;
    /* A missing comma after line 2, and a trailing comma later: only the first. */
    _only("{\n\"format\": 1\n\"title\": {\"en\": \"T\",},\n}\n", 3, 1, "expected ',' or '}'");
}

static void test_root_not_object(void **state)
{
    (void)state;
    _only("[1, 2]\n", 1, 1, "expected an object, found an array");
}

static void test_format_not_1(void **state)
{
    (void)state;
    _only("{\n\"format\": 2,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\"],\n" ROOMS ARTS END, 2, 11,
          "this Vitrine reads format 1");
    _only("{\n\"format\": \"1\",\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\"],\n" ROOMS ARTS END, 2, 11,
          "expected a whole number, found a string. Write it without quotes: 1.");
}

/* ---- fields and types --------------------------------------------------- */

static void test_unknown_field_suggests(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"heigth_m\": 0.5,\n" REC "}]\n" END, 8, 1,
          "unknown field \"heigth_m\" in artefact \"pot\". Did you mean \"height_m\"?");
    /* Nested, with the path inside the object. */
    _only(HEAD ROOMS ART_OPEN ART_BASE
          "\"record\": {\"titel\": {\"en\": \"Pot\"}, \"title\": {\"en\": \"Pot\"}, \"credit\": {\"en\": \"C\"}, "
          "\"licence\": \"CC0-1.0\"}\n}]\n" END,
          8, 12, "unknown field \"record.titel\" in artefact \"pot\". Did you mean \"record.title\"?");
    /* Nothing close: no guess. */
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"colour_of_the_plinth\": 1,\n" REC "}]\n" END, 8, 1,
          "unknown field \"colour_of_the_plinth\" in artefact \"pot\". Remove it");
    /* At the top level too. */
    _only(HEAD "\"credit\": {\"en\": \"C\"},\n" ROOMS ARTS END, 5, 1, "Did you mean \"credits\"?");
}

static void test_wrong_type(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"height_m\": \"0.5\",\n" REC "}]\n" END, 8, 13,
          "\"height_m\" in artefact \"pot\": expected a number, found a string. Write it without quotes: 0.5.");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"record\": [],\n" "\"up\": \"y\"\n}]\n" END, 8, 11,
          "\"record\" in artefact \"pot\": expected an object, found an array");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"support\": \"plint\",\n" REC "}]\n" END, 8, 12,
          "is \"plint\", which is not one of \"plinth\", \"none\", \"vitrine\". Did you mean \"plinth\"?");
}

static void test_missing_required(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN "\"id\": \"pot\", \"room\": \"hall\", \"position\": [1, 0, 1],\n" REC "}]\n" END, 6, 15,
          "artefact \"pot\" has no \"scan\". Add \"scan\": \"scans/drum.glb\"");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"record\": {\"title\": {\"en\": \"Pot\"}, \"credit\": {\"en\": \"C\"}}\n}]\n" END,
          8, 11, "artefact \"pot\" has no \"record.licence\"");
    _only("{\n\"format\": 1,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\"],\n" ROOMS "\"hotspots\": []\n}\n", 1, 1,
          "the exhibition has no \"artefacts\"");
}

static void test_bad_id(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN "\"id\": \"Pot 1\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
          REC "}]\n" END,
          7, 7, "\"id\" in artefact \"Pot 1\" is \"Pot 1\", which is not an id");
    _only(HEAD ROOMS ART_OPEN "\"id\": \"Pot 1\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
          REC "}]\n" END,
          7, 7, "Write \"pot-1\".");
    /* A reference to the id suggested for a bad one is not reported again. */
    _only(HEAD "\"rooms\": [{\"id\": \"Main Hall\", \"name\": {\"en\": \"Hall\"}, " PLAN "}],\n"
          ART_OPEN "\"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"main-hall\", \"position\": [1, 0, 1],\n" REC "}]\n" END,
          5, 18, "Write \"main-hall\".");
    _only(HEAD ROOMS ART_OPEN "\"id\": 7, \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n" REC
          "}]\n" END,
          7, 7, "\"id\" in artefacts[0]: expected an id string, found a number");
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN ART_BASE REC "}, {\n" ART_BASE REC "}]\n" END, 10, 7,
          "artefact id \"pot\" is used twice (first at line 7). Give each artefact its own id.");
    _only(HEAD "\"rooms\": [\n" HALL ",\n" HALL "],\n" ARTS END, 7, 8, "room id \"hall\" is used twice (first at line 6)");
    _only(HEAD ROOMS ARTS_MORE
          "\"viewpoints\": [\n"
          "{\"id\": \"door\", \"name\": {\"en\": \"D\"}, \"position\": [1, 1, 1], \"look_at\": [2, 1, 2]},\n"
          "{\"id\": \"door\", \"name\": {\"en\": \"D\"}, \"position\": [1, 1, 1], \"look_at\": [2, 1, 2]}]\n" END,
          12, 8, "viewpoint id \"door\" is used twice (first at line 11)");
    _only(HEAD ROOMS ARTS_MORE
          "\"viewpoints\": [{\"id\": \"door\", \"name\": {\"en\": \"D\"}, \"position\": [1, 1, 1], \"look_at\": [2, 1, 2]}],\n"
          "\"tours\": [\n"
          "{\"id\": \"walk\", \"name\": {\"en\": \"W\"}, \"stops\": [{\"viewpoint\": \"door\"}]},\n"
          "{\"id\": \"walk\", \"name\": {\"en\": \"W\"}, \"stops\": [{\"viewpoint\": \"door\"}]}]\n" END,
          13, 8, "tour id \"walk\" is used twice (first at line 12)");
}

/* ---- references --------------------------------------------------------- */

static void test_unknown_references(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN "\"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hal\", \"position\": [1, 0, 1],\n" REC
          "}]\n" END,
          7, 41, "\"room\" in artefact \"pot\" is \"hal\", but no room has that id. Did you mean \"hall\"?");
    _only(HEAD ROOM_OPEN PLAN ",\n"
          "\"doorways\": [{\"wall\": 0, \"center\": 2, \"width\": 1, \"to\": \"garden\"}]\n" ROOM_CLOSE ARTS END,
          8, 57, "\"doorways[0].to\" in room \"hall\" is \"garden\", but no room has that id. Use one of: \"hall\".");
    _only(HEAD ROOMS ARTS_MORE
          "\"viewpoints\": [{\"id\": \"door\", \"name\": {\"en\": \"D\"}, \"position\": [1, 1, 1], \"look_at\": [2, 1, 2]}],\n"
          "\"tours\": [{\"id\": \"walk\", \"name\": {\"en\": \"W\"}, \"stops\": [\n"
          "{\"viewpoint\": \"dor\"}\n"
          "]}]\n" END,
          12, 15, "\"stops[0].viewpoint\" in tour \"walk\" is \"dor\", but no viewpoint has that id. Did you mean \"door\"?");
    /* Tours without any viewpoints. */
    _only(HEAD ROOMS ARTS_MORE "\"tours\": [{\"id\": \"walk\", \"name\": {\"en\": \"W\"}, \"stops\": [{\"viewpoint\": \"door\"}]}]\n"
          END,
          10, 71, "no viewpoint has that id. Add a viewpoint with \"id\": \"door\".");
}

/* ---- texts and languages ------------------------------------------------ */

static void test_text_missing_languages(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = _load_text("{\n\"format\": 1,\n"
                             "\"title\": {\"en\": \"T\"},\n"
                             "\"languages\": [\"en\", \"vi\", \"fr\"],\n"
                             "\"rooms\": [{\"id\": \"hall\", \"name\": {\"en\": \"H\", \"vi\": \"H\", \"fr\": \"H\"}, " PLAN
                             "}],\n"
                             "\"artefacts\": [{\"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
                             "\"record\": {\"title\": {\"fr\": \"P\", \"en\": \"P\", \"vi\": \"P\"},\n"
                             "\"credit\": {\"en\": \"C\", \"vi\": \"C\", \"fr\": \"C\"}, \"licence\": \"CC0-1.0\"}}]\n"
                             "}\n",
                             &ex, &d);
    assert_int_equal(r, VT_ERR_MALFORMED);
    if (d.count != 2)
        _dump(&d);
    assert_int_equal(d.count, 2); /* one per missing language */
    _expect(&d, 0, 3, 10, "\"title\" in the exhibition has no \"vi\" text, but \"vi\" is a declared language. Add \"vi\": ");
    _expect(&d, 1, 3, 10, "has no \"fr\" text");
    exhibition_diags_free(&d);

    /* Inside a record, named by its path. */
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"record\": {\"title\": {}, \"credit\": {\"en\": \"C\"}, \"licence\": \"CC0-1.0\"}\n}]\n"
          END,
          8, 21, "\"record.title\" in artefact \"pot\" has no \"en\" text");
}

static void test_text_undeclared_language(void **state)
{
    (void)state;
    _only(HEAD "\"rooms\": [{\"id\": \"hall\", \"name\": {\"en\": \"Hall\", \"de\": \"Halle\"}, " PLAN "}],\n" ARTS END, 5,
          49, "\"name\" in room \"hall\" has a \"de\" text, but \"de\" is not a declared language");
    _only(HEAD "\"rooms\": [{\"id\": \"hall\", \"name\": {\"en\": 5}, " PLAN "}],\n" ARTS END, 5, 41,
          "\"name.en\" in room \"hall\": expected a string, found a number");
}

static void test_bad_language_codes(void **state)
{
    (void)state;
    /* Texts match the declared code, so only the code itself is wrong. */
    _only("{\n\"format\": 1,\n\"title\": {\"EN\": \"T\"},\n\"languages\": [\"EN\"],\n"
          "\"rooms\": [{\"id\": \"hall\", \"name\": {\"EN\": \"Hall\"}, " PLAN "}],\n"
          "\"artefacts\": [{\"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
          "\"record\": {\"title\": {\"EN\": \"P\"}, \"credit\": {\"EN\": \"C\"}, \"licence\": \"CC0-1.0\"}}]\n}\n",
          4, 15, "language \"EN\" is not a BCP-47 language code. Did you mean \"en\"?");
    /* A bad code is reported once, not again in every text that lacks it. */
    _only("{\n\"format\": 1,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\", \"en_GB\"],\n" ROOMS ARTS END, 4, 21,
          "language \"en_GB\" is not a BCP-47 language code. Did you mean \"en-GB\"?");
    _only("{\n\"format\": 1,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\", \"en\"],\n" ROOMS ARTS END, 4, 21,
          "language \"en\" is listed twice in \"languages\" (first at line 4, column 15)");
    _only("{\n\"format\": 1,\n\"title\": {\"en\": \"T\"},\n\"languages\": [],\n" ROOMS ARTS END, 4, 14,
          "\"languages\" in the exhibition is empty");
}

/* ---- paths -------------------------------------------------------------- */

#define ART_SCAN(s) ART_OPEN "\"id\": \"pot\", \"scan\": \"" s "\", \"room\": \"hall\", \"position\": [1, 0, 1],\n" REC "}]\n"

static void test_bad_paths(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_SCAN("/etc/pot.obj") END, 7, 22,
          "scan \"/etc/pot.obj\" is an absolute path (artefact \"pot\"). Copy the file into the exhibition folder");
    _only(HEAD ROOMS ART_SCAN("../other/drum.glb") END, 7, 22,
          "scan \"../other/drum.glb\" leaves the exhibition folder (artefact \"pot\"). Copy the file into the folder");
    _only(HEAD ROOMS ART_SCAN("scans/../pot.obj") END, 7, 22, "leaves the exhibition folder");
    _only(HEAD ROOMS ART_SCAN("scans\\\\drum.obj") END, 7, 22,
          "uses backslashes (artefact \"pot\"). Separate folders with '/': \"scans/drum.obj\".");
    _only(HEAD ROOMS ART_SCAN("") END, 7, 22, "scan is empty (artefact \"pot\")");
    _only(HEAD ROOMS ART_SCAN("scans") END, 7, 22, "scan \"scans\" is not a file");
}

static void test_missing_scan(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_SCAN("scans/x.glb") END, 7, 22,
          "scan \"scans/x.glb\" not found in the exhibition folder (artefact \"pot\")");
    /* Other paths: a room model, a texture. */
    _only(HEAD ROOM_OPEN "\"model\": \"rooms/hall.glb\"\n" ROOM_CLOSE ARTS END, 7, 10,
          "model \"rooms/hall.glb\" not found in the exhibition folder (room \"hall\")");
    _only(HEAD ROOM_OPEN "\"walls\": {\"texture\": \"plaster.jpg\"}, " PLAN "\n" ROOM_CLOSE ARTS END, 7, 22,
          "walls.texture \"plaster.jpg\" not found in the exhibition folder (room \"hall\")");
}

static void test_builtin_scans(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    assert_int_equal(_load_text(HEAD ROOMS ART_SCAN("builtin:dong-son-drum") END, &ex, &d), VT_OK);
    assert_string_equal(ex.artefacts[0].scan, "builtin:dong-son-drum");
    exhibition_free(&ex);
    exhibition_diags_free(&d);
    _only(HEAD ROOMS ART_SCAN("builtin:teapot") END, 7, 22,
          "scan \"builtin:teapot\" is not a model Vitrine makes (artefact \"pot\"). Use one of "
          "\"builtin:dong-son-drum\"");
    /* Only scans may be built in. */
    _only(HEAD ROOM_OPEN "\"model\": \"builtin:dong-son-drum\"\n" ROOM_CLOSE ARTS END, 7, 10,
          "model \"builtin:dong-son-drum\" not found");
}

/* The viewer accepts a missing scan as a warning (a placeholder is shown);
 * the builder does not. */
static void test_missing_scan_as_warning(void **state)
{
    (void)state;
    char dir[64];
    _make(dir, HEAD ROOMS ART_SCAN("scans/x.glb") END);
    exhibition ex;
    exhibition_diags d = { 0 };
    assert_int_equal(exhibition_load_ex(&(exhibition_load_desc){ .dir = dir, .missing_scans_ok = true }, &ex, &d),
                     VT_OK);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.warnings, 1);
    assert_true(d.items[0].warning);
    _expect(&d, 0, 7, 22, "not found in the exhibition folder");
    assert_int_equal(ex.artefact_count, 1);
    assert_null(ex.artefacts[0].scan);
    exhibition_free(&ex);
    exhibition_diags_free(&d);
    /* Other problems stay errors. */
    _write(dir, "exhibition.json", HEAD ROOMS ART_SCAN("/abs.glb") END);
    assert_int_equal(exhibition_load_ex(&(exhibition_load_desc){ .dir = dir, .missing_scans_ok = true }, &ex, &d),
                     VT_ERR_MALFORMED);
    assert_int_equal(d.warnings, 0);
    exhibition_diags_free(&d);
    _rm_rf(dir);
}

/* A built package carries its exhibition.json: read from memory, paths are
 * checked for shape only (the files stayed with the curator). */
static void test_load_from_memory(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    const char *json = HEAD ROOMS ART_SCAN("scans/not-here.glb") END;
    assert_int_equal(exhibition_load_ex(&(exhibition_load_desc){ .dir = "/nonexistent", .json = json,
                                                                 .json_len = strlen(json) },
                                        &ex, &d),
                     VT_OK);
    assert_string_equal(ex.artefacts[0].scan, "scans/not-here.glb");
    exhibition_free(&ex);
    const char *bad = HEAD ROOMS ART_SCAN("../out.glb") END;
    assert_int_equal(exhibition_load_ex(&(exhibition_load_desc){ .json = bad, .json_len = strlen(bad) }, &ex, &d),
                     VT_ERR_MALFORMED);
    _expect(&d, 0, 7, 22, "leaves the exhibition folder");
    exhibition_diags_free(&d);
}

static void test_symlink_outside(void **state)
{
    (void)state;
    char outside[64], dir[64], link[PATH_MAX], target[PATH_MAX];
    _make(outside, NULL);
    snprintf(target, sizeof target, "%s/pot.obj", outside);
    _make(dir, HEAD ROOMS ART_OPEN
          "\"id\": \"pot\", \"scan\": \"scans/out.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n" REC "}, {\n"
          "\"id\": \"pot2\", \"scan\": \"scans/in.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n" REC "}]\n" END);
    snprintf(link, sizeof link, "%s/scans/out.obj", dir);
    assert_int_equal(symlink(target, link), 0);
    snprintf(link, sizeof link, "%s/scans/in.obj", dir);
    assert_int_equal(symlink("../pot.obj", link), 0); /* a link that stays inside is fine */

    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = exhibition_load(dir, &ex, &d);
    _rm_rf(dir);
    _rm_rf(outside);
    assert_int_equal(r, VT_ERR_MALFORMED);
    if (d.count != 1)
        _dump(&d);
    assert_int_equal(d.count, 1);
    _expect(&d, 0, 7, 22,
            "scan \"scans/out.obj\" leads outside the exhibition folder through a symbolic link, to \"/tmp/vt_test_exh_");
    _expect(&d, 0, 7, 22, "Copy the file into the folder instead of linking to it.");
    exhibition_diags_free(&d);
}

/* ---- numbers ------------------------------------------------------------ */

static void test_ranges(void **state)
{
    (void)state;
    _only(HEAD ROOM_OPEN "\"wall_height\": 1, " PLAN "\n" ROOM_CLOSE ARTS END, 7, 16,
          "\"wall_height\" in room \"hall\" is 1, but must be from 2 to 30 metres");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"height_m\": 63,\n" REC "}]\n" END, 8, 13,
          "\"height_m\" in artefact \"pot\" is 63, but must be from 0.005 to 50 metres. Give a value in that range. "
          "If it is in centimetres, write 0.63.");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"scale\": 0,\n" REC "}]\n" END, 8, 10, "must be from 0.001 to 1000");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"support_height\": 3.5,\n" REC "}]\n" END, 8, 19, "must be from 0 to 3 metres");
    _only(HEAD ROOM_OPEN PLAN ",\n\"doorways\": [{\"wall\": 0, \"center\": 2, \"width\": 0.3}]\n" ROOM_CLOSE ARTS END, 8,
          48, "\"doorways[0].width\" in room \"hall\" is 0.3, but must be from 0.6 to 10 metres");
    _only(HEAD ROOMS ARTS_MORE
          "\"viewpoints\": [{\"id\": \"door\", \"name\": {\"en\": \"D\"}, \"position\": [1, 1, 1], \"look_at\": [2, 1, 2]}],\n"
          "\"tours\": [{\"id\": \"walk\", \"name\": {\"en\": \"W\"}, \"stops\": [\n"
          "{\"viewpoint\": \"door\", \"seconds\": 0.1}\n"
          "]}]\n" END,
          12, 34, "\"stops[0].seconds\" in tour \"walk\" is 0.1, but must be from 0.5 to 600 seconds");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"height_m\": 1e7,\n" REC "}]\n" END, 8, 13, "far too large");
}

static void test_scale_and_height_exclusive(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"height_m\": 0.5, \"scale\": 2,\n" REC "}]\n" END, 8, 18,
          "artefact \"pot\" gives both \"scale\" and \"height_m\". Keep one");
}

/* ---- rooms -------------------------------------------------------------- */

static void test_floor_plan_shape(void **state)
{
    (void)state;
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [4, 0]]\n" ROOM_CLOSE ARTS END, 7, 15,
          "\"floor_plan\" in room \"hall\" has 2 points, but a floor needs at least 3");
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [4, 4], [4, 0], [0, 4]]\n" ROOM_CLOSE ARTS END, 7, 15,
          "\"floor_plan\" in room \"hall\" crosses itself: wall 0 (points 0-1) meets wall 2 (points 2-3)");
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [2, 0], [4, 0]]\n" ROOM_CLOSE ARTS END, 7, 15,
          "\"floor_plan\" in room \"hall\" encloses no area");
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [4, 0], [4, 0], [0, 4]]\n" ROOM_CLOSE ARTS END, 7, 32,
          "repeats point 1 as point 2");
    /* A wall touching a corner further on counts as crossing. */
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]]\n" ROOM_CLOSE ARTS END, 7, 15,
          "crosses itself");
}

static void test_doorway_wall_out_of_range(void **state)
{
    (void)state;
    _only(HEAD ROOM_OPEN PLAN ",\n\"doorways\": [{\"wall\": 4, \"center\": 2, \"width\": 1}]\n" ROOM_CLOSE ARTS END, 8, 23,
          "\"doorways[0].wall\" in room \"hall\" is 4, but the floor plan has 4 walls, numbered 0 to 3");
    _only(HEAD ROOM_OPEN PLAN ",\n\"doorways\": [{\"wall\": 1.5, \"center\": 2, \"width\": 1}]\n" ROOM_CLOSE ARTS END, 8,
          23, "expected a whole number, found 1.5");
    _only(HEAD ROOM_OPEN PLAN ",\n\"doorways\": [{\"wall\": 0, \"center\": 3.8, \"width\": 1}]\n" ROOM_CLOSE ARTS END, 8,
          36, "doorway 0 of room \"hall\" does not fit on wall 0, which is 4 m long");
}

static void test_room_plan_or_model(void **state)
{
    (void)state;
    _only(HEAD ROOM_OPEN "\"wall_height\": 3\n" ROOM_CLOSE ARTS END, 5, 11,
          "room \"hall\" has neither \"floor_plan\" nor \"model\"");
    _only(HEAD ROOM_OPEN "\"model\": \"hall.obj\", " PLAN "\n" ROOM_CLOSE ARTS END, 7, 22,
          "room \"hall\" has both \"floor_plan\" and \"model\". Keep one");
}

static void test_vectors(void **state)
{
    (void)state;
    _only(HEAD ROOMS ART_OPEN "\"position\": [1, 0], \"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hall\",\n" REC
          "}]\n" END,
          7, 13, "\"position\" in artefact \"pot\" has 2 numbers but needs exactly 3: [x, y, z]");
    _only(HEAD ROOMS ART_OPEN "\"position\": [1, \"0\", 1], \"id\": \"pot\", \"scan\": \"pot.obj\", \"room\": \"hall\",\n"
          REC "}]\n" END,
          7, 17, "\"position[1]\" in artefact \"pot\": expected a number, found a string");
    _only(HEAD ROOMS ART_OPEN ART_BASE "\"orbit\": {\"yaw\": [80, -80]},\n" REC "}]\n" END, 8, 18,
          "\"orbit.yaw\" in artefact \"pot\" is [80, -80]: the first limit is larger than the second. Write [-80, 80].");
    _only(HEAD ROOM_OPEN "\"floor_plan\": [[0, 0], [4, 0], [4, 4, 1], [0, 4]]\n" ROOM_CLOSE ARTS END, 7, 32,
          "\"floor_plan[2]\" in room \"hall\" has 3 numbers but needs exactly 2: [x, z]");
}

static void test_hotspots_must_be_array(void **state)
{
    (void)state;
    _only(HEAD ROOMS ARTS_MORE "\"hotspots\": {}\n" END, 10, 13,
          "\"hotspots\" in the exhibition: expected an array, found an object");
}

/* Line 10 holds the hotspots array; its first '{' is at column 14. */
#define HS(body) HEAD ROOMS ARTS_MORE "\"hotspots\": [" body "]\n" END
#define HS_BASE "\"id\": \"lip\", \"artefact\": \"pot\", \"position\": [0, 0.3, 0], \"title\": {\"en\": \"Lip\"}"

static void test_hotspots(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    assert_int_equal(_load_text(HS("{" HS_BASE ", \"normal\": [0, 0, 2], \"stop\": 7, \"body\": {\"en\": \"A *lip*.\"}, "
                                   "\"narration\": {\"en\": {\"captions\": \"pot.obj\"}}, "
                                   "\"camera\": {\"position\": [0, 1.6, 2], \"look_at\": [1, 1, 1]}}, "
                                   "{\"id\": \"door\", \"room\": \"hall\", \"position\": [2, 1, 0], "
                                   "\"title\": {\"en\": \"Door\"}}"),
                                &ex, &d),
                     VT_OK);
    assert_int_equal(ex.hotspot_count, 2);
    const exhibition_hotspot *h = &ex.hotspots[0];
    assert_string_equal(h->id, "lip");
    assert_int_equal(h->artefact_index, 0);
    assert_true(h->normal[2] == 1.0f); /* normalised */
    assert_int_equal(h->stop, 7);
    assert_string_equal(exhibition_text_get(&h->body, "en"), "A *lip*.");
    assert_int_equal(h->narration_count, 1);
    assert_null(h->narration[0].audio);
    assert_string_equal(h->narration[0].captions, "pot.obj");
    assert_true(h->has_camera);
    assert_int_equal(ex.hotspots[1].room_index, 0);
    assert_int_equal(ex.hotspots[1].artefact_index, EXHIBITION_NONE);
    assert_true(ex.hotspots[1].normal[1] == 1.0f); /* default up */
    exhibition_free(&ex);
    exhibition_diags_free(&d);

    _only(HS("{" HS_BASE ", \"colour\": 1}"), 10, 96, "unknown field \"colour\" in hotspot \"lip\"");
    _only(HS("{\"id\": \"x\", \"position\": [0, 0, 0], \"title\": {\"en\": \"X\"}}"), 10, 14,
          "hotspot \"x\" is not anchored");
    _only(HS("{" HS_BASE ", \"room\": \"hall\"}"), 10, 104, "names both an artefact and a room");
    _only(HS("{\"id\": \"x\", \"artefact\": \"pan\", \"position\": [0, 0, 0], \"title\": {\"en\": \"X\"}}"), 10, 38,
          "no artefact has that id. Did you mean \"pot\"?");
    _only(HS("{" HS_BASE ", \"narration\": {\"fr\": {\"audio\": \"pot.obj\"}}}"), 10, 110,
          "narration in \"fr\" (hotspot \"lip\"), a language the exhibition does not declare");
    _only(HS("{" HS_BASE ", \"narration\": {\"en\": {\"audio\": \"lip-en.ogg\"}}}"), 10, 126,
          "narration.en.audio \"lip-en.ogg\" not found");
    _only(HS("{" HS_BASE ", \"narration\": {\"en\": {}}}"), 10, 116, "has neither \"audio\" nor \"captions\"");
    _only(HS("{" HS_BASE ", \"normal\": [0, 0, 0]}"), 10, 106, "faces nowhere");
    _only(HS("{" HS_BASE ", \"stop\": 3}, {\"id\": \"b\", \"room\": \"hall\", \"position\": [0, 0, 0], "
             "\"title\": {\"en\": \"B\"}, \"stop\": 3}"), 10, 189, "stop 3 of hotspot \"b\" is already hotspot \"lip\"'s");
    _only(HS("{" HS_BASE ", \"stop\": 0}"), 10, 104, "stop");
    /* Texts are checked against the languages like every other text. */
    assert_int_equal(_load_text(HS("{\"id\": \"x\", \"artefact\": \"pot\", \"position\": [0, 0, 0], "
                                   "\"title\": {\"vi\": \"X\"}}"),
                                &ex, &d),
                     VT_ERR_MALFORMED);
    _expect(&d, 0, 10, 77, "\"title\" in hotspot \"x\" has no \"en\" text");
    exhibition_diags_free(&d);
}

/* ---- all at once -------------------------------------------------------- */

/* Artefacts before rooms: the validator reads rooms first, yet the
 * diagnostics come out in document order. */
static void test_all_errors_in_document_order(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    vt_result r = _load_text("{\n\"format\": 2,\n\"title\": {\"en\": \"T\"},\n\"languages\": [\"en\"],\n" /* 1-4 */
                             ART_OPEN                                                               /* 5 */
                             "\"id\": \"pot\", \"scan\": \"nope.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
                             "\"heigth_m\": 0.5,\n" REC "}],\n" /* 6-9 */
                             "\"rooms\": [{\"id\": \"hall\", \"name\": {\"en\": \"Hall\"}, \"wall_height\": 50, " PLAN
                             "}]\n" /* 10 */
                             "}\n",
                             &ex, &d);
    assert_int_equal(r, VT_ERR_MALFORMED);
    if (d.count != 4)
        _dump(&d);
    assert_int_equal(d.count, 4);
    _expect(&d, 0, 2, 11, "\"format\" is 2");
    _expect(&d, 1, 6, 22, "scan \"nope.obj\" not found in the exhibition folder");
    _expect(&d, 2, 7, 1, "unknown field \"heigth_m\"");
    _expect(&d, 3, 10, 65, "\"wall_height\" in room \"hall\" is 50");

    /* Printed as PATH:LINE:COLUMN: message. */
    char buf[2048] = { 0 };
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    exhibition_print_diags(&d, "museum/exhibition.json", f);
    fclose(f);
    assert_non_null(strstr(buf, "museum/exhibition.json:2:11: \"format\" is 2"));
    assert_non_null(strstr(buf, "\nmuseum/exhibition.json:7:1: unknown field \"heigth_m\" in artefact \"pot\". Did you "
                                "mean \"height_m\"?\n"));
    int lines = 0;
    for (const char *s = buf; *s; s++)
        lines += *s == '\n';
    assert_int_equal(lines, 4);

    /* Diagnostics may be left out; the result still tells. */
    assert_int_equal(_load_text(HEAD ROOMS ART_SCAN("nope.obj") END, &ex, NULL), VT_ERR_MALFORMED);
    exhibition_diags_free(&d);
}

/* Messages quote what the curator wrote, cut short and kept on one line. */
static void test_long_and_odd_names(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    char json[1024];
    snprintf(json, sizeof json, HEAD ROOMS ART_OPEN
             "\"id\": \"%s\", \"scan\": \"pot.obj\", \"room\": \"hall\", \"position\": [1, 0, 1],\n"
             "\"x\\ny\": 1,\n" REC "}]\n" END,
             "ĐÔNG SƠN ĐÔNG SƠN ĐÔNG SƠN ĐÔNG SƠN ĐÔNG SƠN ĐÔNG SƠN ĐÔNG SƠN");
    assert_int_equal(_load_text(json, &ex, &d), VT_ERR_MALFORMED);
    assert_int_equal(d.count, 2);
    _expect(&d, 0, 7, 7, "\xE2\x80\xA6\", which is not an id");
    _expect(&d, 1, 8, 1, "unknown field \"x?y\"");
    exhibition_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_exhibition),
        cmocka_unit_test(test_valid_minimal_example),
        cmocka_unit_test(test_pieces_are_valid),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_syntax_error_stops_at_first),
        cmocka_unit_test(test_root_not_object),
        cmocka_unit_test(test_format_not_1),
        cmocka_unit_test(test_unknown_field_suggests),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_missing_required),
        cmocka_unit_test(test_bad_id),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_unknown_references),
        cmocka_unit_test(test_text_missing_languages),
        cmocka_unit_test(test_text_undeclared_language),
        cmocka_unit_test(test_bad_language_codes),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_missing_scan),
        cmocka_unit_test(test_builtin_scans),
        cmocka_unit_test(test_missing_scan_as_warning),
        cmocka_unit_test(test_load_from_memory),
        cmocka_unit_test(test_symlink_outside),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_scale_and_height_exclusive),
        cmocka_unit_test(test_floor_plan_shape),
        cmocka_unit_test(test_doorway_wall_out_of_range),
        cmocka_unit_test(test_room_plan_or_model),
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_hotspots_must_be_array),
        cmocka_unit_test(test_hotspots),
        cmocka_unit_test(test_all_errors_in_document_order),
        cmocka_unit_test(test_long_and_odd_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
