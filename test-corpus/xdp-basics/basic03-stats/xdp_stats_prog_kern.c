/* SPDX-License-Identifier: GPL-2.0 */
/* Lesson 3: counting verdicts in a per-CPU array. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../common/xdp_stats_kern.h"

SEC("xdp")
int xdp_stats_prog(struct xdp_md *ctx)
{
	return xdp_stats_record_action(ctx, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
