/* SPDX-License-Identifier: GPL-2.0 */
/* Packet lesson 3: trimming the packet's tail. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TRAILER_LEN 4
#define MIN_LEN 64

SEC("xdp")
int xdp_tail_trim_prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;

	if (data + MIN_LEN > data_end)
		return XDP_PASS;
	if (bpf_xdp_adjust_tail(ctx, -TRAILER_LEN))
		return XDP_ABORTED;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
