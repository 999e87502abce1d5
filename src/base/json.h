/* json: a small JSON (RFC 8259) reader that remembers where every value and
 * key stands in the text, so a curator's mistake in exhibition.json can be
 * reported as `file:line:column: message`.
 *
 * cJSON (the stack's JSON library) keeps no positions, hence this one. It
 * parses a whole document into a tree of json_value nodes allocated from an
 * arena (freed with it), strict by default: no comments, no trailing
 * commas, UTF-8 validated, duplicate keys reported, nesting at most 64
 * deep. On a syntax error it stops with a json_error: the position (line and
 * column from 1, column counted in Unicode code points) and a message that
 * says what was expected, e.g. "expected ',' or '}' after a member".
 * No global state; thread-safe for separate documents. */
#ifndef VT_JSON_H
#define VT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_type;

typedef struct json_pos {
    uint32_t line, column; /* from 1 */
    uint32_t offset;       /* byte offset into the text */
} json_pos;

typedef struct json_value json_value;

typedef struct json_member {
    const char *key;      /* NUL-terminated UTF-8 (unescaped) */
    size_t key_len;       /* bytes, may contain NUL via \u0000 */
    json_pos key_pos;
    json_value *value;
} json_member;

struct json_value {
    json_type type;
    json_pos pos;         /* where the value starts */
    double number;        /* JSON_NUMBER */
    const char *string;   /* JSON_STRING: NUL-terminated UTF-8 (unescaped) */
    size_t string_len;
    json_value **items;   /* JSON_ARRAY */
    json_member *members; /* JSON_OBJECT, in document order */
    size_t count;         /* items or members */
};

typedef struct json_error {
    json_pos pos;
    char message[160];
} json_error;

/* Parses TEXT (LEN bytes; need not be NUL-terminated). Returns the root, or
 * NULL with *err filled (syntax error, invalid UTF-8, too deep, duplicate
 * key, out of memory). */
json_value *json_parse(const char *text, size_t len, vt_arena *arena, json_error *err);

/* The member KEY of OBJ (NULL if absent or OBJ is not an object). */
const json_value *json_get(const json_value *obj, const char *key);
const char *json_type_name(json_type t); /* "null", "number", "object", ... */

#endif
