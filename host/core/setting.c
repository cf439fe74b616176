/* setting.c: settings in the keyring (setting.h). */
#include "setting.h"

#include <stdlib.h>

lt_err lt_setting_get(lt_store *s, const char *name, cJSON **value)
{
	const char *attrs[] = {"name", name, NULL};
	lt_item *items;
	size_t n;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_SETTING, attrs, &items, &n);

	*value = NULL;
	if (e == LT_OK && n > 0 && !(*value = cJSON_ParseWithLength(items[0].secret, items[0].len)))
		e = lt_fail(LT_ERR_CORRUPT_RECORD, "the setting %s is not JSON", name);
	lt_items_free(items, n);
	return e;
}

lt_err lt_setting_put(lt_store *s, const char *name, const cJSON *value)
{
	const char *attrs[] = {"name", name, NULL};
	char *json = cJSON_PrintUnformatted(value);
	lt_err e = json ? lt_keyring_put(s, LT_SCHEMA_SETTING, attrs, "leaktrace: setting", json, 1, NULL) : LT_ERR_NOMEM;

	free(json);
	return e;
}
