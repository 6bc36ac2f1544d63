/* SPDX-License-Identifier: GPL-2.0 */
/* Packet lesson 2: rewriting headers, and bouncing ICMP echo back out of the same port.
 * Written by the OPENED authors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../common/parsing_helpers.h"
#include "../common/rewrite_helpers.h"

#define REWRITE_PORT_DELTA 1

/* Moves UDP traffic one port down. */
SEC("xdp")
int xdp_port_rewrite_prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor nh = { .pos = data };
	struct ethhdr *eth;
	struct iphdr *iph;
	struct udphdr *udph;

	if (parse_ethhdr(&nh, data_end, &eth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (parse_iphdr(&nh, data_end, &iph) != IPPROTO_UDP)
		return XDP_PASS;
	if (parse_udphdr(&nh, data_end, &udph) < 0)
		return XDP_PASS;
	udph->dest = bpf_htons(bpf_ntohs(udph->dest) - REWRITE_PORT_DELTA);
	return XDP_PASS;
}

/* Answers ICMP echo requests by swapping addresses and transmitting the packet back. */
SEC("xdp")
int xdp_icmp_echo_prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor nh = { .pos = data };
	struct ethhdr *eth;
	struct iphdr *iph;
	struct icmp_echo *icmp;

	if (parse_ethhdr(&nh, data_end, &eth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (parse_iphdr(&nh, data_end, &iph) != IPPROTO_ICMP)
		return XDP_PASS;
	if (parse_icmp_echo(&nh, data_end, &icmp) != ICMP_ECHO_REQUEST)
		return XDP_PASS;
	swap_src_dst_ipv4(iph);
	swap_src_dst_mac(eth);
	icmp->type = ICMP_ECHO_REPLY;
	icmp->cksum += bpf_htons(ICMP_ECHO_REQUEST << 8);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
