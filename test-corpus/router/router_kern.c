/* SPDX-License-Identifier: GPL-2.0 */
/* A router: IPv4 packets to 10.0.0.0/24 get their TTL decremented and are redirected; the
 * action taken is counted per action code. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef XDP_ACTION_MAX
#define XDP_ACTION_MAX (XDP_REDIRECT + 1)
#endif

#define ROUTE_PREFIX 0x0a000000 /* 10.0.0.0/24 */
#define OUT_IFINDEX 1

struct action_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct action_stats);
	__uint(max_entries, XDP_ACTION_MAX);
} action_counts SEC(".maps");

static __always_inline int record_action(struct xdp_md *ctx, __u32 action)
{
	struct action_stats *s;

	if (action >= XDP_ACTION_MAX)
		return XDP_ABORTED;
	s = bpf_map_lookup_elem(&action_counts, &action);
	if (!s)
		return XDP_ABORTED;
	s->packets++;
	s->bytes += (long)ctx->data_end - (long)ctx->data;
	return action;
}

static __always_inline void decrement_ttl(struct iphdr *iph)
{
	__u32 check = iph->check;

	check += bpf_htons(0x0100);
	iph->check = (__u16)(check + (check >= 0xFFFF));
	iph->ttl--;
}

SEC("xdp")
int xdp_router(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	int action = XDP_PASS;

	if ((void *)(eth + 1) > data_end) {
		action = XDP_DROP;
		goto out;
	}
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		goto out;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end) {
		action = XDP_DROP;
		goto out;
	}
	if ((bpf_ntohl(iph->daddr) & 0xffffff00) != ROUTE_PREFIX)
		goto out;
	if (iph->ttl <= 1) {
		action = XDP_DROP;
		goto out;
	}
	decrement_ttl(iph);
	action = bpf_redirect(OUT_IFINDEX, 0);
out:
	return record_action(ctx, action);
}

char _license[] SEC("license") = "GPL";
