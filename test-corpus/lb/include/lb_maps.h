/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 */
#ifndef LB_MAPS_H
#define LB_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lb_consts.h"
#include "lb_structs.h"

/* vip -> its metadata */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct vip_definition);
	__type(value, struct vip_meta);
	__uint(max_entries, MAX_VIPS);
} vip_map SEC(".maps");

/* connection table */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct flow_key);
	__type(value, struct real_pos_lru);
	__uint(max_entries, LRU_SIZE);
} lru_cache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, lb_stats_t);
	__uint(max_entries, STATS_SIZE);
} stats SEC(".maps");

/* real servers, by position; only the healthchecker's user space fills it */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __be32);
	__uint(max_entries, MAX_REALS);
} reals SEC(".maps");

#ifdef ICMP_TOOBIG_GENERATION
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct icmp_toobig_stats);
	__uint(max_entries, 1);
} icmp_toobig_counters SEC(".maps");
#endif

#endif /* LB_MAPS_H */
