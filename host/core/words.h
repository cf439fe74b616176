/* SPDX-License-Identifier: MIT */
/* words.h: the data's machine names and its stored English sentences, in the
 * reader's language -- one bilingual vocabulary that the evidence report and
 * the `leaktrace` command both read, so a word is translated in one place.
 *
 * Machine names ("phone", "exact", "manual", "added", "leak") are what JSON
 * carries and never change; lt_word gives the word people read. Stored
 * sentences (the reasons an incident or a skipped import row was given, in
 * English, by host/sources) are read back into Chinese by lt_reason_text:
 * a table of templates with "{name}" slots for the reasons the sources write,
 * and for "MESSAGE: DETAIL" (an error of error.c with its lt_fail detail) the
 * catalogue's own translations of both (lt_tr). */
#ifndef LT_WORDS_H
#define LT_WORDS_H

#include <stddef.h>

typedef enum { LT_LANG_EN, LT_LANG_ZH } lt_lang;

typedef enum {
	LT_WORDS_KIND,      /* identifier kinds: email, phone, username, name */
	LT_WORDS_WHAT,      /* the same, as "this number" */
	LT_WORDS_MATCH,     /* trace matches: alias, exact, subaddress, mailbox */
	LT_WORDS_CAPTURE,   /* how it was given: signup, login, ..., manual, import */
	LT_WORDS_INCIDENT,  /* incident kinds: sms, call, email, login, other */
	LT_WORDS_OUTCOME,   /* an import's record: added, merged, unchanged */
	LT_WORDS_VERDICT,   /* of a mail or an imported incident: leak, review, spam, harassment, ... */
	LT_WORDS_COUNT
} lt_word_set;

/* The word for machine name `name` of set in lang (English words for a
 * report: "phone number"); a name the set does not hold, or NULL, is given
 * back as it is. */
const char *lt_word(lt_word_set set, const char *name, lt_lang lang);

/* A slot of a template: "{name}" is replaced by value (NULL: nothing). */
typedef struct {
	const char *name;
	const char *value;
} lt_slot;

/* tmpl with its "{name}" slots filled (malloc'd); a slot with no value given
 * is left as it is, values are copied as they are, never expanded again. */
char *lt_template_fill(const char *tmpl, const lt_slot *slots, size_t n);

/* A reason stored in English by host/sources (an imported incident's, a
 * mail verdict's, a skipped import row's) in lang (malloc'd; NULL when out
 * of memory). A reason no table knows is given back as it is. */
char *lt_reason_text(const char *reason, lt_lang lang);

#endif
