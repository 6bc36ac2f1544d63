// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 *
 * Tags healthcheck replies with the balancer's VLAN on TC ingress. Uses an skb-only helper.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define LB_VLAN_ID 42

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} ipv4_egress SEC(".maps");

SEC("tc")
int tc_vlan_tag(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), LB_VLAN_ID))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

/* counts what leaves as IPv4, by the ethertype the skb carries */
SEC("tc")
int tc_count_ipv4(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *n;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	n = bpf_map_lookup_elem(&ipv4_egress, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
