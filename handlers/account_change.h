/*
 * account_change.h - the account handler's corrections after registration
 * (handlers/account_change.c): the registered county (注册地区) asked to
 * change, and the mobile changed with a code to the new number and the
 * password. Routed by sme-account.c's table.
 */
#ifndef ACCOUNT_CHANGE_H
#define ACCOUNT_CHANGE_H

#include "sme.h"

struct app_ctx;

/* GET /account/region: the county now, the request's state, the form. */
enum sme_err	 account_change_region(struct app_ctx *c);

/* POST /account/region (county, reason): ask the leaving county. */
enum sme_err	 account_change_region_post(struct app_ctx *c);

/* GET /account/mobile: the mobile now (masked) and the form. */
enum sme_err	 account_change_mobile(struct app_ctx *c);

/* POST /account/mobile/sms (mobile): a code to the new number. */
enum sme_err	 account_change_mobile_sms(struct app_ctx *c);

/* POST /account/mobile (mobile, sms_code, current): change it. */
enum sme_err	 account_change_mobile_post(struct app_ctx *c);

#endif
