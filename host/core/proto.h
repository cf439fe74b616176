/* SPDX-License-Identifier: MIT */
/* proto.h: the request/response protocol of PROTOCOL.md, transport aside.
 * lt_proto_handle takes the bytes of one request and always returns one
 * well-formed response; leaktrace-host frames it, the fuzzer calls it directly. */
#ifndef LT_PROTO_H
#define LT_PROTO_H

#include <stddef.h>

#include "store.h"

#define LT_PROTOCOL_VERSION 1
#define LT_JSON_MAX_DEPTH 32

typedef struct {
	lt_store *store;
} lt_proto;

/* The response (malloc'd JSON text) to one request message. Never NULL
 * unless memory runs out. */
char *lt_proto_handle(lt_proto *p, const char *msg, size_t len);

/* A response for an error outside any request (a bad frame, a forbidden caller). */
char *lt_proto_error_response(lt_err e);

#endif
