/*
 * monoclock.h - the monotonic clock in milliseconds, for waits and
 * timeouts that a change of the wall clock must not stretch.
 */
#ifndef MONOCLOCK_H
#define MONOCLOCK_H

/* Milliseconds of CLOCK_MONOTONIC (from an arbitrary start). */
long long	 monoclock_ms(void);

#endif
