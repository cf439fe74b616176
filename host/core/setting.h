/* SPDX-License-Identifier: MIT */
/* setting.h: leaktrace's own settings that name the person (the alias base
 * address, the pool of phone numbers): kept in the keyring like the records,
 * one item per setting (schema org.leaktrace.Setting), a JSON value each. */
#ifndef LT_SETTING_H
#define LT_SETTING_H

#include <cjson/cJSON.h>

#include "keyring.h"

/* *value is NULL (and LT_OK) when the setting was never made. */
lt_err lt_setting_get(lt_store *s, const char *name, cJSON **value);
/* The search lt_setting_get(name) makes, for lt_keyring_prefetch (attrs: room for it). */
lt_keyring_query lt_setting_query(const char *name, const char *attrs[3]);
/* Replace the setting with `value`. */
lt_err lt_setting_put(lt_store *s, const char *name, const cJSON *value);
/* Remove it; *cleared says whether there was one. */
lt_err lt_setting_clear(lt_store *s, const char *name, int *cleared);

#endif
