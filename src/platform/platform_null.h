/* platform_null: extra controls of the null platform for tests. */
#ifndef VT_PLATFORM_NULL_H
#define VT_PLATFORM_NULL_H

#include "platform.h"

bool plat_null_push(const plat_event *ev); /* queue an event for plat_poll */
void plat_null_advance(double seconds);    /* move the clock */

#endif
