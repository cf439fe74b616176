/* SPDX-License-Identifier: MIT */
/* spoof.h: could a label of an international domain name pass for another
 * site? Answered by ICU's spoof checker in host/phone/idn_spoof.c, which is
 * built into the module beside the libphonenumber bridge (phone_loader.c loads
 * it on first use; tests link it directly). site.c asks, and shows such a
 * host in its ASCII (punycode) form, as browsers do. */
#ifndef LT_SPOOF_H
#define LT_SPOOF_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when the UTF-8 label mixes scripts, holds invisible characters or looks
 * like an ASCII label (its UTS #39 skeleton is ASCII); 0 when it is safe to
 * show (always for plain ASCII); -2 (with lt_err_detail set) when the module
 * cannot be loaded. */
int lt_idn_label_deceptive(const char *label);

#ifdef __cplusplus
}
#endif
#endif
