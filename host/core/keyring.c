/* keyring.c: the Secret Service calls behind keyring.h.
 *
 * Shape of the code: connect lazily (a ping must answer even with no keyring),
 * map every GError to one lt_err in map_error, and drop the connection on
 * errors that mean the daemon is gone so the next request reconnects. Reads
 * never make a D-Bus proxy per item: paths first, then one GetSecrets. */
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include "keyring.h"

#include <libsecret/secret.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_COLLECTION "/org/freedesktop/secrets/aliases/default"
#define STR SECRET_SCHEMA_ATTRIBUTE_STRING

struct lt_store {
	SecretService *service;
};

static const SecretSchema schemas[LT_SCHEMA_COUNT] = {
	[LT_SCHEMA_ACCOUNT] = {.name = "org.leaktrace.Account",
			       .attributes = {{"site", STR}, {"email", STR}, {"email_box", STR}, {"phone", STR},
					      {"username", STR}, {"name", STR}, {NULL, 0}}},
	[LT_SCHEMA_INCIDENT] = {.name = "org.leaktrace.Incident",
				.attributes = {{"email", STR}, {"phone", STR}, {"username", STR}, {"name", STR},
					       {NULL, 0}}},
	[LT_SCHEMA_ALIAS] = {.name = "org.leaktrace.Alias", .attributes = {{"site", STR}, {"tag", STR}, {NULL, 0}}},
	[LT_SCHEMA_KEY] = {.name = "org.leaktrace.Key", .attributes = {{"purpose", STR}, {NULL, 0}}},
	[LT_SCHEMA_SETTING] = {.name = "org.leaktrace.Setting", .attributes = {{"name", STR}, {NULL, 0}}},
};

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
	store_disconnect(s);
	free(s);
}

/* The one mapping from libsecret/D-Bus errors to ours; consumes err. */
static lt_err map_error(lt_store *s, GError *err, const char *what)
{
	lt_err e = LT_ERR_KEYRING;

	if (g_error_matches(err, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
		e = LT_ERR_KEYRING_LOCKED;
	else if (err->domain == G_DBUS_ERROR || err->domain == G_IO_ERROR)
		e = LT_ERR_KEYRING_UNAVAILABLE;
	if (e == LT_ERR_KEYRING_UNAVAILABLE)
		store_disconnect(s);
	lt_fail(e, "%s: %s", what, err->message);
	g_error_free(err);
	return e;
}

/* A connection made before the daemon was replaced or restarted answers
 * "ServiceUnknown" once: map_error has dropped it by then, so one more try on
 * a fresh connection is the answer. A call that failed that way reached no
 * daemon, so trying it again cannot do it twice. */
#define WITH_RECONNECT(s, call)                                                   \
	do {                                                                      \
		int was_connected_ = (s)->service != NULL;                        \
		lt_err e_ = (call);                                               \
		if (e_ == LT_ERR_KEYRING_UNAVAILABLE && was_connected_)           \
			e_ = (call);                                              \
		return e_;                                                        \
	} while (0)

static lt_err store_connect(lt_store *s)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	GError *err = NULL;

	if (s->service)
		return LT_OK;
	if (bus && strncmp(bus, "disabled:", 9) == 0)
		return lt_fail(LT_ERR_KEYRING_UNAVAILABLE,
			       "there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS=disabled:); "
			       "run leaktrace, or start the browser, from your desktop session");
	s->service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, NULL, &err);
	if (!s->service)
		return map_error(s, err, "cannot reach the Secret Service");
	return LT_OK;
}

/* The default collection's Locked property: one Properties.Get call, not a
 * proxy (which would fetch every property, the list of all items included). */
static lt_err default_collection_locked(lt_store *s, int *locked)
{
	GError *err = NULL;
	GVariant *reply, *v;
	gchar *path = secret_service_read_alias_dbus_path_sync(s->service, "default", NULL, &err);

	if (err)
		return map_error(s, err, "cannot read the default collection");
	if (!path)
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring has no default collection yet; create or unlock one");
	reply = g_dbus_connection_call_sync(g_dbus_proxy_get_connection(G_DBUS_PROXY(s->service)),
					    g_dbus_proxy_get_name(G_DBUS_PROXY(s->service)), path,
					    "org.freedesktop.DBus.Properties", "Get",
					    g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
					    G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &err);
	g_free(path);
	if (!reply)
		return map_error(s, err, "cannot reach the default collection");
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

void lt_items_free(lt_item *items, size_t n)
{
	size_t i;

	for (i = 0; items && i < n; i++) {
		free(items[i].path);
		free(items[i].secret);
	}
	free(items);
}

static GHashTable *attrs_table(const char *const *attrs)
{
	GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);

	for (; attrs && attrs[0] && attrs[1]; attrs += 2)
		g_hash_table_insert(t, (gpointer)attrs[0], (gpointer)attrs[1]);
	return t;
}

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

/* SearchItems: the unlocked paths, or LT_ERR_KEYRING_LOCKED when any match is locked. */
static lt_err search_paths(lt_store *s, lt_schema schema, const char *const *attrs, gchar ***paths)
{
	GHashTable *table = attrs_table(attrs);
	gchar **locked = NULL;
	GError *err = NULL;
	gboolean found = secret_service_search_for_dbus_paths_sync(s->service, &schemas[schema], table, NULL, paths,
								   &locked, &err);
	int any_locked = found && locked && locked[0];

	g_hash_table_unref(table);
	g_strfreev(locked);
	if (!found)
		return map_error(s, err, "search failed");
	if (any_locked) {
		g_strfreev(*paths);
		*paths = NULL;
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring holding leaktrace's records is locked; unlock it and try again");
	}
	return LT_OK;
}

static lt_err find_once(lt_store *s, lt_schema schema, const char *const *attrs, lt_item **items, size_t *n)
{
	gchar **paths = NULL;
	GHashTable *secrets;
	GError *err = NULL;
	lt_err e;

	*items = NULL;
	*n = 0;
	if ((e = store_connect(s)) != LT_OK || (e = search_paths(s, schema, attrs, &paths)) != LT_OK)
		return e;
	if (!paths || !paths[0]) {
		g_strfreev(paths);
		*items = calloc(1, sizeof **items);
		return *items ? LT_OK : LT_ERR_NOMEM;
	}
	secrets = secret_service_get_secrets_for_dbus_paths_sync(s->service, (const gchar **)paths, NULL, &err);
	g_strfreev(paths);
	if (!secrets)
		return map_error(s, err, "reading the records failed");
	e = copy_secrets(secrets, items, n);
	g_hash_table_unref(secrets);
	return e;
}

static GVariant *attrs_variant(lt_schema schema, const char *const *attrs)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_builder_add(&b, "{ss}", "xdg:schema", schemas[schema].name);
	for (; attrs && attrs[0] && attrs[1]; attrs += 2)
		g_variant_builder_add(&b, "{ss}", attrs[0], attrs[1]);
	return g_variant_builder_end(&b);
}

static lt_err put_once(lt_store *s, lt_schema schema, const char *const *attrs, const char *label, const char *secret,
		       int replace, char **path_out)
{
	GHashTable *props;
	SecretValue *value;
	GError *err = NULL;
	gchar *path;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK)
		return e;
	props = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_variant_unref);
	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Label", g_variant_ref_sink(g_variant_new_string(label)));
	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Attributes",
			    g_variant_ref_sink(attrs_variant(schema, attrs)));
	value = secret_value_new(secret, -1, "application/json");
	path = secret_service_create_item_dbus_path_sync(s->service, DEFAULT_COLLECTION, props, value,
							 replace ? SECRET_ITEM_CREATE_REPLACE : SECRET_ITEM_CREATE_NONE,
							 NULL, &err);
	secret_value_unref(value);
	g_hash_table_unref(props);
	if (!path)
		return map_error(s, err, "storing the record failed");
	if (path_out && !(*path_out = strdup(path)))
		e = LT_ERR_NOMEM;
	g_free(path);
	return e;
}

static lt_err delete_once(lt_store *s, const char *path)
{
	GError *err = NULL;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK)
		return e;
	if (!secret_service_delete_item_dbus_path_sync(s->service, path, NULL, &err))
		return map_error(s, err, "deleting a record failed");
	return LT_OK;
}

lt_err lt_store_status(lt_store *s)
{
	WITH_RECONNECT(s, status_once(s));
}

lt_err lt_keyring_find(lt_store *s, lt_schema schema, const char *const *attrs, lt_item **items, size_t *n)
{
	WITH_RECONNECT(s, find_once(s, schema, attrs, items, n));
}

lt_err lt_keyring_put(lt_store *s, lt_schema schema, const char *const *attrs, const char *label, const char *secret,
		      int replace, char **path)
{
	WITH_RECONNECT(s, put_once(s, schema, attrs, label, secret, replace, path));
}

lt_err lt_keyring_delete(lt_store *s, const char *path)
{
	WITH_RECONNECT(s, delete_once(s, path));
}
