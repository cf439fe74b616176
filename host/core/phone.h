/* SPDX-License-Identifier: MIT */
/* phone.h: the C face of the C++ bridge to libphonenumber
 * (host/phone/phone_bridge.cc). Nothing else includes a libphonenumber
 * header. The programs reach the bridge through phone_loader.c, which loads
 * it as a module on first use; tests link it directly. */
#ifndef LT_PHONE_H
#define LT_PHONE_H

#ifdef __cplusplus
extern "C" {
#endif

/* 0 when the libphonenumber module can be used, -2 (with lt_err_detail set)
 * when it cannot be loaded; the programs load it only for what the fast path
 * (phone_fast.h) cannot settle, so `leaktrace doctor` asks here. */
int lt_phone_module_check(void);

/* Parse `input` (any common notation, full-width digits, IDD prefixes such as
 * "0086", a leading country code without '+') with `region` (ISO 3166 alpha-2,
 * may be NULL: then only international notation parses). On success returns 0
 * and *e164 is a malloc'd "+..." string; returns -1 when the text is not a
 * possible phone number; -2 (with lt_err_detail set) when the bridge
 * module cannot be loaded. */
int lt_phone_to_e164(const char *input, const char *region, char **e164);

/* 1 when `e164` ("+...") is a valid number (libphonenumber's isValidNumber:
 * in a range assigned in its country), 0 when not; -2 (with lt_err_detail
 * set) when the bridge module cannot be loaded. */
int lt_phone_is_valid(const char *e164);

/* 1 when libphonenumber knows `region` (e.g. "CN"), else 0; -1 (with
 * lt_err_detail set) when the bridge module cannot be loaded. */
int lt_phone_region_known(const char *region);

/* The region an E.164 number belongs to ("+8613800138000" -> "CN"), into
 * region (3 bytes): 0 on success, -1 when the text is not an E.164 number of
 * a country (a non-geographic +800 number has none), -2 as above. */
int lt_phone_region_of(const char *e164, char region[3]);

#ifdef __cplusplus
}
#endif
#endif
