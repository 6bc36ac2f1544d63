/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAMES_H
#define FRAMES_H

#include <linux/if_ether.h>
#include "own_helpers.h"

#define MAX_PORTS 16
#define ETH_HEADROOM 14

struct frame_stats {
	unsigned long long frames;
	unsigned long long bytes;
	unsigned long long last_seen_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_PORTS);
	__type(key, unsigned int);
	__type(value, struct frame_stats);
} frame_stats_map SEC(".maps");

static __attribute__((always_inline)) inline int frame_is_short(void *data, void *data_end)
{
	return data + sizeof(struct ethhdr) > data_end;
}

#ifdef WITH_VLAN_STATS
static __attribute__((always_inline)) inline int count_vlan(struct ethhdr *eth)
{
	return eth->h_proto == __builtin_bswap16(ETH_P_8021Q);
}
#endif

#endif
