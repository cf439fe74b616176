/* SPDX-License-Identifier: MIT */
/* phone_loader.c: phone.h and spoof.h for the two programs, by loading the
 * module (leaktrace-phone.so: the libphonenumber bridge and ICU's spoof
 * checker) the first time a phone number or an international host name is
 * parsed and the fast path (host/core/phone_fast.c: libphonenumber's rules over
 * its metadata, compiled in) cannot settle it alone.
 *
 * Why: libphonenumber brings ICU, protobuf, abseil and libstdc++ with it, and
 * loading them costs every start of leaktrace and leaktrace-host (measured:
 * about 5 ms of a 25 ms `trace`), though most requests never parse a phone
 * number. The module is looked for beside the executable (the build tree),
 * then in LT_MODULE_DIR (where `make install` puts it). Unit tests and the
 * fuzzer link phone_bridge.cc directly instead. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "phone.h"
#include "phone_fast.h"
#include "selfpath.h"
#include "spoof.h"

#ifndef LT_MODULE_DIR
#define LT_MODULE_DIR "/usr/local/lib/leaktrace"
#endif
#define MODULE "leaktrace-phone.so"

static char load_error[256];
static int (*to_e164)(const char *, const char *, char **);
static int (*is_valid)(const char *);
static int (*region_of)(const char *, char[3]);
static int (*label_deceptive)(const char *);

static void *open_beside_exe(void)
{
	char path[4096];

	if (lt_beside_exe(MODULE, path, sizeof path) != LT_OK) {
		lt_err_clear();
		return NULL;
	}
	return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

/* Add dlerror()'s message, if any, to load_error. */
static void note_dlerror(void)
{
	const char *why = dlerror();
	size_t used = strlen(load_error);

	if (why)
		snprintf(load_error + used, sizeof load_error - used, "%s%s", used ? "; " : "", why);
}

static int load(void)
{
	static int tried;
	void *h;

	if (tried)
		return to_e164 && is_valid && region_of && label_deceptive ? 0 : -1;
	tried = 1;
	h = open_beside_exe();
	if (!h) {
		note_dlerror();
		h = dlopen(LT_MODULE_DIR "/" MODULE, RTLD_NOW | RTLD_LOCAL);
	}
	if (!h) {
		note_dlerror();
		return -1;
	}
	*(void **)&to_e164 = dlsym(h, "lt_phone_to_e164");
	*(void **)&is_valid = dlsym(h, "lt_phone_is_valid");
	*(void **)&region_of = dlsym(h, "lt_phone_region_of");
	*(void **)&label_deceptive = dlsym(h, "lt_idn_label_deceptive");
	return to_e164 && is_valid && region_of && label_deceptive ? 0 : -1;
}

/* Load the module, or say why not (lt_err_detail). */
static int ready(void)
{
	if (load() == 0)
		return 1;
	lt_fail(LT_ERR_IO, "the phone number module " MODULE " could not be loaded (%s); reinstall leaktrace", load_error);
	return 0;
}

int lt_phone_module_check(void)
{
	return ready() ? 0 : -2;
}

int lt_phone_to_e164(const char *input, const char *region, char **e164)
{
	int rc = lt_phonefast_to_e164(input, region, e164);

	if (rc != LT_PHONE_DEFER)
		return rc;
	return ready() ? to_e164(input, region, e164) : -2;
}

int lt_phone_is_valid(const char *e164)
{
	int rc = lt_phonefast_is_valid(e164);

	if (rc != LT_PHONE_DEFER)
		return rc;
	return ready() ? is_valid(e164) : -2;
}

/* The table holds every region libphonenumber knows. */
int lt_phone_region_known(const char *region)
{
	return lt_phonefast_region_known(region);
}

int lt_phone_region_of(const char *e164, char region[3])
{
	int rc = lt_phonefast_region_of(e164, region);

	if (rc != LT_PHONE_DEFER)
		return rc;
	return ready() ? region_of(e164, region) : -2;
}

int lt_idn_label_deceptive(const char *label)
{
	return ready() ? label_deceptive(label) : -2;
}
