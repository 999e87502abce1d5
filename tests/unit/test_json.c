/* test_json: the positioned JSON reader (src/base/json.h). Every document is
 * copied into a malloc'd buffer of exactly its length, with no NUL after it,
 * so a sanitizer build catches any read past LEN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json.h"

/* Parses TEXT[0..LEN) from an exact-size copy. */
static json_value *_parse_n(vt_arena *a, const char *text, size_t len, json_error *err)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, text, len);
    json_value *v = json_parse(copy, len, a, err);
    free(copy); /* the tree must not point into the text */
    return v;
}

static json_value *_parse(vt_arena *a, const char *text, json_error *err)
{
    return _parse_n(a, text, strlen(text), err);
}

/* A message fit for "file:line:column: message": one line, short. */
static int _message_ok(const char *m)
{
    const char *nul = memchr(m, '\0', sizeof ((json_error *)0)->message);
    size_t n = nul ? (size_t)(nul - m) : SIZE_MAX;
    return n > 0 && n < 150 && !strchr(m, '\n') && !strchr(m, '\r');
}

/* True when TEXT[0..LEN) fails at LINE:COLUMN with a message containing SUB;
 * prints what it got otherwise, so the assert in the caller says which case. */
static int _fails_at_n(const char *text, size_t len, uint32_t line, uint32_t column, const char *sub)
{
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse_n(&a, text, len, &e);
    vt_arena_free(&a);
    if (v) {
        printf("  parsed, expected an error %u:%u '%s'\n", (unsigned)line, (unsigned)column, sub);
        return 0;
    }
    if (e.pos.line != line || e.pos.column != column || !strstr(e.message, sub) || !_message_ok(e.message)) {
        printf("  got %u:%u (offset %u) \"%s\"\n  want %u:%u \"...%s...\"\n", (unsigned)e.pos.line,
               (unsigned)e.pos.column, (unsigned)e.pos.offset, e.message, (unsigned)line, (unsigned)column, sub);
        return 0;
    }
    return 1;
}

static int _fails_at(const char *text, uint32_t line, uint32_t column, const char *sub)
{
    return _fails_at_n(text, strlen(text), line, column, sub);
}

/* The error's byte offset for TEXT (which must fail). */
static uint32_t _error_offset_n(const char *text, size_t len)
{
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse_n(&a, text, len, &e);
    vt_arena_free(&a);
    assert_null(v);
    return e.pos.offset;
}

static void _assert_pos(json_pos p, uint32_t line, uint32_t column, uint32_t offset)
{
    assert_int_equal(p.line, line);
    assert_int_equal(p.column, column);
    assert_int_equal(p.offset, offset);
}

static uint32_t _off(const char *doc, const char *needle)
{
    const char *at = strstr(doc, needle);
    assert_non_null(at);
    return (uint32_t)(at - doc);
}

/* ---- positions ----------------------------------------------------------- */

/* Values and keys on several lines get line, column and byte offset; the
 * column counts code points, so "Tiếng Việt" (14 bytes, 10 characters) and
 * "中文" (6 bytes, 2 characters) shift what follows by characters, not bytes. */
static void test_positions_multiline_multibyte(void **state)
{
    (void)state;
    const char *doc = "{\n"
                      "  \"title\": \"Tiếng Việt\", \"n\": 1,\n"
                      "  \"cjk\": [\"中文\", 2.5],\n"
                      "  \"flag\": true\n"
                      "}";
    assert_int_equal(strlen("Tiếng Việt"), 14);
    assert_int_equal(strlen("中文"), 6);
    vt_arena a = { 0 };
    json_error e;
    json_value *root = _parse(&a, doc, &e);
    assert_non_null(root);
    assert_int_equal(root->type, JSON_OBJECT);
    _assert_pos(root->pos, 1, 1, 0);
    assert_int_equal(root->count, 4);

    json_member *m = root->members;
    assert_string_equal(m[0].key, "title");
    _assert_pos(m[0].key_pos, 2, 3, 4);
    _assert_pos(m[0].value->pos, 2, 12, 13);
    assert_string_equal(m[0].value->string, "Tiếng Việt");
    assert_int_equal(m[0].value->string_len, 14);

    assert_string_equal(m[1].key, "n");
    _assert_pos(m[1].key_pos, 2, 26, 31);
    _assert_pos(m[1].value->pos, 2, 31, 36);

    assert_string_equal(m[2].key, "cjk");
    _assert_pos(m[2].key_pos, 3, 3, _off(doc, "\"cjk\""));
    json_value *arr = m[2].value;
    assert_int_equal(arr->type, JSON_ARRAY);
    _assert_pos(arr->pos, 3, 10, _off(doc, "["));
    assert_int_equal(arr->count, 2);
    _assert_pos(arr->items[0]->pos, 3, 11, _off(doc, "\"中文\""));
    _assert_pos(arr->items[1]->pos, 3, 17, _off(doc, "2.5"));

    _assert_pos(m[3].key_pos, 4, 3, _off(doc, "\"flag\""));
    _assert_pos(m[3].value->pos, 4, 11, _off(doc, "true"));
    assert_int_equal(m[3].value->type, JSON_TRUE);
    vt_arena_free(&a);
}

/* \r\n counts as one line break, a lone \r as one, and \n\r as two. */
static void test_positions_crlf_and_lone_cr(void **state)
{
    (void)state;
    const char *doc = "[1,\r\n 2,\r  3,\n\r4,\r\n\r\n5]";
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, doc, &e);
    assert_non_null(v);
    assert_int_equal(v->count, 5);
    _assert_pos(v->items[0]->pos, 1, 2, 1);
    _assert_pos(v->items[1]->pos, 2, 2, 6);
    _assert_pos(v->items[2]->pos, 3, 3, 11);
    _assert_pos(v->items[3]->pos, 5, 1, 15);
    _assert_pos(v->items[4]->pos, 7, 1, 21);
    vt_arena_free(&a);
    /* Errors after CRLF lines land on the right line too. */
    assert_true(_fails_at("{\r\n\"a\": 1,\r\n}", 2, 7, "trailing comma before '}'"));
}

/* A raw 4-byte character (U+1F600) counts one column, like any other. */
static void test_positions_four_byte_character(void **state)
{
    (void)state;
    const char *doc = "[\"\xF0\x9F\x98\x80\", 1]";
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, doc, &e);
    assert_non_null(v);
    assert_int_equal(v->items[0]->string_len, 4);
    _assert_pos(v->items[1]->pos, 1, 7, 9);
    vt_arena_free(&a);
}

/* ---- strings ------------------------------------------------------------- */

/* Every escape RFC 8259 defines decodes to its byte(s); \u escapes become
 * UTF-8. */
static void test_string_escapes(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u4E2D\"", &e);
    assert_non_null(v);
    assert_int_equal(v->type, JSON_STRING);
    const char want[] = "\" \\ / \b \f \n \r \t A \xC3\xA9 \xE4\xB8\xAD";
    assert_int_equal(v->string_len, sizeof want - 1);
    assert_memory_equal(v->string, want, sizeof want);
    vt_arena_free(&a);
}

/* A surrogate pair (either hex case) combines into one code point: U+1F600
 * as the 4 bytes F0 9F 98 80. */
static void test_string_surrogate_pair(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "[\"\\uD83D\\uDE00\", \"\\ud83d\\ude00\", 7]", &e);
    assert_non_null(v);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(v->items[k]->string_len, 4);
        assert_memory_equal(v->items[k]->string, "\xF0\x9F\x98\x80", 5);
    }
    _assert_pos(v->items[1]->pos, 1, 18, 17);
    vt_arena_free(&a);
}

/* \u0000 puts a NUL inside the string; string_len and key_len count it, and
 * json_get does not match the key's prefix. */
static void test_string_nul_escape(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "{\"a\\u0000b\": \"x\\u0000y\"}", &e);
    assert_non_null(v);
    assert_int_equal(v->members[0].key_len, 3);
    assert_memory_equal(v->members[0].key, "a\0b", 4);
    assert_int_equal(v->members[0].value->string_len, 3);
    assert_memory_equal(v->members[0].value->string, "x\0y", 4);
    assert_null(json_get(v, "a"));
    vt_arena_free(&a);
}

/* Escape errors point at the backslash: an unknown escape, short \u, and
 * surrogates that do not pair up. */
static void test_string_bad_escapes(void **state)
{
    (void)state;
    assert_true(_fails_at("[\"ab\\x\"]", 1, 5, "invalid escape '\\x'"));
    assert_true(_fails_at("\"\\u12G4\"", 1, 2, "\\u needs four hex digits"));
    assert_true(_fails_at("\"\\u12\"", 1, 2, "\\u needs four hex digits"));
    assert_true(_fails_at("\"ok \\uD83D!\"", 1, 5, "unpaired surrogate '\\uD83D'"));
    assert_true(_fails_at("\"\\uD83D\\u0041\"", 1, 2, "unpaired surrogate"));
    assert_true(_fails_at("\"\\uDE00\"", 1, 2, "unpaired surrogate '\\uDE00'"));
    assert_true(_fails_at("\"\\'\"", 1, 2, "invalid escape"));
}

/* An unterminated string is reported at the end of the text and names where
 * it started. */
static void test_string_unterminated(void **state)
{
    (void)state;
    assert_true(_fails_at("{\n  \"a\": \"abc", 2, 12, "unterminated string (started at line 2, column 8)"));
    assert_true(_fails_at("\"abc\\", 1, 6, "unterminated string (started at line 1, column 1)"));
    assert_true(_fails_at("\"\\u00", 1, 6, "unterminated string"));
    /* The text ends inside a multibyte character: still unterminated. */
    assert_true(_fails_at("\"\xE4\xB8", 1, 3, "unterminated string"));
}

/* Control characters below 0x20 must be escaped; the message says how. */
static void test_string_control_characters(void **state)
{
    (void)state;
    assert_true(_fails_at("{\"a\": \"line\nnext\"}", 1, 12,
                          "control character in a string: use \\n (the string started at line 1, column 7)"));
    assert_true(_fails_at("\"a\tb\"", 1, 3, "control character in a string: use \\t"));
    assert_true(_fails_at("\"a\x01\"", 1, 3, "control character in a string: use \\u0001"));
    assert_true(_fails_at_n("\"a\0\"", 4, 1, 3, "control character in a string: use \\u0000"));
    /* DEL (0x7F) is not a control character for JSON. */
    vt_arena a = { 0 };
    json_error e;
    assert_non_null(_parse(&a, "\"\x7F\"", &e));
    vt_arena_free(&a);
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Invalid UTF-8 is an error at the bad byte: stray continuation bytes,
 * overlong forms, encoded surrogates, code points past U+10FFFF, bytes that
 * cannot start a character, and a lead byte missing its continuation. A bad
 * byte after a lead counts one column past it. */
static void test_utf8_invalid(void **state)
{
    (void)state;
    assert_true(_fails_at("\"a\x80\"", 1, 3, "unexpected continuation byte 0x80"));
    assert_true(_fails_at("\"\xC0\xAF\"", 1, 2, "overlong encoding (byte 0xC0)"));
    assert_true(_fails_at("\"\xC1\xBF\"", 1, 2, "overlong"));
    assert_true(_fails_at("\"\xE0\x80\xAF\"", 1, 3, "overlong encoding (bytes 0xE0 0x80)"));
    assert_true(_fails_at("\"\xF0\x80\x80\xAF\"", 1, 3, "overlong"));
    assert_true(_fails_at("\"\xED\xA0\x80\"", 1, 3, "surrogate"));
    assert_true(_fails_at("\"\xF4\x90\x80\x80\"", 1, 3, "above U+10FFFF"));
    assert_true(_fails_at("\"\xF5\x80\x80\x80\"", 1, 2, "byte 0xF5 cannot start a character"));
    assert_true(_fails_at("\"\xFF\"", 1, 2, "0xFF"));
    assert_true(_fails_at("\"\xE4\x41\"", 1, 3, "expected a continuation byte after 0xE4, found 0x41"));
    /* After multibyte characters the column counts characters. */
    assert_true(_fails_at("[\"中文\", \"x\xFFy\"]", 1, 10, "0xFF"));
    assert_int_equal(_error_offset_n("[\"中文\", \"x\xFFy\"]", strlen("[\"中文\", \"x\xFFy\"]")), 13);
    assert_int_equal(_error_offset_n("\"\xE0\x80\xAF\"", 5), 2);
    /* In keys and outside strings too. */
    assert_true(_fails_at("{\"k\xC0\x80\": 1}", 1, 4, "overlong"));
    assert_true(_fails_at("[1, \xFF]", 1, 5, "cannot start a character"));
    assert_true(_fails_at("[1] \xC3", 1, 5, "invalid UTF-8"));
    /* The largest code point and the edges around the surrogates are fine. */
    vt_arena a = { 0 };
    json_error e;
    assert_non_null(_parse(&a, "[\"\xF4\x8F\xBF\xBF\", \"\xED\x9F\xBF\", \"\xEE\x80\x80\", \"\xC2\x80\"]", &e));
    vt_arena_free(&a);
}

/* A UTF-8 byte order mark at the very start is skipped and takes no column;
 * anywhere else it is an error. */
static void test_bom(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "\xEF\xBB\xBF{\"a\": 1}", &e);
    assert_non_null(v);
    _assert_pos(v->pos, 1, 1, 3);
    _assert_pos(v->members[0].key_pos, 1, 2, 4);
    _assert_pos(v->members[0].value->pos, 1, 7, 9);
    vt_arena_free(&a);
    assert_true(_fails_at("\xEF\xBB\xBF", 1, 1, "the file is empty"));
    assert_true(_fails_at(" \xEF\xBB\xBF{}", 1, 2, "expected a value"));
}

/* ---- numbers ------------------------------------------------------------- */

/* Valid numbers convert exactly as strtod would, -0 keeps its sign, and
 * integers past 2^53 round to the nearest double. */
static void test_numbers_valid(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a,
                           "[0, -0, 1.5e-3, 1E+2, 1e2, -123, 0.1, 12345678901234567890, 9007199254740993,"
                           " 1.7976931348623157e308, 5e-324, 1e-400, 123.456e-7, 0.000123, 1e-0, -0.0]",
                           &e);
    assert_non_null(v);
    assert_int_equal(v->count, 16);
    double want[] = { 0, -0.0, 1.5e-3, 100, 100, -123, 0.1, 12345678901234567890.0, 9007199254740992.0,
                      1.7976931348623157e308, 5e-324, 0, 123.456e-7, 0.000123, 1, -0.0 };
    for (size_t k = 0; k < v->count; k++) {
        assert_int_equal(v->items[k]->type, JSON_NUMBER);
        assert_true(v->items[k]->number == want[k]);
    }
    assert_false(signbit(v->items[0]->number));
    assert_true(signbit(v->items[1]->number));
    assert_true(signbit(v->items[15]->number));
    vt_arena_free(&a);
}

/* The exact fast path agrees bit for bit with strtod on many short decimals
 * (fixed seed), including ones with exponents. */
static void test_numbers_match_strtod(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char digits[32], buf[64];
    for (int n = 0; n < 5000; n++) {
        seed = seed * 1664525u + 1013904223u;
        unsigned long long m = ((unsigned long long)seed << 20) ^ (seed >> 3);
        seed = seed * 1664525u + 1013904223u;
        int frac = (int)(seed % 12);
        int ex = (int)((seed >> 8) % 60) - 30;
        int len = snprintf(digits, sizeof digits, "%llu", m % 1000000000000000ull);
        if (frac > 0 && frac < len)
            snprintf(buf, sizeof buf, "%.*s.%se%d", len - frac, digits, digits + len - frac, ex);
        else
            snprintf(buf, sizeof buf, "%se%d", digits, ex);
        if (buf[0] == '0' && buf[1] >= '0' && buf[1] <= '9')
            continue; /* a leading zero: not JSON */
        vt_arena a = { 0 };
        json_error e;
        json_value *v = _parse(&a, buf, &e);
        if (!v)
            printf("  %s: %s\n", buf, e.message);
        assert_non_null(v);
        double d = strtod(buf, NULL);
        if (memcmp(&d, &v->number, sizeof d) != 0)
            printf("  %s: strtod %.17g, json %.17g\n", buf, d, v->number);
        assert_memory_equal(&d, &v->number, sizeof d);
        vt_arena_free(&a);
    }
}

/* Every form the RFC grammar forbids is an error at the spot that breaks it. */
static void test_numbers_invalid(void **state)
{
    (void)state;
    assert_true(_fails_at("01", 1, 1, "leading zeros are not allowed in numbers, found '01'"));
    assert_true(_fails_at("[1, -007]", 1, 5, "leading zeros"));
    assert_true(_fails_at("00", 1, 1, "leading zeros"));
    assert_true(_fails_at("1e", 1, 3, "expected a digit in the exponent of a number, found end of input"));
    assert_true(_fails_at("1e+", 1, 4, "expected a digit in the exponent"));
    assert_true(_fails_at("[1E-]", 1, 5, "expected a digit in the exponent of a number, found ']'"));
    assert_true(_fails_at("-", 1, 2, "expected a digit after '-', found end of input"));
    assert_true(_fails_at("[-]", 1, 3, "expected a digit after '-', found ']'"));
    assert_true(_fails_at(".5", 1, 1, "expected a value, found '.5'"));
    assert_true(_fails_at("1.", 1, 3, "expected a digit after '.' in a number"));
    assert_true(_fails_at("1.e5", 1, 3, "expected a digit after '.' in a number, found 'e5'"));
    assert_true(_fails_at("+1", 1, 1, "expected a value, found '+1'"));
    assert_true(_fails_at("0x1F", 1, 1, "invalid number '0x1F'"));
    assert_true(_fails_at("1.5.3", 1, 1, "invalid number '1.5.3'"));
    assert_true(_fails_at("[2, 1e5e]", 1, 5, "invalid number '1e5e'"));
    assert_true(_fails_at("NaN", 1, 1, "expected a value, found 'NaN'"));
    assert_true(_fails_at("[Infinity]", 1, 2, "expected a value, found 'Infinity'"));
    assert_true(_fails_at("-Infinity", 1, 2, "expected a digit after '-', found 'Infinity'"));
    assert_true(_fails_at("1e400", 1, 1, "number out of range: '1e400'"));
    assert_true(_fails_at("[-1e309]", 1, 2, "number out of range"));
}

/* ---- literals ------------------------------------------------------------ */

/* null, true and false parse to their types; near misses do not. */
static void test_literals(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "[null,true,false]", &e);
    assert_non_null(v);
    assert_int_equal(v->items[0]->type, JSON_NULL);
    assert_int_equal(v->items[1]->type, JSON_TRUE);
    assert_int_equal(v->items[2]->type, JSON_FALSE);
    _assert_pos(v->items[2]->pos, 1, 12, 11);
    vt_arena_free(&a);
    assert_true(_fails_at("nullx", 1, 1, "expected a value, found 'nullx'"));
    assert_true(_fails_at("[True]", 1, 2, "found 'True'"));
    assert_true(_fails_at("[tru", 1, 2, "found 'tru'"));
    assert_true(_fails_at("fals", 1, 1, "found 'fals'"));
}

/* ---- structure errors ---------------------------------------------------- */

/* A trailing comma is reported at the comma, in objects and arrays. */
static void test_error_trailing_comma(void **state)
{
    (void)state;
    assert_true(_fails_at("{\"a\": 1,}", 1, 8, "trailing comma before '}'"));
    assert_true(_fails_at("[1, 2 ,\n ]", 1, 7, "trailing comma before ']'"));
    assert_true(_fails_at("{\"a\": [1,],}", 1, 9, "trailing comma before ']'"));
}

/* A missing ':' names the key and what stood there instead. */
static void test_error_missing_colon(void **state)
{
    (void)state;
    assert_true(_fails_at("{\n  \"title\" = \"x\"\n}", 2, 11, "expected ':' after the key \"title\", found '='"));
    assert_true(_fails_at("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\", found '1'"));
    assert_true(_fails_at("{\"a\"", 1, 5, "expected ':' after the key \"a\", found end of input"));
    /* A long key is cut short so the message stays one short line. */
    char doc[400];
    snprintf(doc, sizeof doc, "{\"%0300d\" 1}", 7);
    assert_true(_fails_at(doc, 1, 305, "..."));
}

/* A missing comma is reported at the token that follows the item. */
static void test_error_missing_comma(void **state)
{
    (void)state;
    assert_true(_fails_at("[1 2]", 1, 4, "expected ',' or ']' after an array item, found '2'"));
    assert_true(_fails_at("{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}' after a member, found '\"b\"'"));
    assert_true(_fails_at("[1", 1, 3, "expected ',' or ']' after an array item, found end of input"));
    assert_true(_fails_at("{\"a\": 1", 1, 8, "expected ',' or '}' after a member, found end of input"));
}

/* Missing values and keys say what was expected and what was found. */
static void test_error_expected_value_or_key(void **state)
{
    (void)state;
    assert_true(_fails_at("{\"a\": }", 1, 7, "expected a value, found '}'"));
    assert_true(_fails_at("[,1]", 1, 2, "expected a value, found ','"));
    assert_true(_fails_at("[1,,2]", 1, 4, "expected a value, found ','"));
    assert_true(_fails_at("{a: 1}", 1, 2, "expected a key in double quotes or '}', found 'a'"));
    assert_true(_fails_at("{'a': 1}", 1, 2, "found \"'\""));
    assert_true(_fails_at("{\"a\": 1, 2}", 1, 10, "expected a key in double quotes after ','"));
    assert_true(_fails_at("[1, // note\n 2]", 1, 5, "expected a value, found '/'"));
    assert_true(_fails_at("{\"a\": 1}}", 1, 9, "expected end of input after the document, found '}'"));
    assert_true(_fails_at("[\x0B]", 1, 2, "control character U+000B"));
}

/* A key repeated in one object is an error at the second one, naming the
 * first; the same key in different objects is fine. */
static void test_error_duplicate_key(void **state)
{
    (void)state;
    assert_true(_fails_at("{\n  \"name\": 1,\n  \"x\": {\"name\": 2},\n  \"name\": 3\n}", 4, 3,
                          "duplicate key \"name\" (first at line 2, column 3)"));
    vt_arena a = { 0 };
    json_error e;
    assert_non_null(_parse(&a, "{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}, \"A\": 3, \"a\\u0000\": 4}", &e));
    vt_arena_free(&a);
    /* An escaped spelling is the same key. */
    assert_true(_fails_at("{\"ab\": 1, \"\\u0061b\": 2}", 1, 11, "duplicate key \"ab\""));
}

/* Objects past 16 members use the hashed check: a 10,000-member object
 * parses, finds its keys, and a duplicate at its end is still caught with
 * both positions. */
static void test_large_object_duplicates(void **state)
{
    (void)state;
    size_t cap = 10000 * 40;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t n = 0;
    uint32_t first_col = 0;
    doc[n++] = '{';
    for (int k = 0; k < 10000; k++) {
        if (k == 5000)
            first_col = (uint32_t)n + 3; /* the quote after ", ", from 1 */
        n += (size_t)snprintf(doc + n, cap - n, "%s\"k%d\": {\"k%d\": %d}", k ? ", " : "", k, k, k);
    }
    doc[n++] = '}';
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse_n(&a, doc, n, &e);
    assert_non_null(v);
    assert_int_equal(v->count, 10000);
    const json_value *k9999 = json_get(v, "k9999");
    assert_non_null(k9999);
    assert_true(json_get(k9999, "k9999")->number == 9999);
    assert_null(json_get(v, "k10000"));
    vt_arena_free(&a);

    /* Now a duplicate of k5000 as member 10,001. */
    n--;
    uint32_t dup_col = (uint32_t)n + 3;
    n += (size_t)snprintf(doc + n, cap - n, ", \"k5000\": 1}");
    char want[80];
    snprintf(want, sizeof want, "duplicate key \"k5000\" (first at line 1, column %u)", (unsigned)first_col);
    assert_true(_fails_at_n(doc, n, 1, dup_col, want));
    free(doc);
}

/* A 100,000-member object parses whole, in order, with every key found.
 * (Its speed is not asserted here: tests never time; the hashed duplicate
 * check keeps it near linear.) */
static void test_large_object(void **state)
{
    (void)state;
    size_t cap = 100000 * 24;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t n = 0;
    doc[n++] = '{';
    for (int k = 0; k < 100000; k++)
        n += (size_t)snprintf(doc + n, cap - n, "%s\"key%d\":%d", k ? "," : "", k, k);
    doc[n++] = '}';
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse_n(&a, doc, n, &e);
    assert_non_null(v);
    assert_int_equal(v->count, 100000);
    assert_true(json_get(v, "key99999")->number == 99999);
    vt_arena_free(&a);
    free(doc);
}

/* An empty text, or whitespace only, is "the file is empty". */
static void test_error_empty(void **state)
{
    (void)state;
    assert_true(_fails_at("", 1, 1, "the file is empty"));
    assert_true(_fails_at(" \n\t\r\n ", 3, 2, "the file is empty"));
    vt_arena a = { 0 };
    json_error e;
    assert_null(json_parse(NULL, 0, &a, &e));
    assert_string_equal(e.message, "the file is empty");
    vt_arena_free(&a);
}

/* Anything after the root value but whitespace is an error at its start. */
static void test_error_trailing_garbage(void **state)
{
    (void)state;
    assert_true(_fails_at("{} x", 1, 4, "expected end of input after the document, found 'x'"));
    assert_true(_fails_at("[1]\n[2]", 2, 1, "expected end of input after the document, found '['"));
    assert_true(_fails_at("1 2", 1, 3, "expected end of input after the document"));
    assert_true(_fails_at_n("{}\0", 3, 1, 3, "expected end of input after the document"));
    vt_arena a = { 0 };
    json_error e;
    assert_non_null(_parse(&a, " {} \r\n\t ", &e));
    vt_arena_free(&a);
}

/* 64 levels of nesting parse; the 65th opening bracket is an error there. */
static void test_depth_limit(void **state)
{
    (void)state;
    char doc[300];
    for (int levels = 64; levels <= 65; levels++) {
        size_t n = 0;
        for (int k = 0; k < levels; k++)
            doc[n++] = '[';
        doc[n++] = '1';
        for (int k = 0; k < levels; k++)
            doc[n++] = ']';
        vt_arena a = { 0 };
        json_error e;
        json_value *v = _parse_n(&a, doc, n, &e);
        if (levels == 64) {
            assert_non_null(v);
            for (int k = 0; k < 63; k++)
                v = v->items[0];
            assert_int_equal(v->items[0]->type, JSON_NUMBER);
        } else {
            assert_null(v);
            _assert_pos(e.pos, 1, 65, 64);
            assert_string_equal(e.message, "nesting deeper than 64 levels");
        }
        vt_arena_free(&a);
    }
    /* Objects count as levels too, mixed with arrays. */
    size_t n = 0;
    for (int k = 0; k < 33; k++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "{\"a\":[");
    assert_true(_fails_at_n(doc, n, 1, 6 * 32 + 1, "nesting deeper than 64 levels"));
    /* Deep garbage never recurses past the limit. */
    char *deep = malloc(100000);
    assert_non_null(deep);
    memset(deep, '[', 100000);
    assert_true(_fails_at_n(deep, 100000, 1, 65, "nesting deeper than 64 levels"));
    free(deep);
}

/* ---- buffers and sizes --------------------------------------------------- */

/* The text need not end in NUL: values that run to the last byte (a number,
 * a literal, a string) parse, and truncated ones fail, without reading past
 * LEN (the sanitizer build checks). */
static void test_not_nul_terminated(void **state)
{
    (void)state;
    const char *ok[] = { "123", "-0.5e7", "true", "null", "\"abc\"", "[1,[2]]", "{\"a\":{}}" };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        vt_arena a = { 0 };
        json_error e;
        size_t n = strlen(ok[k]);
        char *buf = malloc(n);
        assert_non_null(buf);
        memcpy(buf, ok[k], n);
        json_value *v = json_parse(buf, n, &a, &e);
        assert_non_null(v);
        free(buf);
        vt_arena_free(&a);
    }
    /* A length shorter than the string: only LEN bytes count. */
    vt_arena a = { 0 };
    json_error e;
    json_value *v = json_parse("12345", 3, &a, &e);
    assert_non_null(v);
    assert_true(v->number == 123);
    vt_arena_free(&a);
    const char *bad[] = { "12e", "tru", "\"ab", "\"a\\", "\"\\u12", "[1,", "{\"a\"", "-", "1." };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        size_t n = strlen(bad[k]);
        assert_true(_error_offset_n(bad[k], n) <= n);
    }
}

/* A 200,000-element array parses with every item counted and in order. */
static void test_large_array(void **state)
{
    (void)state;
    size_t cap = 200000 * 12;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t n = 0;
    doc[n++] = '[';
    for (int k = 0; k < 200000; k++)
        n += (size_t)snprintf(doc + n, cap - n, "%s%d", k ? "," : "", k);
    doc[n++] = ']';
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse_n(&a, doc, n, &e);
    assert_non_null(v);
    assert_int_equal(v->count, 200000);
    for (int k = 0; k < 200000; k += 997)
        assert_true(v->items[k]->number == k);
    assert_true(v->items[199999]->number == 199999);
    _assert_pos(v->items[199999]->pos, 1, (uint32_t)n - 6, (uint32_t)n - 7);
    vt_arena_free(&a);
    free(doc);
}

/* ---- lookups ------------------------------------------------------------- */

/* json_get finds keys by exact bytes and returns NULL for missing keys,
 * prefixes, non-objects and NULL. */
static void test_json_get(void **state)
{
    (void)state;
    vt_arena a = { 0 };
    json_error e;
    json_value *v = _parse(&a, "{\"name\": \"Trống đồng\", \"year\": 1893, \"tags\": [\"bronze\"], \"\": 0}", &e);
    assert_non_null(v);
    const json_value *name = json_get(v, "name");
    assert_non_null(name);
    assert_int_equal(name->type, JSON_STRING);
    assert_string_equal(name->string, "Trống đồng");
    assert_true(json_get(v, "year")->number == 1893);
    assert_non_null(json_get(v, ""));
    assert_null(json_get(v, "nam"));
    assert_null(json_get(v, "names"));
    assert_null(json_get(v, "Name"));
    assert_null(json_get(json_get(v, "tags"), "bronze"));
    assert_null(json_get(name, "name"));
    assert_null(json_get(NULL, "name"));
    vt_arena_free(&a);
}

/* Each type has its name. */
static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(json_type_name(JSON_NULL), "null");
    assert_string_equal(json_type_name(JSON_FALSE), "false");
    assert_string_equal(json_type_name(JSON_TRUE), "true");
    assert_string_equal(json_type_name(JSON_NUMBER), "number");
    assert_string_equal(json_type_name(JSON_STRING), "string");
    assert_string_equal(json_type_name(JSON_ARRAY), "array");
    assert_string_equal(json_type_name(JSON_OBJECT), "object");
}

/* ---- robustness ---------------------------------------------------------- */

static uint32_t _rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Walks a parsed tree: every position lies inside the text. */
static int _tree_ok(const json_value *v, size_t len)
{
    if (v->pos.offset >= len || v->pos.line < 1 || v->pos.column < 1)
        return 0;
    for (size_t k = 0; v->type == JSON_ARRAY && k < v->count; k++)
        if (!_tree_ok(v->items[k], len))
            return 0;
    for (size_t k = 0; v->type == JSON_OBJECT && k < v->count; k++)
        if (v->members[k].key_pos.offset >= len || !_tree_ok(v->members[k].value, len))
            return 0;
    return 1;
}

/* 2,000 random mutations (fixed seed) of a valid document never crash or
 * read out of bounds: each gives a tree or an error inside the text with a
 * one-line message. */
static void test_fuzz_mutations(void **state)
{
    (void)state;
    const char *base = "\xEF\xBB\xBF{\r\n  \"title\": \"Tiếng Việt \\u00e9 \\uD83D\\uDE00 中文\",\n"
                       "  \"n\": [0, -0.5, 1e10, 12345678901234567890, true, false, null],\n"
                       "  \"nested\": {\"a\": [[{}], [], {\"b\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}]},\r"
                       "  \"k\\u0000\": \"\xF0\x9F\x98\x80\"\n}\n";
    const char pieces[] = "{}[]\",:\\u0eE.-+ \n\r\t01DdtfnaxX";
    size_t base_len = strlen(base);
    char *work = malloc(base_len + 64);
    assert_non_null(work);
    uint32_t seed = 0x9E3779B9u;
    int parsed = 0;
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = base_len;
        memcpy(work, base, n);
        int edits = 1 + (int)(_rand(&seed) % 4);
        for (int k = 0; k < edits; k++) {
            uint32_t r = _rand(&seed);
            size_t at = n ? _rand(&seed) % n : 0;
            char c = (r & 8) ? pieces[_rand(&seed) % (sizeof pieces - 1)] : (char)(_rand(&seed) & 0xFF);
            switch (r % 5) {
            case 0: if (n) work[at] = c; break;
            case 1: if (n < base_len + 60) { memmove(work + at + 1, work + at, n - at); work[at] = c; n++; } break;
            case 2: if (n) { memmove(work + at, work + at + 1, n - at - 1); n--; } break;
            case 3: n = at; break; /* truncate */
            case 4: if (n) work[at] ^= (char)(1u << (r >> 8) % 8); break;
            }
        }
        vt_arena a = { 0 };
        json_error e;
        json_value *v = _parse_n(&a, work, n, &e);
        if (v) {
            parsed++;
            assert_true(_tree_ok(v, n));
        } else {
            assert_true(e.pos.offset <= n);
            assert_true(e.pos.line >= 1 && e.pos.column >= 1);
            if (!_message_ok(e.message))
                printf("  bad message: \"%s\"\n", e.message);
            assert_true(_message_ok(e.message));
        }
        vt_arena_free(&a);
    }
    /* Some mutations (inside strings, digits) keep the document valid. */
    assert_true(parsed > 0 && parsed < 2000);
    free(work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_multiline_multibyte),
        cmocka_unit_test(test_positions_crlf_and_lone_cr),
        cmocka_unit_test(test_positions_four_byte_character),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_string_surrogate_pair),
        cmocka_unit_test(test_string_nul_escape),
        cmocka_unit_test(test_string_bad_escapes),
        cmocka_unit_test(test_string_unterminated),
        cmocka_unit_test(test_string_control_characters),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_numbers_valid),
        cmocka_unit_test(test_numbers_match_strtod),
        cmocka_unit_test(test_numbers_invalid),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_error_trailing_comma),
        cmocka_unit_test(test_error_missing_colon),
        cmocka_unit_test(test_error_missing_comma),
        cmocka_unit_test(test_error_expected_value_or_key),
        cmocka_unit_test(test_error_duplicate_key),
        cmocka_unit_test(test_large_object_duplicates),
        cmocka_unit_test(test_large_object),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_error_trailing_garbage),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_large_array),
        cmocka_unit_test(test_json_get),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_fuzz_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
