/* SPDX-License-Identifier: MIT */
/* proto_actions.h: the handlers behind proto.c's action table (internal).
 * Each reads its fields from a request object and fills `result`. */
#ifndef LT_PROTO_ACTIONS_H
#define LT_PROTO_ACTIONS_H

#include <cjson/cJSON.h>

#include "proto.h"

lt_err lt_action_ping(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_record(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_site(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_trace(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_list(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_alias(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_report_login(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_rotate(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_report_login_undo(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_unlock(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_incident(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_alias_base(lt_proto *p, const cJSON *req, cJSON *result);
lt_err lt_action_evidence(lt_proto *p, const cJSON *req, cJSON *result);

#endif
