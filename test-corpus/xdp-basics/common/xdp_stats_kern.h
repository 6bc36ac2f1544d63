/* SPDX-License-Identifier: GPL-2.0 */
/* Per-action packet and byte counters, written by the OPENED authors. */
#ifndef __XDP_STATS_KERN_H
#define __XDP_STATS_KERN_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp_stats_kern_user.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct datarec);
	__uint(max_entries, XDP_ACTION_MAX);
} xdp_stats_map SEC(".maps");

/* Counts the packet under its verdict and hands the verdict back. */
static __always_inline __u32 xdp_stats_record_action(struct xdp_md *ctx, __u32 action)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct datarec *rec;

	if (action >= XDP_ACTION_MAX)
		return XDP_ABORTED;
	rec = bpf_map_lookup_elem(&xdp_stats_map, &action);
	if (!rec)
		return XDP_ABORTED;
	rec->rx_packets++;
	rec->rx_bytes += (data_end - data);
	return action;
}

#endif /* __XDP_STATS_KERN_H */
