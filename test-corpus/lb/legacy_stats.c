// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 *
 * Old-style counters: a legacy bpf_map_def map, as balancers written before BTF maps have.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"
#include "lb_consts.h"

struct bpf_map_def SEC("maps") legacy_counters = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = CTL_MAP_SIZE,
};

SEC("xdp")
int xdp_legacy_count(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index % CTL_MAP_SIZE;
	__u64 *value = bpf_map_lookup_elem(&legacy_counters, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
