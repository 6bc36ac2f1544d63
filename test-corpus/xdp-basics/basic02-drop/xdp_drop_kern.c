/* SPDX-License-Identifier: GPL-2.0 */
/* Lesson 2: dropping, and aborting. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_drop_prog(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int xdp_abort_prog(struct xdp_md *ctx)
{
	return XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
