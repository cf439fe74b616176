/* SPDX-License-Identifier: MIT */
/* browsers.h: the one table of browsers leaktrace installs its native
 * messaging host manifest for, and the manifest itself: render, write,
 * remove, check.
 *
 * Every browser is one row (where its manifests live for one user and for
 * all users, how to tell it is installed, its Flatpak and Snap names);
 * `leaktrace setup` and `leaktrace doctor` loop over the rows and never name
 * a browser in code. Each browser's user folder follows its own rule: the
 * Chromium family keeps its profile in $XDG_CONFIG_HOME (~/.config when unset
 * or not absolute), Firefox in ~/.mozilla whatever XDG says. System paths are
 * prefixed with $LEAKTRACE_SYSTEM_ROOT when it is set, for tests and
 * packagers that stage a tree (like DESTDIR). */
#ifndef LT_BROWSERS_H
#define LT_BROWSERS_H

#include <stddef.h>

#include "error.h"

#define LT_HOST_NAME "org.leaktrace.host"
#define LT_MANIFEST_FILE LT_HOST_NAME ".json"

typedef enum { LT_FAMILY_CHROMIUM, LT_FAMILY_FIREFOX } lt_browser_family;
/* What a browser's user folders are relative to. */
typedef enum { LT_BASE_HOME, LT_BASE_XDG_CONFIG } lt_user_base;

typedef struct {
	const char *name;        /* for --browser: "chromium", "chrome", ... */
	const char *title;       /* for people: "Google Chrome" */
	lt_browser_family family;
	lt_user_base base;       /* $HOME or the XDG config folder */
	const char *user_dir;    /* manifest folder, relative to base */
	const char *system_dir;  /* manifest folder for all users, absolute */
	const char *binaries[3]; /* any of these on $PATH means installed */
	const char *config_dir;  /* relative to base; existing means used (may be NULL) */
	const char *flatpak_id;  /* Flathub app id, or NULL */
	const char *snap_name;   /* Snap Store name, or NULL */
} lt_browser;

/* The table, in the order setup and doctor report. */
const lt_browser *lt_browsers(size_t *n);
/* The row named `name` (case-insensitive), or NULL. */
const lt_browser *lt_browser_find(const char *name);
const char *lt_family_name(lt_browser_family f); /* "chromium" or "firefox" */

/* The folder b reads our manifest from (malloc'd): under its user base, or
 * the system folder. LT_ERR_IO when $HOME is unset or not absolute. */
lt_err lt_browser_manifest_dir(const lt_browser *b, int system, char **dir);
/* DIR/org.leaktrace.host.json (malloc'd, NULL when out of memory). */
char *lt_manifest_path(const char *dir);

/* Is b installed for this user: one of its binaries on $PATH, or its
 * configuration folder under its user base? */
int lt_browser_installed(const lt_browser *b);

/* The program of the first browser of family f (in the table's order) on
 * $PATH, into out (size bytes); LT_ERR_NOT_FOUND when there is none. */
lt_err lt_browser_program(lt_browser_family f, char *out, size_t size);

/* Is b installed sandboxed? Flatpak: ~/.var/app/APP, or the app installed
 * for this user or in /var/lib/flatpak; Snap: /snap/NAME. */
typedef struct {
	int flatpak, snap;
	char *flatpak_data; /* ~/.var/app/APP (malloc'd; NULL without a Flatpak id) */
	char *flatpak_dir;  /* the manifest folder the sandboxed browser reads (malloc'd or NULL) */
} lt_sandbox;
lt_err lt_browser_sandbox(const lt_browser *b, lt_sandbox *sb);
void lt_sandbox_clear(lt_sandbox *sb);

/* `path` is absolute, exists, is a regular file and is executable:
 * LT_OK, or LT_ERR_NOT_FOUND / LT_ERR_BAD_REQUEST with the detail. */
lt_err lt_host_path_check(const char *path);
/* leaktrace-host beside the running program (/proc/self/exe), malloc'd. */
lt_err lt_host_default_path(char **path);

/* The manifest JSON for a family (malloc'd, pretty, newline-terminated). */
lt_err lt_manifest_render(lt_browser_family f, const char *host_path, char **json);
/* Write DIR/org.leaktrace.host.json atomically: DIR is made when missing, a
 * temporary file in DIR is written, given mode 0644 and renamed over. */
lt_err lt_manifest_write(const char *dir, const char *json);
/* Remove DIR/org.leaktrace.host.json; *removed says whether it was there. */
lt_err lt_manifest_remove(const char *dir, int *removed);

/* What is wrong with an installed manifest, if anything. */
typedef enum {
	LT_MANIFEST_OK,
	LT_MANIFEST_ABSENT,         /* no file */
	LT_MANIFEST_UNREADABLE,     /* cannot be read */
	LT_MANIFEST_BAD_JSON,       /* not a JSON object */
	LT_MANIFEST_WRONG_NAME,     /* name is not org.leaktrace.host, or type not stdio */
	LT_MANIFEST_BAD_PATH,       /* path missing or not absolute */
	LT_MANIFEST_NO_HOST,        /* path names no file */
	LT_MANIFEST_NOT_EXECUTABLE, /* path names a file that cannot be run */
	LT_MANIFEST_WRONG_ID,       /* our extension ID is not allowed */
} lt_manifest_state;

/* Check DIR/org.leaktrace.host.json for family f. Returns the state; when not
 * OK, lt_err_detail() says what is wrong. *host_path (may be NULL) gets the
 * manifest's path when it has one (malloc'd, else NULL). */
lt_manifest_state lt_manifest_check(lt_browser_family f, const char *dir, char **host_path);

#endif
