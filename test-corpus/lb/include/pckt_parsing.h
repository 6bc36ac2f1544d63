/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The OPENED authors.
 * This program is free software; you can redistribute it and/or modify it under the terms of
 * the GNU General Public License version 2 as published by the Free Software Foundation.
 */
#ifndef PCKT_PARSING_H
#define PCKT_PARSING_H

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <bpf/bpf_endian.h>
#include "lb_consts.h"
#include "lb_structs.h"

/* Reads the ethertype; *off is left just past the Ethernet header. */
static __always_inline int parse_eth(void *data, void *data_end, __u16 *proto, __u64 *off)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return -1;
	*proto = bpf_ntohs(eth->h_proto);
	*off = sizeof(struct ethhdr);
	return 0;
}

static __always_inline int parse_ipv4(void *data, void *data_end, __u64 off,
				      struct packet_description *pckt)
{
	struct iphdr *iph = data + off;

	if ((void *)(iph + 1) > data_end)
		return -1;
	if (iph->ihl * 4 != IPV4_HDR_LEN_NO_OPT)
		return -1;
	/* fragments are not balanced */
	if (iph->frag_off & bpf_htons(PCKT_FRAG_MASK))
		return -1;
	pckt->flow.proto = iph->protocol;
	pckt->flow.src = iph->saddr;
	pckt->flow.dst = iph->daddr;
	pckt->tos = iph->tos;
	return IPV4_HDR_LEN_NO_OPT;
}

static __always_inline int parse_ipv6(void *data, void *data_end, __u64 off,
				      struct packet_description *pckt)
{
	struct ipv6hdr *ip6h = data + off;

	if ((void *)(ip6h + 1) > data_end)
		return -1;
	pckt->flow.proto = ip6h->nexthdr;
	pckt->flags |= F_IPV6;
	__builtin_memcpy(pckt->flow.srcv6, ip6h->saddr.s6_addr32, 16);
	__builtin_memcpy(pckt->flow.dstv6, ip6h->daddr.s6_addr32, 16);
	return sizeof(struct ipv6hdr);
}

static __always_inline int parse_udp(void *data, void *data_end, __u64 off,
				     struct packet_description *pckt)
{
	struct udphdr *udp = data + off;

	if ((void *)(udp + 1) > data_end)
		return -1;
	pckt->flow.port16[0] = udp->source;
	pckt->flow.port16[1] = udp->dest;
	return 0;
}

static __always_inline int parse_tcp(void *data, void *data_end, __u64 off,
				     struct packet_description *pckt)
{
	struct tcphdr *tcp = data + off;

	if ((void *)(tcp + 1) > data_end)
		return -1;
	if (tcp->syn)
		pckt->flags |= F_ICMP >> 1;
	pckt->flow.port16[0] = tcp->source;
	pckt->flow.port16[1] = tcp->dest;
	return 0;
}

#ifdef ICMP_TOOBIG_GENERATION
/* Tells whether the packet is an ICMP "fragmentation needed" error. */
static __always_inline int parse_icmp_toobig(void *data, void *data_end, __u64 off)
{
	struct icmp_hdr *icmp = data + off;

	if ((void *)(icmp + 1) > data_end)
		return 0;
	return icmp->type == LB_ICMP_DEST_UNREACH && icmp->code == LB_ICMP_FRAG_NEEDED;
}
#endif

/* GRE is not balanced yet; nothing calls this */
static __always_inline int parse_gre(void *data, void *data_end, __u64 off)
{
	__u32 *gre = data + off;

	if ((void *)(gre + 1) > data_end)
		return -1;
	return *gre != 0;
}

#endif /* PCKT_PARSING_H */
