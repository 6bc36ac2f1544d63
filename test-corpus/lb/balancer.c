// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 *
 * The balancer's XDP entry: parse, look the vip up, pick a real through the LRU, count.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lb_consts.h"
#include "lb_structs.h"
#include "lb_maps.h"
#include "pckt_parsing.h"

int lb_subprog_icmp(struct xdp_md *ctx);

/* tail-call targets, by index; the ICMP one is set statically */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SUBPROG_SIZE);
	__uint(key_size, sizeof(__u32));
	__array(values, int (struct xdp_md *));
} subprograms SEC(".maps") = {
	.values = {
		[SUBPROG_ICMP] = (void *)&lb_subprog_icmp,
	},
};

static __always_inline void update_stats(__u32 idx, __u64 bytes)
{
	lb_stats_t *st = bpf_map_lookup_elem(&stats, &idx);

	if (!st)
		return;
	st->v1 += 1;
	st->v2 += bytes;
}

/* the v4/v6 dispatch; the healthchecker has its own, different one */
static __always_inline int process_l3_headers(struct packet_description *pckt, void *data,
					      void *data_end, __u64 off, __u16 proto)
{
	int len;

	if (proto == ETH_P_IP)
		len = parse_ipv4(data, data_end, off, pckt);
	else if (proto == ETH_P_IPV6)
		len = parse_ipv6(data, data_end, off, pckt);
	else
		return -1;
	if (len < 0)
		return -1;
	if (pckt->flow.proto == IPPROTO_UDP)
		return parse_udp(data, data_end, off + len, pckt);
	if (pckt->flow.proto == IPPROTO_TCP)
		return parse_tcp(data, data_end, off + len, pckt);
#if defined(ICMP_TOOBIG_GENERATION) && CTL_MAP_SIZE > 8
	if (pckt->flow.proto == IPPROTO_ICMP && parse_icmp_toobig(data, data_end, off + len))
		return 1;
#endif
	return 0;
}

static __always_inline __u32 pick_real(struct packet_description *pckt, struct vip_meta *meta)
{
	struct real_pos_lru *dst = bpf_map_lookup_elem(&lru_cache, &pckt->flow);
	struct real_pos_lru fresh = {};

	if (dst)
		return dst->pos;
	fresh.pos = (pckt->flow.ports ^ pckt->flow.src) % MAX_REALS;
	fresh.atime = bpf_ktime_get_ns();
	bpf_map_update_elem(&lru_cache, &pckt->flow, &fresh, BPF_ANY);
	return fresh.pos + meta->vip_num;
}

SEC(PROG_SEC_NAME)
int balancer_ingress(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct packet_description pckt = {};
	struct vip_definition vip = {};
	struct vip_meta *meta;
	__u16 proto;
	__u64 off;
	int ret;

	if (parse_eth(data, data_end, &proto, &off))
		return XDP_DROP;
	ret = process_l3_headers(&pckt, data, data_end, off, proto);
	if (ret < 0)
		return XDP_PASS;
	if (ret == 1) {
		/* ICMP errors are handled apart */
		bpf_tail_call(ctx, &subprograms, SUBPROG_ICMP);
		return XDP_PASS;
	}
	vip.vip = pckt.flow.dst;
	vip.port = pckt.flow.port16[1];
	vip.proto = pckt.flow.proto;
	meta = bpf_map_lookup_elem(&vip_map, &vip);
	if (!meta)
		return XDP_PASS;
	pick_real(&pckt, meta);
	update_stats(STATS_IDX(meta->vip_num), data_end - data);
#ifdef LB_DEBUG
	bpf_printk("lb: vip %u proto %u", meta->vip_num, pckt.flow.proto);
#endif
	return XDP_PASS;
}

/* tail-call target for ICMP errors: counted and passed */
SEC("xdp")
int lb_subprog_icmp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	update_stats(0, data_end - data);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
