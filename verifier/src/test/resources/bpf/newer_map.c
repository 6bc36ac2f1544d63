// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier test: an object with a map of a type newer than the test kernel (33, the arena map of
 * 6.9), as feature-probing repos keep one. Only the program that uses it depends on it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, 33);
	__uint(max_entries, 1);
	__uint(map_flags, 1024); /* BPF_F_MMAPABLE */
} probe_newer SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} plain_counts SEC(".maps");

SEC("xdp")
int xdp_counts_only(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&plain_counts, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_uses_newer(struct xdp_md *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&probe_newer, &k) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
