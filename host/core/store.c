/* store.c: the keyring-backed account store (store.h).
 *
 * Shape of the code: connect lazily (a ping must answer even with no keyring),
 * map every GError to one lt_err in one function, and drop the connection on
 * errors that mean the daemon is gone so the next request reconnects.
 * Updates that keep the item's attributes use CreateItem with "replace" (one
 * call, atomic); updates that add an identifier kind create the new item
 * first and delete the old one after, so a crash in between leaves two whole
 * records (merged on the next write), never a half one. */
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include "store.h"

#include <libsecret/secret.h>
#include <stdlib.h>
#include <string.h>

#include "lock.h"
#include "site.h"

#define DEFAULT_COLLECTION "/org/freedesktop/secrets/aliases/default"

struct lt_store {
	SecretService *service;
};

static const SecretSchema account_schema = {
	.name = "org.leaktrace.Account",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{"site", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{"email", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{LT_ATTR_MAILBOX, SECRET_SCHEMA_ATTRIBUTE_STRING},
		{"phone", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{"username", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{NULL, 0},
	},
};

const char *lt_store_attr(lt_kind k)
{
	return lt_kind_name(k);
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

static lt_err store_connect(lt_store *s)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	GError *err = NULL;

	if (s->service)
		return LT_OK;
	if (bus && strncmp(bus, "disabled:", 9) == 0)
		return lt_fail(LT_ERR_KEYRING_UNAVAILABLE,
			       "the browser started leaktrace without a D-Bus session (DBUS_SESSION_BUS_ADDRESS=disabled:); "
			       "start the browser from your desktop session");
	s->service = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, NULL, &err);
	if (!s->service)
		return map_error(s, err, "cannot reach the Secret Service");
	return LT_OK;
}

static GHashTable *attrs_table(const char *const *attrs)
{
	GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);

	for (; attrs && attrs[0] && attrs[1]; attrs += 2)
		g_hash_table_insert(t, (gpointer)attrs[0], (gpointer)attrs[1]);
	return t;
}

static int account_cmp(const void *x, const void *y)
{
	const lt_account *a = x, *b = y;
	int c = strcmp(a->site, b->site);

	return c ? c : strcmp(a->first_seen, b->first_seen);
}

/* Parse every fetched secret into accounts. */
static lt_err parse_secrets(GHashTable *secrets, lt_account **out, size_t *n, size_t *corrupt)
{
	GHashTableIter it;
	gpointer path, value;
	size_t cap = g_hash_table_size(secrets), bad = 0;
	lt_account *list = calloc(cap ? cap : 1, sizeof *list);

	*n = 0;
	if (!list)
		return LT_ERR_NOMEM;
	g_hash_table_iter_init(&it, secrets);
	while (g_hash_table_iter_next(&it, &path, &value)) {
		gsize len;
		const gchar *data = secret_value_get(value, &len);
		lt_account *a = &list[*n];

		if (lt_account_from_string(data, len, a) != LT_OK) {
			bad++;
			continue;
		}
		a->item_path = strdup(path);
		(*n)++;
	}
	qsort(list, *n, sizeof *list, account_cmp);
	*out = list;
	if (corrupt)
		*corrupt = bad;
	return LT_OK;
}

lt_err lt_store_search(lt_store *s, const char *const *attrs, lt_account **out, size_t *n, size_t *corrupt)
{
	GHashTable *table, *secrets;
	gchar **unlocked = NULL, **locked = NULL;
	GError *err = NULL;
	gboolean found;
	lt_err e;

	*out = NULL;
	*n = 0;
	if ((e = store_connect(s)) != LT_OK)
		return e;
	table = attrs_table(attrs);
	found = secret_service_search_for_dbus_paths_sync(s->service, &account_schema, table, NULL, &unlocked,
							   &locked, &err);
	g_hash_table_unref(table);
	if (!found)
		return map_error(s, err, "search failed");
	if (locked && locked[0]) {
		g_strfreev(unlocked);
		g_strfreev(locked);
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring holding leaktrace's records is locked; unlock it and try again");
	}
	g_strfreev(locked);
	if (!unlocked || !unlocked[0]) {
		g_strfreev(unlocked);
		if (corrupt)
			*corrupt = 0;
		*out = calloc(1, sizeof(lt_account));
		return *out ? LT_OK : LT_ERR_NOMEM;
	}
	secrets = secret_service_get_secrets_for_dbus_paths_sync(s->service, (const gchar **)unlocked, NULL, &err);
	g_strfreev(unlocked);
	if (!secrets)
		return map_error(s, err, "reading the records failed");
	e = parse_secrets(secrets, out, n, corrupt);
	g_hash_table_unref(secrets);
	return e;
}

lt_err lt_store_status(lt_store *s)
{
	GError *err = NULL;
	gchar *path;
	GVariant *locked;
	GDBusProxy *proxy;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK)
		return e;
	/* Read the default collection's Locked property without making a SecretCollection. */
	path = secret_service_read_alias_dbus_path_sync(s->service, "default", NULL, &err);
	if (err)
		return map_error(s, err, "cannot read the default collection");
	if (!path)
		return lt_fail(LT_ERR_KEYRING_LOCKED, "the keyring has no default collection yet; create or unlock one");
	proxy = g_dbus_proxy_new_sync(g_dbus_proxy_get_connection(G_DBUS_PROXY(s->service)), G_DBUS_PROXY_FLAGS_NONE,
				      NULL, g_dbus_proxy_get_name(G_DBUS_PROXY(s->service)), path,
				      "org.freedesktop.Secret.Collection", NULL, &err);
	g_free(path);
	if (!proxy)
		return map_error(s, err, "cannot reach the default collection");
	locked = g_dbus_proxy_get_cached_property(proxy, "Locked");
	e = (locked && g_variant_get_boolean(locked))
		    ? lt_fail(LT_ERR_KEYRING_LOCKED, "the default keyring collection is locked; unlock it (for example by logging in to the desktop)")
		    : LT_OK;
	if (locked)
		g_variant_unref(locked);
	g_object_unref(proxy);
	return e;
}

/* The attributes of an account's item, as the a{ss} that CreateItem takes. */
static GVariant *account_attrs(const lt_account *a)
{
	GVariantBuilder b;
	char *mailbox = NULL;
	int k;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_builder_add(&b, "{ss}", "xdg:schema", account_schema.name);
	g_variant_builder_add(&b, "{ss}", "site", a->site);
	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized)
			g_variant_builder_add(&b, "{ss}", lt_store_attr((lt_kind)k), a->ids[k].normalized);
	if (a->ids[LT_KIND_EMAIL].normalized &&
	    lt_email_mailbox(a->ids[LT_KIND_EMAIL].normalized, &mailbox) == LT_OK) {
		g_variant_builder_add(&b, "{ss}", LT_ATTR_MAILBOX, mailbox);
		free(mailbox);
	}
	return g_variant_builder_end(&b);
}

/* One CreateItem call: a whole item or none. *path_out gets the item's path. */
static lt_err write_item(lt_store *s, const lt_account *a, int replace, char **path_out)
{
	char *json = lt_account_to_string(a), *label;
	GHashTable *props;
	SecretValue *value;
	GError *err = NULL;
	gchar *path;

	if (!json)
		return LT_ERR_NOMEM;
	label = g_strdup_printf("leaktrace: %s", a->site);
	props = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_variant_unref);
	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Label", g_variant_ref_sink(g_variant_new_string(label)));
	g_hash_table_insert(props, "org.freedesktop.Secret.Item.Attributes", g_variant_ref_sink(account_attrs(a)));
	value = secret_value_new(json, -1, "application/json");
	path = secret_service_create_item_dbus_path_sync(s->service, DEFAULT_COLLECTION, props, value,
							 replace ? SECRET_ITEM_CREATE_REPLACE : SECRET_ITEM_CREATE_NONE,
							 NULL, &err);
	secret_value_unref(value);
	g_hash_table_unref(props);
	g_free(label);
	free(json);
	if (!path)
		return map_error(s, err, "storing the record failed");
	if (path_out)
		*path_out = strdup(path);
	g_free(path);
	return LT_OK;
}

static lt_err delete_path(lt_store *s, const char *path)
{
	GError *err = NULL;

	if (!secret_service_delete_item_dbus_path_sync(s->service, path, NULL, &err))
		return map_error(s, err, "deleting a record failed");
	return LT_OK;
}

/* Index of the first account in list that `add` merges into, or -1. */
static long find_mergeable(const lt_account *list, size_t n, const lt_account *add)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lt_account_mergeable(&list[i], add))
			return (long)i;
	return -1;
}

/* Under the lock: merge into the existing account or create one. */
static lt_err record_locked(lt_store *s, const lt_account *add, lt_account *stored, int *created)
{
	const char *attrs[] = {"site", add->site, NULL};
	lt_account *list, *target, fresh = {0};
	size_t n;
	long i;
	char *new_path = NULL;
	lt_err e = lt_store_search(s, attrs, &list, &n, NULL);

	if (e != LT_OK)
		return e;
	i = find_mergeable(list, n, add);
	*created = i < 0;
	if (i < 0) {
		fresh.site = add->site; /* borrowed: merge copies the rest */
		memcpy(fresh.first_seen, add->first_seen, LT_TIME_LEN);
		memcpy(fresh.last_seen, add->last_seen, LT_TIME_LEN);
		fresh.capture = add->capture;
		target = &fresh;
		lt_account_merge(target, add);
		target->site = strdup(add->site);
		e = write_item(s, target, 0, &new_path);
	} else {
		target = &list[i];
		if (lt_account_merge(target, add)) {
			e = write_item(s, target, 0, &new_path);
			if (e == LT_OK)
				e = delete_path(s, target->item_path);
		} else {
			e = write_item(s, target, 1, &new_path);
		}
	}
	if (e == LT_OK && new_path) {
		free(target->item_path);
		target->item_path = new_path;
		new_path = NULL;
	}
	free(new_path);
	if (e == LT_OK && stored) {
		*stored = *target;
		memset(target, 0, sizeof *target);
	}
	if (target == &fresh)
		lt_account_clear(&fresh);
	lt_accounts_free(list, n);
	return e;
}

lt_err lt_store_record(lt_store *s, const lt_account *add, lt_account *stored, int *created)
{
	int fd, made = 0;
	lt_err e;

	if (!add->site || !lt_account_has_ident(add))
		return lt_fail(LT_ERR_NO_IDENTIFIER, "a record needs a site and at least one identifier");
	if ((e = store_connect(s)) != LT_OK || (e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = record_locked(s, add, stored, &made);
	lt_lock_release(fd);
	if (created)
		*created = made;
	return e;
}

lt_err lt_store_delete(lt_store *s, const lt_account *accounts, size_t n)
{
	size_t i;
	int fd;
	lt_err e;

	if ((e = store_connect(s)) != LT_OK || (e = lt_lock_take(&fd)) != LT_OK)
		return e;
	for (i = 0; i < n && e == LT_OK; i++)
		if (accounts[i].item_path)
			e = delete_path(s, accounts[i].item_path);
	lt_lock_release(fd);
	return e;
}

lt_err lt_store_site(lt_store *s, const char *url_or_host, char **site, lt_account **out, size_t *n)
{
	const char *attrs[] = {"site", NULL, NULL};
	lt_err e;

	*site = NULL;
	*out = NULL;
	*n = 0;
	if (url_or_host && (e = lt_site_from(url_or_host, site)) != LT_OK)
		return e;
	attrs[1] = *site;
	return lt_store_search(s, url_or_host ? attrs : attrs + 2, out, n, NULL);
}
