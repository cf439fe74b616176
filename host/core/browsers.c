/* SPDX-License-Identifier: MIT */
/* browsers.c: the browser table and the manifest file (browsers.h).
 *
 * The table is the only place a browser is named. Firefox and Firefox ESR
 * read the same folders, so their rows share paths: callers dedupe by path.
 * A manifest is written to a temporary file in its own folder and renamed,
 * so a browser starting meanwhile sees the old file or the new, never half
 * of one. Nothing here prints: failures come back as lt_err with a detail. */
#include "browsers.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caller.h"
#include "jsonfield.h"
#include "selfpath.h"

#define CHROMIUM_ORIGIN "chrome-extension://" LT_CHROMIUM_ID "/"
#define MANIFEST_MAX (64 * 1024)

static const lt_browser browsers[] = {
	{"chromium", "Chromium", LT_FAMILY_CHROMIUM, LT_BASE_XDG_CONFIG, "chromium/NativeMessagingHosts",
	 "/etc/chromium/native-messaging-hosts", {"chromium", "chromium-browser"}, "chromium", "org.chromium.Chromium",
	 "chromium"},
	{"chrome", "Google Chrome", LT_FAMILY_CHROMIUM, LT_BASE_XDG_CONFIG, "google-chrome/NativeMessagingHosts",
	 "/etc/opt/chrome/native-messaging-hosts", {"google-chrome", "google-chrome-stable"}, "google-chrome",
	 "com.google.Chrome", NULL},
	{"brave", "Brave", LT_FAMILY_CHROMIUM, LT_BASE_XDG_CONFIG, "BraveSoftware/Brave-Browser/NativeMessagingHosts",
	 "/etc/opt/brave/native-messaging-hosts", {"brave-browser", "brave"}, "BraveSoftware/Brave-Browser",
	 "com.brave.Browser", "brave"},
	{"vivaldi", "Vivaldi", LT_FAMILY_CHROMIUM, LT_BASE_XDG_CONFIG, "vivaldi/NativeMessagingHosts",
	 "/etc/opt/vivaldi/native-messaging-hosts", {"vivaldi", "vivaldi-stable"}, "vivaldi", "com.vivaldi.Vivaldi",
	 "vivaldi"},
	{"edge", "Microsoft Edge", LT_FAMILY_CHROMIUM, LT_BASE_XDG_CONFIG, "microsoft-edge/NativeMessagingHosts",
	 "/etc/opt/edge/native-messaging-hosts", {"microsoft-edge", "microsoft-edge-stable"}, "microsoft-edge",
	 "com.microsoft.Edge", NULL},
	{"firefox", "Firefox", LT_FAMILY_FIREFOX, LT_BASE_HOME, ".mozilla/native-messaging-hosts",
	 "/usr/lib/mozilla/native-messaging-hosts", {"firefox"}, ".mozilla/firefox", "org.mozilla.firefox", "firefox"},
	{"firefox-esr", "Firefox ESR", LT_FAMILY_FIREFOX, LT_BASE_HOME, ".mozilla/native-messaging-hosts",
	 "/usr/lib/mozilla/native-messaging-hosts", {"firefox-esr"}, NULL, NULL, NULL},
};

const lt_browser *lt_browsers(size_t *n)
{
	*n = sizeof browsers / sizeof browsers[0];
	return browsers;
}

const lt_browser *lt_browser_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof browsers / sizeof browsers[0]; i++)
		if (strcasecmp(browsers[i].name, name) == 0)
			return &browsers[i];
	return NULL;
}

const char *lt_family_name(lt_browser_family f)
{
	return f == LT_FAMILY_FIREFOX ? "firefox" : "chromium";
}

/* "A/B" (malloc'd), NULL when out of memory. */
static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static lt_err home_dir(const char **home)
{
	*home = getenv("HOME");
	if (!*home || (*home)[0] != '/')
		return lt_fail(LT_ERR_IO, "HOME is not set to an absolute path");
	return LT_OK;
}

/* $LEAKTRACE_SYSTEM_ROOT + path (malloc'd). */
static char *system_path(const char *path)
{
	const char *root = getenv("LEAKTRACE_SYSTEM_ROOT");
	size_t lr = root ? strlen(root) : 0, lp = strlen(path);
	char *s = malloc(lr + lp + 1);

	if (!s)
		return NULL;
	memcpy(s, root ? root : "", lr);
	memcpy(s + lr, path, lp + 1);
	return s;
}

/* The folder b's user paths are relative to (malloc'd): $HOME, or for the
 * XDG config base $XDG_CONFIG_HOME when absolute (the XDG rule: a relative
 * value is ignored), else $HOME/.config. */
static lt_err user_base(const lt_browser *b, char **base)
{
	const char *home, *xdg = getenv("XDG_CONFIG_HOME");
	lt_err e;

	*base = NULL;
	if (b->base == LT_BASE_XDG_CONFIG && xdg && xdg[0] == '/')
		*base = strdup(xdg);
	else if ((e = home_dir(&home)) != LT_OK)
		return e;
	else
		*base = b->base == LT_BASE_XDG_CONFIG ? join(home, ".config") : strdup(home);
	return *base ? LT_OK : lt_fail(LT_ERR_NOMEM, "no memory for a path");
}

lt_err lt_browser_manifest_dir(const lt_browser *b, int system, char **dir)
{
	char *base;
	lt_err e;

	if (system)
		*dir = system_path(b->system_dir);
	else if ((e = user_base(b, &base)) != LT_OK)
		return e;
	else {
		*dir = join(base, b->user_dir);
		free(base);
	}
	return *dir ? LT_OK : lt_fail(LT_ERR_NOMEM, "no memory for a path");
}

char *lt_manifest_path(const char *dir)
{
	return join(dir, LT_MANIFEST_FILE);
}

static int is_dir(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is an executable `name` in one of the folders of $PATH? Its path into buf. */
static int on_path_at(const char *name, char *buf, size_t size)
{
	const char *p = getenv("PATH");

	while (p && *p) {
		size_t n = strcspn(p, ":");

		if (n > 0 && snprintf(buf, size, "%.*s/%s", (int)n, p, name) < (int)size && access(buf, X_OK) == 0 &&
		    !is_dir(buf))
			return 1;
		p += n + (p[n] == ':');
	}
	return 0;
}

static int on_path(const char *name)
{
	char buf[4096];

	return on_path_at(name, buf, sizeof buf);
}

lt_err lt_browser_program(lt_browser_family f, char *out, size_t size)
{
	size_t i, j;

	for (i = 0; i < sizeof browsers / sizeof *browsers; i++)
		for (j = 0; browsers[i].family == f && j < sizeof browsers[i].binaries / sizeof *browsers[i].binaries &&
			    browsers[i].binaries[j];
		     j++)
			if (on_path_at(browsers[i].binaries[j], out, size))
				return LT_OK;
	return lt_fail(LT_ERR_NOT_FOUND, "no %s browser in PATH", lt_family_name(f));
}

int lt_browser_installed(const lt_browser *b)
{
	char *base = NULL;
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof b->binaries / sizeof b->binaries[0] && b->binaries[i] && !found; i++)
		found = on_path(b->binaries[i]);
	if (!found && b->config_dir && user_base(b, &base) == LT_OK) {
		char *dir = join(base, b->config_dir);

		found = is_dir(dir);
		free(dir);
	}
	lt_err_clear(); /* no HOME: found by $PATH or not at all */
	free(base);
	return found;
}

static int system_dir_exists(const char *a, const char *b)
{
	char *rel = join(a, b), *path = rel ? system_path(rel) : NULL;
	int found = is_dir(path);

	free(rel);
	free(path);
	return found;
}

/* The app is installed (for this user or all) or has run (its data folder). */
static int flatpak_present(const char *home, const char *id)
{
	char *user = join(home, ".local/share/flatpak/app"), *user_app = user ? join(user, id) : NULL;
	int found = is_dir(user_app) || system_dir_exists("/var/lib/flatpak/app", id);

	free(user_app);
	free(user);
	return found;
}

lt_err lt_browser_sandbox(const lt_browser *b, lt_sandbox *sb)
{
	const char *home;
	char *apps, *root;
	lt_err e;

	memset(sb, 0, sizeof *sb);
	if ((e = home_dir(&home)) != LT_OK)
		return e;
	sb->snap = b->snap_name && system_dir_exists("/snap", b->snap_name);
	if (!b->flatpak_id)
		return LT_OK;
	apps = join(home, ".var/app");
	sb->flatpak_data = apps ? join(apps, b->flatpak_id) : NULL;
	/* Flatpak sets XDG_CONFIG_HOME to ~/.var/app/APP/config and keeps ~/.mozilla
	 * as ~/.var/app/APP/.mozilla. */
	root = !sb->flatpak_data ? NULL
	       : b->base == LT_BASE_XDG_CONFIG ? join(sb->flatpak_data, "config") : strdup(sb->flatpak_data);
	sb->flatpak_dir = root ? join(root, b->user_dir) : NULL;
	free(root);
	free(apps);
	if (!sb->flatpak_dir) {
		lt_sandbox_clear(sb);
		return lt_fail(LT_ERR_NOMEM, "no memory for a path");
	}
	sb->flatpak = is_dir(sb->flatpak_data) || flatpak_present(home, b->flatpak_id);
	return LT_OK;
}

void lt_sandbox_clear(lt_sandbox *sb)
{
	free(sb->flatpak_data);
	free(sb->flatpak_dir);
	memset(sb, 0, sizeof *sb);
}

lt_err lt_host_path_check(const char *path)
{
	struct stat st;

	if (!path || path[0] != '/')
		return lt_fail(LT_ERR_BAD_REQUEST, "the host path must be absolute");
	if (stat(path, &st) != 0)
		return lt_fail(LT_ERR_NOT_FOUND, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return lt_fail(LT_ERR_BAD_REQUEST, "%s is not a regular file", path);
	if (access(path, X_OK) != 0)
		return lt_fail(LT_ERR_BAD_REQUEST, "%s is not executable", path);
	return LT_OK;
}

lt_err lt_host_default_path(char **path)
{
	char host[4096];
	lt_err e = lt_beside_exe("leaktrace-host", host, sizeof host);

	*path = NULL;
	if (e != LT_OK)
		return e;
	*path = strdup(host);
	return *path ? LT_OK : lt_fail(LT_ERR_NOMEM, "no memory for a path");
}

lt_err lt_manifest_render(lt_browser_family f, const char *host_path, char **json)
{
	cJSON *m = cJSON_CreateObject(), *ids = cJSON_CreateArray();
	int ff = f == LT_FAMILY_FIREFOX;

	if (m && ids) {
		cJSON_AddStringToObject(m, "name", LT_HOST_NAME);
		cJSON_AddStringToObject(m, "description",
					"leaktrace: records which site received which identifier, in the system keyring");
		cJSON_AddStringToObject(m, "path", host_path);
		cJSON_AddStringToObject(m, "type", "stdio");
		cJSON_AddItemToArray(ids, cJSON_CreateString(ff ? LT_FIREFOX_ID : CHROMIUM_ORIGIN));
		cJSON_AddItemToObject(m, ff ? "allowed_extensions" : "allowed_origins", ids);
		ids = NULL;
	}
	*json = m ? cJSON_Print(m) : NULL;
	cJSON_Delete(m);
	cJSON_Delete(ids);
	if (*json) {
		char *nl = realloc(*json, strlen(*json) + 2);

		if (nl)
			strcat(nl, "\n");
		*json = nl ? nl : *json;
	}
	return *json ? LT_OK : lt_fail(LT_ERR_NOMEM, "no memory for the manifest");
}

/* mkdir -p, mode 0755 for what it makes. */
static lt_err make_dirs(const char *dir)
{
	char *p = strdup(dir), *s;
	lt_err e = LT_OK;

	if (!p)
		return lt_fail(LT_ERR_NOMEM, "no memory for a path");
	for (s = p + 1; e == LT_OK; s++) {
		int last = *s == '\0';

		if (*s != '/' && !last)
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			e = lt_fail(LT_ERR_IO, "cannot create %s: %s", p, strerror(errno));
		if (last)
			break;
		*s = '/';
	}
	free(p);
	return e == LT_OK && !is_dir(dir) ? lt_fail(LT_ERR_IO, "%s is not a folder", dir) : e;
}

static lt_err write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return lt_fail(LT_ERR_IO, "cannot write the manifest: %s", strerror(errno));
		s += w;
		n -= (size_t)w;
	}
	return LT_OK;
}

lt_err lt_manifest_write(const char *dir, const char *json)
{
	char *final = lt_manifest_path(dir), *tmp = final ? malloc(strlen(final) + 8) : NULL;
	lt_err e;
	int fd = -1;

	if (!tmp) {
		free(final);
		return lt_fail(LT_ERR_NOMEM, "no memory for a path");
	}
	sprintf(tmp, "%s.XXXXXX", final);
	if ((e = make_dirs(dir)) == LT_OK && (fd = mkstemp(tmp)) < 0)
		e = lt_fail(LT_ERR_IO, "cannot create a file in %s: %s", dir, strerror(errno));
	if (e == LT_OK && fchmod(fd, 0644) != 0)
		e = lt_fail(LT_ERR_IO, "cannot set the mode of %s: %s", tmp, strerror(errno));
	if (e == LT_OK)
		e = write_all(fd, json, strlen(json));
	if (e == LT_OK && fsync(fd) != 0)
		e = lt_fail(LT_ERR_IO, "cannot sync %s: %s", tmp, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && e == LT_OK)
		e = lt_fail(LT_ERR_IO, "cannot close %s: %s", tmp, strerror(errno));
	if (e == LT_OK && rename(tmp, final) != 0)
		e = lt_fail(LT_ERR_IO, "cannot rename to %s: %s", final, strerror(errno));
	if (e != LT_OK && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(final);
	return e;
}

lt_err lt_manifest_remove(const char *dir, int *removed)
{
	char *path = lt_manifest_path(dir);
	lt_err e = LT_OK;

	*removed = 0;
	if (!path)
		return lt_fail(LT_ERR_NOMEM, "no memory for a path");
	if (unlink(path) == 0)
		*removed = 1;
	else if (errno != ENOENT)
		e = lt_fail(LT_ERR_IO, "cannot remove %s: %s", path, strerror(errno));
	free(path);
	return e;
}

/* The file's text (malloc'd), or NULL with errno set. */
static char *read_small_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = f ? malloc(MANIFEST_MAX + 1) : NULL;
	size_t n;
	int err;

	if (!buf) {
		if (f)
			fclose(f);
		return NULL;
	}
	n = fread(buf, 1, MANIFEST_MAX + 1, f);
	err = ferror(f) ? EIO : n > MANIFEST_MAX ? EFBIG : 0;
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}


/* Return st; the lt_fail call in the argument has set the detail. */
static lt_manifest_state problem(lt_manifest_state st, lt_err detail_set)
{
	(void)detail_set;
	return st;
}

/* The checks on a parsed manifest, in the order a browser makes them. */
static lt_manifest_state check_parsed(lt_browser_family f, const cJSON *m)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, "name");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(m, "type");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(m, "path");
	int ff = f == LT_FAMILY_FIREFOX;
	const char *key = ff ? "allowed_extensions" : "allowed_origins", *id = ff ? LT_FIREFOX_ID : CHROMIUM_ORIGIN;
	lt_err e;

	if (!cJSON_IsString(name) || strcmp(name->valuestring, LT_HOST_NAME) != 0)
		return problem(LT_MANIFEST_WRONG_NAME, lt_fail(LT_ERR_BAD_REQUEST, "its \"name\" is not \"%s\"", LT_HOST_NAME));
	if (!cJSON_IsString(type) || strcmp(type->valuestring, "stdio") != 0)
		return problem(LT_MANIFEST_WRONG_NAME, lt_fail(LT_ERR_BAD_REQUEST, "its \"type\" is not \"stdio\""));
	if (!cJSON_IsString(path) || path->valuestring[0] != '/')
		return problem(LT_MANIFEST_BAD_PATH, lt_fail(LT_ERR_BAD_REQUEST, "its \"path\" is not an absolute path"));
	if ((e = lt_host_path_check(path->valuestring)) == LT_ERR_NOT_FOUND)
		return problem(LT_MANIFEST_NO_HOST, lt_fail(e, "the host it names does not exist: %s", path->valuestring));
	if (e != LT_OK)
		return LT_MANIFEST_NOT_EXECUTABLE;
	if (!lt_json_array_has(cJSON_GetObjectItemCaseSensitive(m, key), id))
		return problem(LT_MANIFEST_WRONG_ID, lt_fail(LT_ERR_FORBIDDEN_CALLER, "its \"%s\" does not list %s", key, id));
	return LT_MANIFEST_OK;
}

lt_manifest_state lt_manifest_check(lt_browser_family f, const char *dir, char **host_path)
{
	char *file = lt_manifest_path(dir), *text = file ? read_small_file(file) : NULL;
	cJSON *m = text ? cJSON_Parse(text) : NULL, *path = cJSON_GetObjectItemCaseSensitive(m, "path");
	lt_manifest_state st;

	if (host_path)
		*host_path = cJSON_IsString(path) ? strdup(path->valuestring) : NULL;
	if (!file)
		st = problem(LT_MANIFEST_UNREADABLE, lt_fail(LT_ERR_NOMEM, "no memory for a path"));
	else if (!text && errno == ENOENT)
		st = problem(LT_MANIFEST_ABSENT, lt_fail(LT_ERR_NOT_FOUND, "%s does not exist", file));
	else if (!text)
		st = problem(LT_MANIFEST_UNREADABLE, lt_fail(LT_ERR_IO, "cannot read %s: %s", file, strerror(errno)));
	else if (!cJSON_IsObject(m))
		st = problem(LT_MANIFEST_BAD_JSON, lt_fail(LT_ERR_BAD_JSON, "%s is not a JSON object", file));
	else
		st = check_parsed(f, m);
	cJSON_Delete(m);
	free(text);
	free(file);
	return st;
}
