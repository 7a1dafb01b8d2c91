/*
 * gw_kannel.h - the kannel adapter: Kannel's HTTP sendsms interface, with
 * a dlr-url that brings delivery reports back to sme-sms.
 */
#ifndef GW_KANNEL_H
#define GW_KANNEL_H

#include "gw.h"

extern const struct gw_ops gw_kannel_ops;

#endif
