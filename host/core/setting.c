/* SPDX-License-Identifier: MIT */
/* setting.c: settings in the keyring (setting.h). The secret is
 * {"name": NAME, "value": VALUE}, so an item says what it is without its
 * attributes (a backup reads secrets only). */
#include "setting.h"

#include <stdlib.h>

lt_keyring_query lt_setting_query(const char *name, const char *attrs[3])
{
	attrs[0] = "name";
	attrs[1] = name;
	attrs[2] = NULL;
	return (lt_keyring_query){.schema = LT_SCHEMA_SETTING, .attrs = attrs};
}

lt_err lt_setting_get(lt_store *s, const char *name, cJSON **value)
{
	const char *attrs[3];
	lt_keyring_query q = lt_setting_query(name, attrs);
	lt_item *items;
	size_t n;
	lt_err e = lt_keyring_find(s, q.schema, q.attrs, &items, &n);

	cJSON *whole = NULL;

	*value = NULL;
	if (e == LT_OK && n > 0 && (!(whole = cJSON_ParseWithLength(items[0].secret, items[0].len)) ||
				    !(*value = cJSON_DetachItemFromObjectCaseSensitive(whole, "value"))))
		e = lt_fail(LT_ERR_CORRUPT_RECORD, "the setting %s is not a leaktrace setting", name);
	cJSON_Delete(whole);
	lt_items_free(items, n);
	return e;
}

lt_err lt_setting_put(lt_store *s, const char *name, const cJSON *value)
{
	const char *attrs[] = {"name", name, NULL};
	cJSON *whole = cJSON_CreateObject();
	char *json;
	lt_err e;

	cJSON_AddStringToObject(whole, "name", name);
	cJSON_AddItemToObject(whole, "value", cJSON_Duplicate(value, 1));
	json = cJSON_PrintUnformatted(whole);
	e = json ? lt_keyring_put(s, LT_SCHEMA_SETTING, attrs, json, 1, NULL) : LT_ERR_NOMEM;
	cJSON_Delete(whole);
	free(json);
	return e;
}

lt_err lt_setting_clear(lt_store *s, const char *name, int *cleared)
{
	const char *attrs[] = {"name", name, NULL};
	lt_item *items;
	size_t n, i;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_SETTING, attrs, &items, &n);

	*cleared = 0;
	for (i = 0; e == LT_OK && i < n; i++)
		if ((e = lt_keyring_delete(s, items[i].path)) == LT_OK)
			*cleared = 1;
	lt_items_free(items, e == LT_OK || n ? n : 0);
	return e;
}
