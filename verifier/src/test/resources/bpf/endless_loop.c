// SPDX-License-Identifier: GPL-2.0
/* Verifier test: a loop with no bound the verifier can see (OPENED's own). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_endless_loop(struct xdp_md *ctx)
{
	volatile __u32 spin = ctx->rx_queue_index;

	while (spin != 0x7fffffff)
		spin = spin | 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
