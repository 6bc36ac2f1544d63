/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 */
#ifndef LB_STRUCTS_H
#define LB_STRUCTS_H

#include <linux/types.h>

/* a flow: v4 and v6 addresses share the same storage */
struct flow_key {
	union {
		__be32 src;
		__be32 srcv6[4];
	};
	union {
		__be32 dst;
		__be32 dstv6[4];
	};
	union {
		__u32 ports;
		__u16 port16[2];
	};
	__u8 proto;
};

struct packet_description {
	struct flow_key flow;
	__u8 flags;
	__u8 tos;
};

struct vip_definition {
	union {
		__be32 vip;
		__be32 vipv6[4];
	};
	__u16 port;
	__u8 proto;
};

struct vip_meta {
	__u32 flags;
	__u32 vip_num;
};

struct real_pos_lru {
	__u32 pos;
	__u64 atime;
};

typedef struct lb_stats {
	__u64 v1;
	__u64 v2;
} lb_stats_t;

enum lb_verdict {
	LB_VERDICT_PASS = 0,
	LB_VERDICT_DROP,
	LB_VERDICT_SUBPROG,
};

/* kept for the healthchecker's user space; no program here reads it */
struct unused_hc_stats {
	__u64 pckts_processed;
	__u64 pckts_dropped;
};

#ifdef ICMP_TOOBIG_GENERATION
/* linux/icmp.h drags in libc's socket headers, which do not build for BPF */
struct icmp_hdr {
	__u8 type;
	__u8 code;
	__u16 checksum;
};

struct icmp_toobig_stats {
	__u64 v4;
	__u64 v6;
};
#endif

#endif /* LB_STRUCTS_H */
