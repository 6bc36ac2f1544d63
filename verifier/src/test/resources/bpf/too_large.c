// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier test: a loop bounded at a million turns, which the verifier walks turn by turn until
 * its limit of a million instructions (OPENED's own). Under QEMU without KVM that takes the
 * verifier over a second, which also stands for a program that wedges the guest.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_too_large(struct xdp_md *ctx)
{
	volatile __u32 sum = ctx->rx_queue_index;

	for (int i = 0; i < 1000000; i++)
		sum += i;
	return sum & 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
