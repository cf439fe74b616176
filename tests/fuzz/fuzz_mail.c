/* SPDX-License-Identifier: MIT */
/* fuzz_mail.c: libFuzzer on the mail header path -- a header block parsed by
 * GMime and picked apart (mail_header.c), then judged as mail to an alias
 * (mail_verdict.c) -- with the bounds both promise checked on every input.
 * The keyring plays no part: the classifier is the target's own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail_header.h"
#include "mail_verdict.h"

static lt_dom_class classify(const char *d, void *ctx)
{
	(void)ctx;
	return strcmp(d, "shop.example") == 0 ? LT_DOM_SITE : (strlen(d) % 5 == 0 ? LT_DOM_OTHER_KNOWN : LT_DOM_OTHER);
}

static void check_domains(const lt_mail_domains *l)
{
	if (l->n > LT_MAIL_DOMAINS)
		abort();
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i] || !*l->v[i] || strlen(l->v[i]) > 253 * 4)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_mail_header h;
	lt_mail_judgement j;

	if (lt_mail_header_parse((const char *)data, size, &h) == LT_OK) {
		check_domains(&h.claimed);
		check_domains(&h.dkim_d);
		check_domains(&h.verified);
		if (h.n_rcpt > LT_MAIL_RCPTS || strlen(h.sha256) != 64 || (h.subject && strlen(h.subject) > 1024) ||
		    (h.from_name && strlen(h.from_name) > 1024) || (h.auth && strlen(h.auth) > 512))
			abort();
		for (int alias_sent = 0; alias_sent < 2; alias_sent++) {
			lt_mail_judge(&h, "shop.example", "Shop - join", classify, NULL, 0, alias_sent, &j);
			if (j.n_reasons == 0 || j.n_reasons > LT_INCIDENT_REASONS || j.verdict > LT_MV_REVIEW)
				abort();
			for (size_t i = 0; i < j.n_reasons; i++)
				if (strnlen(j.reasons[i], LT_MAIL_REASON_MAX) >= LT_MAIL_REASON_MAX)
					abort();
		}
	}
	lt_mail_header_clear(&h);
	return 0;
}
