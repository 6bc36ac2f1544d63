/* SPDX-License-Identifier: GPL-2.0 */
#include "own_helpers.h"
#include "frames.h"
#include "limits.h"

static __attribute__((always_inline)) inline void account(struct xdp_md *ctx, unsigned int port)
{
	struct frame_stats *st = bpf_map_lookup_elem(&frame_stats_map, &port);

	if (!st)
		return;
	st->frames++;
	st->bytes += ctx->data_end - ctx->data;
	st->last_seen_ns = bpf_ktime_get_ns();
}

SEC("xdp")
int frame_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (frame_is_short(data, data_end))
		return XDP_DROP;
	account(ctx, ctx->ingress_ifindex % MAX_PORTS);
	return XDP_PASS;
}

SEC("xdp")
int strip_frame(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (frame_is_short(data, data_end))
		return XDP_PASS;
#ifdef WITH_VLAN_STATS
	if (count_vlan(data))
		account(ctx, 0);
#endif
	if (bpf_xdp_adjust_head(ctx, ETH_HEADROOM))
		return XDP_ABORTED;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
