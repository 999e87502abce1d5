/* media_sentence: plain text -> sentences, the unit of synthesised speech
 * and of generated captions (one cue per sentence).
 *
 * A sentence ends at '.', '!', '?' or '…' (runs such as "?!" or "..." count
 * once, closing quotes and brackets stay with the sentence) followed by
 * white space or the end; at the CJK full stops 。！？｡ with or without
 * space after them; and at a paragraph break (a blank line). Simple rules
 * keep abbreviations whole: no break after a single letter ("H. Parmentier"),
 * after a few common abbreviations (Mr., Dr., St., TS., ...), or when the
 * next word starts with a lower-case ASCII letter ("e.g. the drum").
 * Sentences longer than MEDIA_SENTENCE_MAX_BYTES are cut at a space (speech
 * engines and caption lines both want bounded pieces).
 *
 * Pure functions, no allocation. Depends on nothing. */
#ifndef VT_MEDIA_SENTENCE_H
#define VT_MEDIA_SENTENCE_H

#include <stddef.h>

#define MEDIA_SENTENCE_MAX_BYTES 1000

typedef struct media_span {
    size_t start, len; /* bytes into the text; trimmed of white space */
} media_span;

/* Splits TEXT (UTF-8, NUL-terminated). Writes at most MAX spans and returns
 * how many sentences there are (call with MAX 0 to count). Pieces with no
 * letter or digit (a lone "…") are dropped. */
size_t media_split_sentences(const char *text, media_span *spans, size_t max);

/* Copies span S of TEXT into OUT (OUT_SIZE bytes, NUL-terminated) with every
 * run of white space (line breaks included) made one space. Returns the
 * length written. */
size_t media_span_copy(const char *text, media_span s, char *out, size_t out_size);

/* Code points in span S (what proportional caption timing weighs). */
size_t media_span_chars(const char *text, media_span s);

#endif
