/* SPDX-License-Identifier: MIT */
/* datafile.h: the public data sets leaktrace ships (data/ in the source tree,
 * share/leaktrace/ once installed): found beside the running program's build
 * tree first, then in LT_DATA_DIR. */
#ifndef LT_DATAFILE_H
#define LT_DATAFILE_H

#include <cjson/cJSON.h>

#include "error.h"

/* Parse the JSON data file `name` (e.g. "password-manager-resources/change-password-URLs.json").
 * LT_ERR_IO when it is missing (detail names it), LT_ERR_CORRUPT_RECORD when it is not JSON. */
lt_err lt_datafile_json(const char *name, cJSON **out);

#endif
