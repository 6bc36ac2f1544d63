/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 */
#ifndef LB_CONSTS_H
#define LB_CONSTS_H

/* the main program's section, chosen at build time in real balancers */
#define PROG_SEC_NAME "xdp"

#define CTL_MAP_SIZE 16
#define MAX_VIPS (CTL_MAP_SIZE * 4)
#define LRU_SIZE 1024
#define MAX_REALS 256

#define F_IPV6 (1 << 0)
#define F_ICMP (1 << 1)
#define IS_V6(flags) (((flags) & F_IPV6) != 0)

#define IPV4_HDR_LEN_NO_OPT 20
#define PCKT_FRAG_MASK 0x3FFF

/* per-vip counters live after the global ones */
#define STATS_BASE 2
#define STATS_IDX(vip_num) ((vip_num) + STATS_BASE)
#define STATS_SIZE (MAX_VIPS + STATS_BASE)

#define LB_ICMP_DEST_UNREACH 3
#define LB_ICMP_FRAG_NEEDED 4

#define SUBPROG_ICMP 0
#define SUBPROG_SIZE 4

/* never used by any program */
#define UNUSED_LIMIT 42
#define UNUSED_SCALE(x) ((x) * UNUSED_LIMIT)

#endif /* LB_CONSTS_H */
