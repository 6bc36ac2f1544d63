/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of one filter program; written by the OPENED authors. Include it once from a .c file
 * that defines PROG_NAME (the program's name), COUNTS_MAP (its counters' map), FILTER_PROTO
 * (the IPv4 protocol it acts on) and FILTER_ACTION (what it does to such frames).
 */
#include "filter_common.h"

#ifndef PROG_NAME
#error "define PROG_NAME before including filter_prog.h"
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct filter_counts);
} COUNTS_MAP SEC(".maps");

SEC("xdp")
int PROG_NAME(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct filter_counts *counts = bpf_map_lookup_elem(&COUNTS_MAP, &zero);

	if (!counts)
		return XDP_ABORTED;
	if (ipv4_protocol(data, data_end) == FILTER_PROTO) {
		counts->matched++;
		return FILTER_ACTION;
	}
	counts->passed++;
	return XDP_PASS;
}
