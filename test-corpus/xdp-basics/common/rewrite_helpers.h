/* SPDX-License-Identifier: GPL-2.0 */
/* Packet rewriting helpers for the lessons, written by the OPENED authors. */
#ifndef __REWRITE_HELPERS_H
#define __REWRITE_HELPERS_H

#include <linux/if_ether.h>
#include <linux/ip.h>

static __always_inline void swap_src_dst_mac(struct ethhdr *eth)
{
	__u8 h_tmp[ETH_ALEN];

	__builtin_memcpy(h_tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, h_tmp, ETH_ALEN);
}

static __always_inline void swap_src_dst_ipv4(struct iphdr *iphdr)
{
	__be32 tmp = iphdr->saddr;

	iphdr->saddr = iphdr->daddr;
	iphdr->daddr = tmp;
}

#endif /* __REWRITE_HELPERS_H */
