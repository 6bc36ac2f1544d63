/* SPDX-License-Identifier: GPL-2.0 */
/* Lesson 1: the smallest XDP program. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass_prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
