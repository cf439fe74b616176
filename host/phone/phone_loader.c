/* phone_loader.c: phone.h for the two programs, by loading the libphonenumber
 * bridge (leaktrace-phone.so) the first time a phone number is parsed.
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

#ifndef LT_MODULE_DIR
#define LT_MODULE_DIR "/usr/local/lib/leaktrace"
#endif
#define MODULE "leaktrace-phone.so"

static char load_error[256];
static int (*to_e164)(const char *, const char *, char **);
static int (*region_known)(const char *);

static void *open_beside_exe(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - sizeof MODULE - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if (!(slash = strrchr(path, '/')))
		return NULL;
	strcpy(slash + 1, MODULE);
	return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

static int load(void)
{
	static int tried;
	void *h;

	if (tried)
		return to_e164 && region_known ? 0 : -1;
	tried = 1;
	h = open_beside_exe();
	if (!h) {
		snprintf(load_error, sizeof load_error, "%s", dlerror());
		h = dlopen(LT_MODULE_DIR "/" MODULE, RTLD_NOW | RTLD_LOCAL);
	}
	if (!h) {
		size_t used = strlen(load_error);

		snprintf(load_error + used, sizeof load_error - used, "%s%s", used ? "; " : "", dlerror());
		return -1;
	}
	*(void **)&to_e164 = dlsym(h, "lt_phone_to_e164");
	*(void **)&region_known = dlsym(h, "lt_phone_region_known");
	return to_e164 && region_known ? 0 : -1;
}

int lt_phone_to_e164(const char *input, const char *region, char **e164)
{
	if (load() != 0) {
		lt_fail(LT_ERR_IO, "the phone number module " MODULE " could not be loaded (%s); reinstall leaktrace",
			load_error);
		return -2;
	}
	return to_e164(input, region, e164);
}

int lt_phone_region_known(const char *region)
{
	return load() == 0 && region_known(region);
}
