/* SPDX-License-Identifier: GPL-2.0 */
/* Packet lesson 1: parse Ethernet (with VLANs), IPv4/IPv6 and drop ICMP echo requests.
 * Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../common/parsing_helpers.h"
#include "../common/xdp_stats_kern.h"

SEC("xdp")
int xdp_parser_prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor nh = { .pos = data };
	struct ethhdr *eth;
	struct iphdr *iph;
	struct ipv6hdr *ip6h;
	struct icmp_echo *icmp;
	__u32 action = XDP_PASS;
	int proto;

	proto = parse_ethhdr(&nh, data_end, &eth);
	if (proto == bpf_htons(ETH_P_IP)) {
		if (parse_iphdr(&nh, data_end, &iph) != IPPROTO_ICMP)
			goto out;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		if (parse_ip6hdr(&nh, data_end, &ip6h) != IPPROTO_ICMPV6)
			goto out;
	} else {
		goto out;
	}
	if (parse_icmp_echo(&nh, data_end, &icmp) == ICMP_ECHO_REQUEST)
		action = XDP_DROP;
out:
	return xdp_stats_record_action(ctx, action);
}

char _license[] SEC("license") = "GPL";
