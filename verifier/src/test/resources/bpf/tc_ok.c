// SPDX-License-Identifier: GPL-2.0
/* Verifier test: a TC classifier that counts by protocol (OPENED's own). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} tc_counts SEC(".maps");

SEC("tc")
int tc_ok(struct __sk_buff *skb)
{
	__u32 key = skb->protocol & 3;
	__u64 *v = bpf_map_lookup_elem(&tc_counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
