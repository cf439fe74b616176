/* SPDX-License-Identifier: MIT */
/* keyring.c: the Secret Service calls behind keyring.h.
 *
 * Shape of the code: connect lazily (a ping must answer even with no keyring),
 * bound every call with deadline.h, map every GError to one lt_err in
 * map_error, and drop the connection on errors that mean the daemon is gone so
 * the next request reconnects. Reads never make a D-Bus proxy per item: paths
 * first, then one GetSecrets.
 *
 * Attributes are stored keyed: gnome-keyring writes each attribute value to
 * its file as an unsalted MD5, outside the encryption (labels and secrets are
 * inside it). A schema attribute named NAME_h holds HMAC-SHA256(attribute key,
 * NAME NUL value) in hex; callers speak of NAME and the value, and seal_attrs
 * turns that into what is stored, so an exact search stays one SearchItems.
 * The attribute key is read once per handle (key.h); the first read converts
 * items written before, one Properties.Set of their attributes each. Labels
 * are the schema's, never a site or an identifier. */
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include "keyring.h"

#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "key.h"
#include "keycache.h"
#include "pace.h"
#include "primitives.h"
#include "probe.h"

#define DEFAULT_COLLECTION "/org/freedesktop/secrets/aliases/default"
#define STR SECRET_SCHEMA_ATTRIBUTE_STRING

#define KEYED_SUFFIX "_h"
#define ITEM_IFACE "org.freedesktop.Secret.Item"
#define SERVICE_NAME "org.freedesktop.secrets"
#define SERVICE_PATH "/org/freedesktop/secrets"
#define SERVICE_IFACE "org.freedesktop.Secret.Service"

struct lt_store {
	SecretService *service;
	int timeout_s; /* the bound of one call (deadline.h), read on connecting */
	int closed;    /* the last failure was a connection gone, worth one retry */
	int have_attr_key;
	int attr_key_cached; /* attr_key came from the kernel's cache, not proved yet (keycache.h) */
	unsigned char attr_key[LT_KEY_LEN];
	lt_pace pace;  /* KeePassXC's writes are paced (pace.h) */
	int pace_known; /* the provider asked for, before the first write only */
	GHashTable *prefetched; /* search key -> lt_found (lt_keyring_prefetch), answered once */
};

/* Names ending in KEYED_SUFFIX are keyed (see the top comment). */
static const SecretSchema schemas[LT_SCHEMA_COUNT] = {
	[LT_SCHEMA_ACCOUNT] = {.name = "org.leaktrace.Account",
			       .attributes = {{"site_h", STR}, {"email_h", STR}, {"email_box_h", STR}, {"phone_h", STR},
					      {"username_h", STR}, {"name_h", STR}, {NULL, 0}}},
	[LT_SCHEMA_INCIDENT] = {.name = "org.leaktrace.Incident",
				.attributes = {{"email_h", STR}, {"phone_h", STR}, {"username_h", STR}, {"name_h", STR},
					       {NULL, 0}}},
	[LT_SCHEMA_ALIAS] = {.name = "org.leaktrace.Alias", .attributes = {{"site_h", STR}, {"tag_h", STR}, {NULL, 0}}},
	[LT_SCHEMA_KEY] = {.name = "org.leaktrace.Key", .attributes = {{"purpose", STR}, {NULL, 0}}},
	[LT_SCHEMA_SETTING] = {.name = "org.leaktrace.Setting", .attributes = {{"name", STR}, {NULL, 0}}},
};

/* The one label of each schema: labels may be kept in the clear by a provider. */
static const char *const labels[LT_SCHEMA_COUNT] = {
	[LT_SCHEMA_ACCOUNT] = "leaktrace: account", [LT_SCHEMA_INCIDENT] = "leaktrace: incidents",
	[LT_SCHEMA_ALIAS] = "leaktrace: alias",     [LT_SCHEMA_KEY] = "leaktrace: key",
	[LT_SCHEMA_SETTING] = "leaktrace: setting",
};

const char *lt_schema_name(lt_schema schema)
{
	return (unsigned)schema < LT_SCHEMA_COUNT ? schemas[schema].name : "";
}

lt_store *lt_store_new(void)
{
	return calloc(1, sizeof(lt_store));
}

static void store_disconnect(lt_store *s)
{
	if (s->service) {
		g_object_unref(s->service);
		s->service = NULL;
		secret_service_disconnect();
	}
}

void lt_store_free(lt_store *s)
{
	if (!s)
		return;
	lt_keyring_prefetch_drop(s);
	store_disconnect(s);
	lt_wipe(s->attr_key, sizeof s->attr_key);
	free(s);
}

/* The daemon or the bus connection is gone (not merely slow). */
static int connection_gone(const GError *err)
{
	return g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	       g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
	       g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
	       g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
	       g_error_matches(err, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
	       g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* The one mapping from libsecret/D-Bus errors to ours; consumes err.
 * timed_out: the deadline cancelled the call. */
static lt_err map_error(lt_store *s, GError *err, int timed_out, const char *what)
{
	lt_err e = LT_ERR_KEYRING;

	s->closed = 0;
	if (timed_out || g_error_matches(err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY)) {
		store_disconnect(s);
		g_error_free(err);
		return lt_fail(LT_ERR_KEYRING_UNAVAILABLE, "the keyring did not answer within %d s (%s)", s->timeout_s,
			       what);
	}
	if (g_error_matches(err, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)) {
		e = LT_ERR_KEYRING_LOCKED;
		lt_keycache_drop(); /* a locked keyring's key stays in no memory */
	} else if (err->domain == G_DBUS_ERROR || err->domain == G_IO_ERROR)
		e = LT_ERR_KEYRING_UNAVAILABLE;
	if (e == LT_ERR_KEYRING_UNAVAILABLE) {
		s->closed = connection_gone(err);
		store_disconnect(s);
	}
	lt_fail(e, "%s: %s", what, err->message);
	g_error_free(err);
	return e;
}

/* A connection made before the daemon was replaced or restarted answers
 * "ServiceUnknown" once: map_error has dropped it by then, so one more try on
 * a fresh connection is the answer. A call that failed that way reached no
 * daemon, so trying it again cannot do it twice. A call that timed out may
 * have reached it, and would only wait as long again: never retried. */
#define WITH_RECONNECT(s, call)                                                   \
	do {                                                                      \
		int was_connected_ = (s)->service != NULL;                        \
		lt_err e_ = (call);                                               \
		if (e_ == LT_ERR_KEYRING_UNAVAILABLE && was_connected_ && (s)->closed) \
			e_ = (call);                                              \
		return e_;                                                        \
	} while (0)

/* Run one blocking call as `expr`, which may use the cancellable `dl_`,
 * bounded by the deadline; timed_out says whether the deadline cancelled it. */
#define BOUNDED(s, timed_out, expr)                                                \
	do {                                                                      \
		GCancellable *dl_ = lt_deadline_arm((s)->timeout_s);              \
		expr;                                                             \
		(timed_out) = lt_deadline_disarm(dl_);                            \
	} while (0)

/* Who provides the service decides whether writes are paced (pace.h). */
static void pace_provider(lt_store *s)
{
	unsigned pid = 0;
	char comm[32] = "";

	if (lt_probe_secret_owner(&pid, comm) != LT_OK)
		lt_err_clear();
	lt_pace_init(&s->pace, pid, comm);
}

/* Around every call that changes the keyring. Who provides the service is
 * asked before the first write: a call that only reads (trace, list) spends
 * no round trip on it. */
static void write_begins(lt_store *s)
{
	if (!s->pace_known) {
		pace_provider(s);
		s->pace_known = 1;
	}
	lt_pace_before_write(&s->pace, s->timeout_s * 1000);
}

static void write_ended(lt_store *s)
{
	lt_pace_after_write(&s->pace);
}

static lt_err store_connect(lt_store *s)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	GError *err = NULL;
	lt_err e;
	int late, tries;

	if (s->service)
		return LT_OK;
	if (bus && strncmp(bus, "disabled:", 9) == 0)
		return lt_fail(LT_ERR_KEYRING_UNAVAILABLE,
			       "there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS=disabled:); "
			       "run leaktrace, or start the browser, from your desktop session");
	if ((e = lt_deadline_seconds(&s->timeout_s)) != LT_OK)
		return e;
	BOUNDED(s, late, s->service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, dl_, &err));
	/* KWallet 5 refuses a client DH key whose first byte is zero, which
	 * libsecret sends one byte short (1 session in 256): a new session draws
	 * a new key. */
	for (tries = 1; !s->service && !late && tries < 4 && g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
	     tries++) {
		g_clear_error(&err);
		BOUNDED(s, late, s->service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, dl_, &err));
	}
	if (!s->service)
		return map_error(s, err, late, "cannot reach the Secret Service");
	return LT_OK;
}

/* One bounded D-Bus method call to the Secret Service; NULL and *err on failure. */
static GVariant *call(lt_store *s, const char *path, const char *iface, const char *method, GVariant *args,
		      const GVariantType *reply, int *late, GError **err)
{
	GVariant *r;

	BOUNDED(s, *late,
		r = g_dbus_connection_call_sync(g_dbus_proxy_get_connection(G_DBUS_PROXY(s->service)),
						g_dbus_proxy_get_name(G_DBUS_PROXY(s->service)), path, iface, method, args,
						reply, G_DBUS_CALL_FLAGS_NONE, s->timeout_s * 1000, dl_, err));
	return r;
}

/* The default collection's Locked property: one Properties.Get call, not a
 * proxy (which would fetch every property, the list of all items included). */
static lt_err default_collection_locked(lt_store *s, int *locked)
{
	GError *err = NULL;
	GVariant *reply, *v;
	gchar *path;
	int late;

	BOUNDED(s, late, path = secret_service_read_alias_dbus_path_sync(s->service, "default", dl_, &err));
	if (err)
		return map_error(s, err, late, "cannot read the default collection");
	if (!path)
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring has no default collection yet; create or unlock one");
	reply = call(s, path, "org.freedesktop.DBus.Properties", "Get",
		     g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), G_VARIANT_TYPE("(v)"), &late,
		     &err);
	g_free(path);
	if (!reply)
		return map_error(s, err, late, "cannot reach the default collection");
	g_variant_get(reply, "(v)", &v);
	*locked = g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean(v);
	g_variant_unref(v);
	g_variant_unref(reply);
	return LT_OK;
}

static lt_err status_once(lt_store *s)
{
	int locked = 0;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK || (e = default_collection_locked(s, &locked)) != LT_OK)
		return e;
	return locked ? lt_fail(LT_ERR_KEYRING_LOCKED,
				"the default keyring collection is locked; unlock it (for example by logging in to the desktop)")
		      : LT_OK;
}

/* Unlock the default collection through the provider's own prompt (the
 * system unlock dialog): libsecret runs the prompt and waits for the person,
 * bounded by LT_UNLOCK_WAIT_S rather than the bound of one call. */
#define LT_UNLOCK_WAIT_S 120

static lt_err unlock_once(lt_store *s)
{
	gchar *path = NULL, **unlocked = NULL;
	GError *err = NULL;
	int locked = 0, late, saved;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK || (e = default_collection_locked(s, &locked)) != LT_OK || !locked)
		return e;
	saved = s->timeout_s;
	BOUNDED(s, late, path = secret_service_read_alias_dbus_path_sync(s->service, "default", dl_, &err));
	if (err)
		return map_error(s, err, late, "cannot read the default collection");
	s->timeout_s = LT_UNLOCK_WAIT_S;
	BOUNDED(s, late, secret_service_unlock_dbus_paths_sync(s->service, (const gchar *[]){path, NULL}, dl_,
								&unlocked, &err));
	s->timeout_s = saved;
	g_free(path);
	g_strfreev(unlocked);
	if (err)
		return map_error(s, err, late, "cannot unlock the keyring");
	if ((e = default_collection_locked(s, &locked)) != LT_OK)
		return e;
	return locked ? lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring stays locked (the unlock prompt was dismissed or "
						       "could not be shown); unlock it from your desktop")
		      : LT_OK;
}

void lt_items_free(lt_item *items, size_t n)
{
	size_t i;

	for (i = 0; items && i < n; i++) {
		free(items[i].path);
		free(items[i].secret);
	}
	free(items);
}

/* ---- keyed attributes -------------------------------------------------- */

/* Is NAME stored keyed in schema (as NAME_h)? */
static int is_keyed(lt_schema schema, const char *name)
{
	const SecretSchemaAttribute *a;
	size_t n = strlen(name);

	for (a = schemas[schema].attributes; a->name; a++)
		if (strncmp(a->name, name, n) == 0 && strcmp(a->name + n, KEYED_SUFFIX) == 0)
			return 1;
	return 0;
}

static int schema_is_keyed(lt_schema schema)
{
	const SecretSchemaAttribute *a;

	for (a = schemas[schema].attributes; a->name; a++)
		if (g_str_has_suffix(a->name, KEYED_SUFFIX))
			return 1;
	return 0;
}

/* HMAC-SHA256(key, name NUL value) in hex. */
static gchar *keyed_value(const unsigned char key[LT_KEY_LEN], const char *name, const char *value)
{
	size_t nlen = strlen(name), vlen = strlen(value), i;
	unsigned char mac[LT_HMAC_LEN];
	char *data = g_malloc(nlen + 1 + vlen);
	gchar *hex = g_malloc(2 * LT_HMAC_LEN + 1);

	memcpy(data, name, nlen + 1);
	memcpy(data + nlen + 1, value, vlen);
	if (lt_hmac_sha256(key, data, nlen + 1 + vlen, mac) != LT_OK) {
		g_free(hex);
		hex = NULL;
	}
	for (i = 0; hex && i < LT_HMAC_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	lt_wipe(data, nlen + 1 + vlen);
	g_free(data);
	return hex;
}

static lt_err convert_items(lt_store *s, const unsigned char key[LT_KEY_LEN]);

static lt_err search_paths(lt_store *s, lt_schema schema, GHashTable *table, gchar ***paths);

/* Does any item of a keyed schema exist (keyed or not)? */
static lt_err any_keyed_items(lt_store *s, int *any)
{
	lt_err e = store_connect(s);
	int schema;

	*any = 0;
	for (schema = 0; e == LT_OK && !*any && schema < LT_SCHEMA_COUNT; schema++) {
		GHashTable *none = g_hash_table_new(g_str_hash, g_str_equal);
		gchar **paths = NULL;

		if (schema_is_keyed((lt_schema)schema))
			e = search_paths(s, (lt_schema)schema, none, &paths);
		*any = paths && paths[0];
		g_strfreev(paths);
		g_hash_table_unref(none);
	}
	return e;
}

/* The attribute key into s. A reader (make 0) takes the kernel's cached copy
 * when there is one (keycache.h), a writer only a key read or proved in this
 * process. A reader of a keyring that has no key and no item it would key gets
 * *empty = 1 and writes nothing: a read never creates the key, except to
 * convert items written before. */
static lt_err load_attr_key(lt_store *s, int make, int *empty)
{
	int absent = 0, any = 1;
	lt_err e;

	*empty = 0;
	if (s->have_attr_key && !(make && s->attr_key_cached))
		return LT_OK;
	if (!make && !s->have_attr_key && lt_keycache_get(s->attr_key)) {
		s->have_attr_key = s->attr_key_cached = 1;
		return LT_OK;
	}
	s->have_attr_key = s->attr_key_cached = 0;
	e = lt_key_get_attr(s, s->attr_key, convert_items, make ? NULL : &absent);
	if (e == LT_OK && absent && (e = any_keyed_items(s, &any)) == LT_OK && !any) {
		lt_keycache_drop(); /* another keyring's, if any */
		*empty = 1;
		return LT_OK;
	}
	if (e == LT_OK && absent)
		e = lt_key_get_attr(s, s->attr_key, convert_items, NULL);
	s->have_attr_key = e == LT_OK;
	if (s->have_attr_key)
		lt_keycache_put(s->attr_key);
	return e;
}

/* A search with a cached key found nothing: read the key from the keyring
 * itself. *changed: it differs, so the search must be asked again. */
static lt_err recheck_attr_key(lt_store *s, int *changed)
{
	unsigned char was[LT_KEY_LEN];
	int empty = 0;
	lt_err e;

	memcpy(was, s->attr_key, LT_KEY_LEN);
	s->have_attr_key = 0;
	lt_keycache_drop(); /* so that load_attr_key asks the keyring */
	e = load_attr_key(s, 0, &empty);
	*changed = e == LT_OK && !empty && memcmp(was, s->attr_key, LT_KEY_LEN) != 0;
	lt_wipe(was, sizeof was);
	if (*changed)
		lt_keyring_prefetch_drop(s);
	return e;
}

/* The stored attributes hold a keyed one: a match proves the key. */
static int table_is_keyed(GHashTable *table)
{
	GHashTableIter it;
	gpointer name;

	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, &name, NULL))
		if (g_str_has_suffix(name, KEYED_SUFFIX))
			return 1;
	return 0;
}

/* attrs (name, value pairs ending in NULL) as stored: a table of owned
 * strings. Any use of a keyed schema loads the key first, even a search with
 * no attributes: from the kernel's cache, else from the keyring, which
 * converts older items once (a keyed search that finds nothing with a cached
 * key reads the keyring's, lt_keyring_find). make: a write, which
 * may create the key; *empty (reads): the keyring holds nothing to find. */
static lt_err seal_attrs(lt_store *s, lt_schema schema, const char *const *attrs, int make, int *empty,
			 GHashTable **out)
{
	lt_err e = schema_is_keyed(schema) ? load_attr_key(s, make, empty) : LT_OK;

	*out = NULL;
	if (e != LT_OK || *empty)
		return e;
	*out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (; attrs && attrs[0] && attrs[1] && e == LT_OK; attrs += 2) {
		gchar *v;

		if (!is_keyed(schema, attrs[0])) {
			g_hash_table_insert(*out, g_strdup(attrs[0]), g_strdup(attrs[1]));
			continue;
		}
		if (!(v = keyed_value(s->attr_key, attrs[0], attrs[1])))
			e = LT_ERR_IO;
		else
			g_hash_table_insert(*out, g_strconcat(attrs[0], KEYED_SUFFIX, NULL), v);
	}
	if (e != LT_OK) {
		g_hash_table_unref(*out);
		*out = NULL;
	}
	return e;
}

/* ---- reading ----------------------------------------------------------- */

/* Copy the fetched secrets (path -> SecretValue) into an lt_item array. */
static lt_err copy_secrets(GHashTable *secrets, lt_item **items, size_t *n)
{
	GHashTableIter it;
	gpointer path, value;
	lt_item *list = calloc(g_hash_table_size(secrets) + 1, sizeof *list);

	if (!list)
		return LT_ERR_NOMEM;
	g_hash_table_iter_init(&it, secrets);
	while (g_hash_table_iter_next(&it, &path, &value)) {
		gsize len;
		const gchar *data = secret_value_get(value, &len);
		lt_item *item = &list[*n];

		item->path = strdup(path);
		item->secret = malloc(len + 1);
		if (!item->path || !item->secret) {
			lt_items_free(list, *n + 1);
			return LT_ERR_NOMEM;
		}
		memcpy(item->secret, data, len);
		item->secret[len] = '\0';
		item->len = len;
		(*n)++;
	}
	*items = list;
	return LT_OK;
}

/* SearchItems on stored attributes: the unlocked paths, or LT_ERR_KEYRING_LOCKED when any match is locked. */
static lt_err search_paths(lt_store *s, lt_schema schema, GHashTable *table, gchar ***paths)
{
	gchar **locked = NULL;
	GError *err = NULL;
	gboolean found;
	int late, any_locked;

	BOUNDED(s, late,
		found = secret_service_search_for_dbus_paths_sync(s->service, &schemas[schema], table, dl_, paths,
								  &locked, &err));
	any_locked = found && locked && locked[0];
	g_strfreev(locked);
	if (!found)
		return map_error(s, err, late, "search failed");
	if (any_locked) {
		g_strfreev(*paths);
		*paths = NULL;
		lt_keycache_drop();
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring holding leaktrace's records is locked; unlock it and try again");
	}
	return LT_OK;
}

static lt_err find_once(lt_store *s, lt_schema schema, GHashTable *table, lt_item **items, size_t *n)
{
	gchar **paths = NULL;
	GHashTable *secrets;
	GError *err = NULL;
	lt_err e;
	int late;

	*items = NULL;
	*n = 0;
	if ((e = store_connect(s)) != LT_OK || (e = search_paths(s, schema, table, &paths)) != LT_OK)
		return e;
	if (!paths || !paths[0]) {
		g_strfreev(paths);
		*items = calloc(1, sizeof **items);
		return *items ? LT_OK : LT_ERR_NOMEM;
	}
	BOUNDED(s, late, secrets = secret_service_get_secrets_for_dbus_paths_sync(s->service, (const gchar **)paths, dl_, &err));
	g_strfreev(paths);
	if (!secrets)
		return map_error(s, err, late, "reading the records failed");
	e = copy_secrets(secrets, items, n);
	g_hash_table_unref(secrets);
	return e;
}

/* ---- writing ----------------------------------------------------------- */

/* The attributes to send: of the schema named, or of any (schema_name NULL). */
static GVariant *attrs_variant_named(const char *schema_name, GHashTable *table)
{
	GVariantBuilder b;
	GHashTableIter it;
	gpointer name, value;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	if (schema_name)
		g_variant_builder_add(&b, "{ss}", "xdg:schema", schema_name);
	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, &name, &value))
		g_variant_builder_add(&b, "{ss}", (const char *)name, (const char *)value);
	return g_variant_builder_end(&b);
}

static GVariant *attrs_variant(lt_schema schema, GHashTable *table)
{
	return attrs_variant_named(schemas[schema].name, table);
}

/* The stored form of a secret: the JSON with every brace inside a string
 * written as a \u escape, which any JSON reader decodes back. KeePassXC
 * resolves {...} in a secret as its placeholders when it is read ({USERNAME},
 * {REF:...}); outside strings a brace always opens "{\"" or closes, which
 * names no placeholder, so nothing stored can be substituted. */
static gchar *inert_json(const char *json)
{
	GString *out = g_string_sized_new(strlen(json) + 16);
	int in_string = 0, escaped = 0;

	for (; *json; json++) {
		if (in_string && !escaped && (*json == '{' || *json == '}'))
			g_string_append(out, *json == '{' ? "\\u007b" : "\\u007d");
		else
			g_string_append_c(out, *json);
		if (escaped)
			escaped = 0;
		else if (in_string && *json == '\\')
			escaped = 1;
		else if (*json == '"')
			in_string = !in_string;
	}
	return g_string_free(out, FALSE);
}

static lt_err item_attributes(lt_store *s, const char *path, GVariant **attrs);

static void free_cleansed(gpointer secret)
{
	lt_wipe(secret, strlen(secret));
	g_free(secret);
}

/* Does the item hold exactly the schema attributes of table? Providers may add
 * their own (KeePassXC adds Uuid, Path, Title...): only the schema's count. */
static lt_err item_has_exactly(lt_store *s, lt_schema schema, const char *path, GHashTable *table, int *exact)
{
	const SecretSchemaAttribute *a;
	GVariant *attrs;
	const char *v;
	lt_err e = item_attributes(s, path, &attrs);

	if (e != LT_OK)
		return e;
	*exact = 1;
	for (a = schemas[schema].attributes; a->name && *exact; a++)
		if (g_variant_lookup(attrs, a->name, "&s", &v) != g_hash_table_contains(table, a->name))
			*exact = 0;
	g_variant_unref(attrs);
	return LT_OK;
}

/* The path of the item with exactly table's attributes, or NULL when none. */
static lt_err find_exact(lt_store *s, lt_schema schema, GHashTable *table, gchar **path)
{
	gchar **paths = NULL, **p;
	int exact = 0;
	lt_err e = search_paths(s, schema, table, &paths);

	*path = NULL;
	for (p = paths; e == LT_OK && p && *p && !*path; p++)
		if ((e = item_has_exactly(s, schema, *p, table, &exact)) == LT_OK && exact)
			*path = g_strdup(*p);
	g_strfreev(paths);
	return e;
}

/* Replace the secret of the item at path: Item.SetSecret, which no provider
 * answers with a prompt (CreateItem with replace may, and KeePassXC completes
 * that prompt on another path than the one it returned). */
static lt_err set_secret(lt_store *s, const char *path, SecretValue *value)
{
	GError *err = NULL;
	int late;
	GVariant *secret = secret_service_encode_dbus_secret(s->service, value);
	GVariant *r;

	if (!secret)
		return lt_fail(LT_ERR_KEYRING, "storing the record failed: the secret could not be encoded");
	write_begins(s);
	r = call(s, path, ITEM_IFACE, "SetSecret", g_variant_new_tuple(&secret, 1), NULL, &late, &err);
	write_ended(s);
	if (!r)
		return map_error(s, err, late, "storing the record failed");
	g_variant_unref(r);
	return LT_OK;
}

static lt_err create_item(lt_store *s, lt_schema schema, GHashTable *table, SecretValue *value, gchar **path)
{
	GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_variant_unref);
	GError *err = NULL;
	int late;

	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Label",
			    g_variant_ref_sink(g_variant_new_string(labels[schema])));
	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Attributes",
			    g_variant_ref_sink(attrs_variant(schema, table)));
	write_begins(s);
	BOUNDED(s, late,
		*path = secret_service_create_item_dbus_path_sync(s->service, DEFAULT_COLLECTION, props, value,
								  SECRET_ITEM_CREATE_NONE, dl_, &err));
	write_ended(s);
	g_hash_table_unref(props);
	return *path ? LT_OK : map_error(s, err, late, "storing the record failed");
}

/* replace: the item with exactly these attributes gets the new secret in
 * place; with none, or without replace, a new item. */
static lt_err put_once(lt_store *s, lt_schema schema, GHashTable *table, const char *secret, int replace,
		       char **path_out)
{
	SecretValue *value;
	gchar *path = NULL, *stored;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK || (replace && (e = find_exact(s, schema, table, &path)) != LT_OK))
		return e;
	stored = inert_json(secret);
	value = secret_value_new_full(stored, -1, "application/json", free_cleansed);
	e = path ? set_secret(s, path, value) : create_item(s, schema, table, value, &path);
	secret_value_unref(value);
	if (e == LT_OK && path_out && !(*path_out = strdup(path)))
		e = LT_ERR_NOMEM;
	g_free(path);
	return e;
}

static lt_err delete_once(lt_store *s, const char *path)
{
	GError *err = NULL;
	lt_err e;
	gboolean ok;
	int late;

	if ((e = store_connect(s)) != LT_OK)
		return e;
	write_begins(s);
	BOUNDED(s, late, ok = secret_service_delete_item_dbus_path_sync(s->service, path, dl_, &err));
	write_ended(s);
	if (!ok)
		return map_error(s, err, late, "deleting a record failed");
	return LT_OK;
}

/* ---- converting items written before attributes were keyed -------------- */

static lt_err set_property(lt_store *s, const char *path, const char *name, GVariant *value)
{
	GError *err = NULL;
	int late;
	GVariant *r;

	write_begins(s);
	r = call(s, path, "org.freedesktop.DBus.Properties", "Set", g_variant_new("(ssv)", ITEM_IFACE, name, value), NULL,
		 &late, &err);
	write_ended(s);
	if (!r)
		return map_error(s, err, late, "converting a record failed");
	g_variant_unref(r);
	return LT_OK;
}

/* The item's attributes as stored now (a{ss}), or NULL and the error. */
static lt_err item_attributes(lt_store *s, const char *path, GVariant **attrs)
{
	GError *err = NULL;
	int late;
	GVariant *r = call(s, path, "org.freedesktop.DBus.Properties", "Get", g_variant_new("(ss)", ITEM_IFACE, "Attributes"),
			   G_VARIANT_TYPE("(v)"), &late, &err);

	if (!r)
		return map_error(s, err, late, "reading a record's attributes failed");
	g_variant_get(r, "(v)", attrs);
	g_variant_unref(r);
	if (!g_variant_is_of_type(*attrs, G_VARIANT_TYPE("a{ss}"))) {
		g_variant_unref(*attrs);
		return lt_fail(LT_ERR_KEYRING, "a record's attributes are not strings");
	}
	return LT_OK;
}

/* One item: its plain attributes keyed, its label the schema's. The label goes
 * first: until the attributes are set (one call, the item's conversion), the
 * item still counts as not converted and is done again next time. */
static lt_err convert_item(lt_store *s, lt_schema schema, const char *path, const unsigned char key[LT_KEY_LEN])
{
	GVariant *attrs;
	GVariantBuilder b;
	GVariantIter it;
	const char *name, *value;
	int changed = 0;
	lt_err e = item_attributes(s, path, &attrs);

	if (e != LT_OK)
		return e;
	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_iter_init(&it, attrs);
	while (e == LT_OK && g_variant_iter_next(&it, "{&s&s}", &name, &value)) {
		gchar *keyed = is_keyed(schema, name) ? keyed_value(key, name, value) : NULL;
		gchar *keyed_name = keyed ? g_strconcat(name, KEYED_SUFFIX, NULL) : NULL;

		if (is_keyed(schema, name) && !keyed)
			e = LT_ERR_IO;
		g_variant_builder_add(&b, "{ss}", keyed ? keyed_name : name, keyed ? keyed : value);
		changed |= keyed != NULL;
		g_free(keyed);
		g_free(keyed_name);
	}
	g_variant_unref(attrs);
	if (e != LT_OK || !changed) {
		g_variant_builder_clear(&b);
		return e;
	}
	if ((e = set_property(s, path, "Label", g_variant_new_string(labels[schema]))) != LT_OK) {
		g_variant_builder_clear(&b);
		return e;
	}
	return set_property(s, path, "Attributes", g_variant_builder_end(&b));
}

/* Every item of the keyed schemas (key.h runs this under the lock, once). */
static lt_err convert_items(lt_store *s, const unsigned char key[LT_KEY_LEN])
{
	lt_err e = LT_OK;
	int schema;

	for (schema = 0; schema < LT_SCHEMA_COUNT && e == LT_OK; schema++) {
		GHashTable *none = g_hash_table_new(g_str_hash, g_str_equal);
		gchar **paths = NULL, **p;

		if (schema_is_keyed((lt_schema)schema) && (e = store_connect(s)) == LT_OK)
			e = search_paths(s, (lt_schema)schema, none, &paths);
		for (p = paths; e == LT_OK && p && *p; p++)
			e = convert_item(s, (lt_schema)schema, *p, key);
		g_strfreev(paths);
		g_hash_table_unref(none);
	}
	return e;
}

/* ---- the calls of keyring.h --------------------------------------------- */

lt_err lt_store_status(lt_store *s)
{
	WITH_RECONNECT(s, status_once(s));
}

lt_err lt_store_unlock(lt_store *s)
{
	WITH_RECONNECT(s, unlock_once(s));
}

/* ---- prefetching: several searches in two round trips ----------------- */

/* One prefetched answer. */
typedef struct {
	lt_item *items;
	size_t n;
} lt_found;

static void found_free(gpointer p)
{
	lt_found *f = p;

	lt_items_free(f->items, f->n);
	g_free(f);
}

/* The schema and the stored attributes, sorted: the same search, the same key. */
static gchar *search_key(lt_schema schema, GHashTable *table)
{
	GList *names = g_list_sort(g_hash_table_get_keys(table), (GCompareFunc)strcmp);
	GString *k = g_string_new(schemas[schema].name);

	for (GList *l = names; l; l = l->next)
		g_string_append_printf(k, "\n%s=%s", (const char *)l->data, (const char *)g_hash_table_lookup(table, l->data));
	g_list_free(names);
	return g_string_free(k, FALSE);
}

/* The prefetched answer to this search, handed over (each is answered once). */
static int take_prefetched(lt_store *s, lt_schema schema, GHashTable *table, lt_item **items, size_t *n)
{
	gchar *key;
	lt_found *f;

	if (!s->prefetched)
		return 0;
	key = search_key(schema, table);
	f = g_hash_table_lookup(s->prefetched, key);
	if (f) {
		*items = f->items;
		*n = f->n;
		f->items = NULL;
		f->n = 0;
		g_hash_table_remove(s->prefetched, key);
	}
	g_free(key);
	return f != NULL;
}

void lt_keyring_prefetch_drop(lt_store *s)
{
	if (s && s->prefetched) {
		g_hash_table_unref(s->prefetched);
		s->prefetched = NULL;
	}
}

/* One SearchItems in flight. */
typedef struct {
	gchar *key;
	int keyed;       /* its attributes hold a keyed one (table_is_keyed) */
	lt_schema schema, also; /* with also_key: the items of both, told apart by sort */
	gchar *also_key;
	int (*sort)(const char *secret, size_t len);
	GVariant *reply; /* (aoao), or NULL when it failed */
	int *pending;
} lt_search_call;

static void search_done(GObject *conn, GAsyncResult *res, gpointer data)
{
	lt_search_call *c = data;

	c->reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(conn), res, NULL);
	(*c->pending)--;
}

/* Send every search at once (args are taken, sent or not) and wait for all
 * the answers (bounded). 0 when each answered and none matched a locked
 * item. Not yet connected, the searches go out on the bus first and the
 * service and its session (a Diffie-Hellman exchange) are set up while the
 * provider answers them: it answers in order, so at a big store the searches'
 * time hides that set-up. */
static int search_all(lt_store *s, lt_search_call *calls, GVariant **args, size_t n)
{
	GMainContext *ctx;
	GCancellable *stop;
	GDBusConnection *conn = s->service ? g_object_ref(g_dbus_proxy_get_connection(G_DBUS_PROXY(s->service)))
					   : g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	int pending = (int)n, bad = 0, connected;

	if (!conn || (!s->service && lt_deadline_seconds(&s->timeout_s) != LT_OK)) {
		for (size_t i = 0; i < n; i++) /* not sent: their floating references are still ours */
			g_variant_unref(g_variant_ref_sink(args[i]));
		lt_err_clear();
		g_clear_object(&conn);
		return -1;
	}
	ctx = g_main_context_new();
	stop = g_cancellable_new();
	g_main_context_push_thread_default(ctx); /* the answers come to ctx */
	for (size_t i = 0; i < n; i++) { /* each bounded by its own timeout, as a blocking call by the deadline */
		calls[i].pending = &pending;
		g_dbus_connection_call(conn, SERVICE_NAME, SERVICE_PATH, SERVICE_IFACE, "SearchItems", args[i],
				       G_VARIANT_TYPE("(aoao)"), G_DBUS_CALL_FLAGS_NONE, s->timeout_s * 1000, stop,
				       search_done, &calls[i]);
	}
	g_main_context_pop_thread_default(ctx); /* not the service's: its proxy outlives ctx */
	if (!(connected = store_connect(s) == LT_OK))
		g_cancellable_cancel(stop);
	while (pending > 0)
		g_main_context_iteration(ctx, TRUE);
	g_main_context_unref(ctx);
	g_object_unref(stop);
	g_object_unref(conn);
	for (size_t i = 0; i < n; i++) {
		GVariant *locked = calls[i].reply ? g_variant_get_child_value(calls[i].reply, 1) : NULL;

		bad |= !locked || g_variant_n_children(locked) > 0;
		if (locked)
			g_variant_unref(locked);
	}
	return bad || !connected ? -1 : 0;
}

/* Every unlocked path the searches found, once. */
static gchar **union_paths(lt_search_call *calls, size_t n)
{
	GPtrArray *all = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (size_t i = 0; i < n; i++) {
		GVariantIter *it;
		const gchar *path;

		g_variant_get_child(calls[i].reply, 0, "ao", &it);
		while (g_variant_iter_loop(it, "&o", &path))
			if (g_hash_table_add(seen, (gpointer)path))
				g_ptr_array_add(all, g_strdup(path));
		g_variant_iter_free(it);
	}
	g_hash_table_destroy(seen);
	g_ptr_array_add(all, NULL);
	return (gchar **)g_ptr_array_free(all, FALSE);
}

/* Search i's items out of the secrets read for all. */
static lt_err found_of(lt_search_call *c, GHashTable *secrets, lt_found **out)
{
	GHashTable *mine = g_hash_table_new(g_str_hash, g_str_equal);
	GVariantIter *it;
	const gchar *path;
	lt_err e;

	*out = g_new0(lt_found, 1);
	g_variant_get_child(c->reply, 0, "ao", &it);
	while (g_variant_iter_next(it, "&o", &path)) {
		gpointer v = g_hash_table_lookup(secrets, path);

		if (v)
			g_hash_table_insert(mine, (gpointer)path, v);
	}
	e = copy_secrets(mine, &(*out)->items, &(*out)->n);
	g_variant_iter_free(it);
	g_hash_table_destroy(mine);
	return e;
}

/* A search of two schemas: the items of c->also moved out of f into *also.
 * Fails, moving nothing, when sort cannot tell an item's schema. */
static lt_err split_found(const lt_search_call *c, lt_found *f, lt_found **also)
{
	int *of = g_new(int, f->n + 1);
	size_t i, k = 0;
	lt_err e = LT_OK;

	*also = g_new0(lt_found, 1);
	for (i = 0; i < f->n && e == LT_OK; i++)
		if ((of[i] = c->sort(f->items[i].secret, f->items[i].len)) != (int)c->schema && of[i] != (int)c->also)
			e = LT_ERR_CORRUPT_RECORD; /* not lt_fail: the finds search again and say why */
	if (e == LT_OK && !((*also)->items = calloc(f->n + 1, sizeof *(*also)->items)))
		e = LT_ERR_NOMEM;
	for (i = 0; i < f->n && e == LT_OK; i++)
		if (of[i] == (int)c->also)
			(*also)->items[(*also)->n++] = f->items[i];
		else
			f->items[k++] = f->items[i];
	if (e == LT_OK)
		f->n = k;
	g_free(of);
	return e;
}

/* Keep each search's answer for the lt_keyring_find that asks it. */
static void keep_answers(lt_store *s, lt_search_call *calls, size_t n, GHashTable *secrets)
{
	for (size_t i = 0; i < n; i++) {
		lt_found *f, *also = NULL;

		if (found_of(&calls[i], secrets, &f) != LT_OK ||
		    (calls[i].also_key && split_found(&calls[i], f, &also) != LT_OK)) {
			found_free(f);
			if (also)
				found_free(also);
			lt_keyring_prefetch_drop(s);
			return;
		}
		if ((f->n > 0 || (also && also->n > 0)) && calls[i].keyed)
			s->attr_key_cached = 0; /* a keyed match proves the key */
		g_hash_table_replace(s->prefetched, g_strdup(calls[i].key), f);
		if (also)
			g_hash_table_replace(s->prefetched, g_strdup(calls[i].also_key), also);
	}
}

/* q's search as call c, and its arguments: of q's schema, or with q.sort of
 * q.also's too when q's attributes are stored the same in both. */
static lt_err prepare_search(lt_store *s, const lt_keyring_query *q, lt_search_call *c, GVariant **args, int *empty)
{
	GHashTable *table = NULL, *other = NULL;
	lt_err e = seal_attrs(s, q->schema, q->attrs, 0, empty, &table);

	if (e != LT_OK || *empty)
		return e;
	c->key = search_key(q->schema, table);
	c->keyed = table_is_keyed(table);
	if (q->sort && seal_attrs(s, q->also, q->attrs, 0, empty, &other) == LT_OK && !*empty) {
		gchar *also_key = search_key(q->also, other);

		if (g_strcmp0(strchr(also_key, '\n'), strchr(c->key, '\n')) == 0) {
			c->schema = q->schema;
			c->also = q->also;
			c->also_key = also_key;
			c->sort = q->sort;
		} else {
			g_free(also_key);
		}
	}
	lt_err_clear(); /* q.also's sealing only decides whether to merge */
	*empty = 0;
	if (other)
		g_hash_table_unref(other);
	*args = g_variant_new("(@a{ss})", attrs_variant_named(c->also_key ? NULL : schemas[q->schema].name, table));
	g_hash_table_unref(table);
	return LT_OK;
}

void lt_keyring_prefetch(lt_store *s, const lt_keyring_query *q, size_t n)
{
	lt_search_call *calls = g_new0(lt_search_call, n);
	GVariant **args = g_new0(GVariant *, n);
	GHashTable *secrets = NULL;
	gchar **paths = NULL;
	size_t k = 0;
	int empty = 0, sealed;

	lt_keyring_prefetch_drop(s);
	for (size_t i = 0; i < n; i++) {
		if (prepare_search(s, &q[i], &calls[k], &args[k], &empty) != LT_OK || empty)
			break;
		k++;
	}
	sealed = k == n;
	if (sealed && search_all(s, calls, args, k) == 0) {
		GError *err = NULL;
		int late;

		paths = union_paths(calls, k);
		BOUNDED(s, late, secrets = paths[0] ? secret_service_get_secrets_for_dbus_paths_sync(
							     s->service, (const gchar **)paths, dl_, &err)
						   : g_hash_table_new(g_str_hash, g_str_equal));
		(void)late;
		g_clear_error(&err);
	}
	if (secrets) {
		s->prefetched = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, found_free);
		keep_answers(s, calls, k, secrets);
		g_hash_table_unref(secrets);
	}
	lt_err_clear(); /* a prefetch that fails leaves each find to search itself */
	for (size_t i = 0; i < n; i++) {
		g_free(calls[i].key);
		g_free(calls[i].also_key);
		if (calls[i].reply)
			g_variant_unref(calls[i].reply);
		if (!sealed && args[i]) /* search_all takes them all */
			g_variant_unref(g_variant_ref_sink(args[i]));
	}
	g_strfreev(paths);
	g_free(calls);
	g_free(args);
}

static lt_err find_sealed(lt_store *s, lt_schema schema, GHashTable *table, lt_item **items, size_t *n)
{
	WITH_RECONNECT(s, find_once(s, schema, table, items, n));
}

/* One search with attrs sealed under the key s holds; *keyed: a keyed one. */
static lt_err find_attrs(lt_store *s, lt_schema schema, const char *const *attrs, lt_item **items, size_t *n,
			 int *keyed)
{
	GHashTable *table;
	lt_err e;
	int empty = 0;

	*items = NULL;
	*n = 0;
	*keyed = 0;
	if ((e = seal_attrs(s, schema, attrs, 0, &empty, &table)) != LT_OK)
		return e;
	if (empty)
		return (*items = calloc(1, sizeof **items)) ? LT_OK : LT_ERR_NOMEM;
	*keyed = table_is_keyed(table);
	if (!take_prefetched(s, schema, table, items, n))
		e = find_sealed(s, schema, table, items, n);
	g_hash_table_unref(table);
	return e;
}

/* A keyed search answered from a cached key is believed when it finds
 * something (that proves the key); "nothing" is given only once the keyring's
 * own key says so. */
lt_err lt_keyring_find(lt_store *s, lt_schema schema, const char *const *attrs, lt_item **items, size_t *n)
{
	int keyed, changed = 0;
	lt_err e = find_attrs(s, schema, attrs, items, n, &keyed);

	if (e != LT_OK || !keyed || !s->attr_key_cached)
		return e;
	if (*n > 0) {
		s->attr_key_cached = 0;
		return e;
	}
	if ((e = recheck_attr_key(s, &changed)) == LT_OK && !changed)
		return LT_OK; /* the keyring's own key finds nothing either */
	lt_items_free(*items, 0);
	*items = NULL;
	return e != LT_OK ? e : find_attrs(s, schema, attrs, items, n, &keyed);
}

static lt_err put_sealed(lt_store *s, lt_schema schema, GHashTable *table, const char *secret, int replace,
			 char **path)
{
	WITH_RECONNECT(s, put_once(s, schema, table, secret, replace, path));
}

lt_err lt_keyring_put(lt_store *s, lt_schema schema, const char *const *attrs, const char *secret, int replace,
		      char **path)
{
	GHashTable *table;
	lt_err e;

	int empty = 0;

	lt_keyring_prefetch_drop(s);
	if ((e = seal_attrs(s, schema, attrs, 1, &empty, &table)) != LT_OK)
		return e;
	e = put_sealed(s, schema, table, secret, replace, path);
	g_hash_table_unref(table);
	return e;
}

lt_err lt_keyring_delete(lt_store *s, const char *path)
{
	lt_keyring_prefetch_drop(s);
	WITH_RECONNECT(s, delete_once(s, path));
}
