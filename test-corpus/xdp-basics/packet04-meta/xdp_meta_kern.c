/* SPDX-License-Identifier: GPL-2.0 */
/* Packet lesson 4: what the context tells besides the packet. Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct rx_key {
	__u32 ifindex;
	__u32 queue;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct rx_key);
	__type(value, __u64);
	__uint(max_entries, 256);
} rx_counts SEC(".maps");

SEC("xdp")
int xdp_meta_prog(struct xdp_md *ctx)
{
	void *meta = (void *)(long)ctx->data_meta;
	void *data = (void *)(long)ctx->data;
	struct rx_key key = {};
	__u64 one = 1, *count;

	/* a metadata area, when the driver gave one, must end where the packet starts */
	if (meta > data)
		return XDP_ABORTED;
	key.ifindex = ctx->ingress_ifindex;
	key.queue = ctx->rx_queue_index;
	count = bpf_map_lookup_elem(&rx_counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&rx_counts, &key, &one, BPF_NOEXIST);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
