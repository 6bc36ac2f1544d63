/* SPDX-License-Identifier: GPL-2.0 */
/* What every filter program shares; written by the OPENED authors. */
#ifndef FILTER_COMMON_H
#define FILTER_COMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct filter_counts {
	__u64 matched;
	__u64 passed;
};

/* The IPv4 protocol of the frame, or -1 when it is not IPv4 or too short. */
static __always_inline int ipv4_protocol(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return -1;
	return ip->protocol;
}

#endif
