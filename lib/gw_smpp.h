/*
 * gw_smpp.h - the smpp adapter: SMPP 3.4 straight to an SMSC over TCP,
 * bound as a transceiver so that delivery receipts come back on the same
 * connection as deliver_sm.
 */
#ifndef GW_SMPP_H
#define GW_SMPP_H

#include "gw.h"

extern const struct gw_ops gw_smpp_ops;

#endif
