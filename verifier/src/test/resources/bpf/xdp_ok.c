// SPDX-License-Identifier: GPL-2.0
/* Verifier test: a bounds-checked XDP program (OPENED's own). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_ok(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	return eth->h_proto ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
