/* SPDX-License-Identifier: GPL-2.0 */
/* Limits shared with user space. Two headers define the same names, as C allows: the same
 * replacement list again, or a definition an #ifndef skips. */
#ifndef LIMITS_H
#define LIMITS_H

#define ETH_HEADROOM 14

#ifndef MAX_PORTS
#define MAX_PORTS 16
#endif

#endif
