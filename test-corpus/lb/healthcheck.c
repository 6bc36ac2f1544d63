// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 *
 * Healthcheck probes on TC egress: count them per real, drop the ones to unknown reals.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lb_consts.h"
#include "lb_structs.h"
#include "pckt_parsing.h"

#define HC_PORT 4242

struct hc_key {
	__be32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct hc_key);
	__type(value, __u64);
	__uint(max_entries, MAX_REALS);
} hc_reals SEC(".maps");

/* same name as the balancer's, another job: only v4 UDP probes matter here */
static __always_inline int process_l3_headers(void *data, void *data_end, struct hc_key *key)
{
	struct packet_description pckt = {};
	__u16 proto;
	__u64 off;
	int len;

	if (parse_eth(data, data_end, &proto, &off) || proto != ETH_P_IP)
		return -1;
	len = parse_ipv4(data, data_end, off, &pckt);
	if (len < 0 || pckt.flow.proto != IPPROTO_UDP)
		return -1;
	if (parse_udp(data, data_end, off + len, &pckt))
		return -1;
	if (pckt.flow.port16[1] != bpf_htons(HC_PORT))
		return -1;
	key->addr = pckt.flow.dst;
	return 0;
}

SEC("tc")
int healthcheck_encap(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct hc_key key = {};
	__u64 *count;

	if (process_l3_headers(data, data_end, &key))
		return TC_ACT_OK;
	count = bpf_map_lookup_elem(&hc_reals, &key);
	if (!count)
		return TC_ACT_SHOT;
	__sync_fetch_and_add(count, 1);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
