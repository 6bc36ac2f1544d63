/* SPDX-License-Identifier: GPL-2.0 */
/* Counts ICMP over IPv4 and lets it through; the shared template's program. Written by the OPENED authors. */
#include <linux/in.h>

#define PROG_NAME xdp_count_icmp
#define COUNTS_MAP icmp_counts
#define FILTER_PROTO IPPROTO_ICMP
#define FILTER_ACTION XDP_PASS
#include "filter_prog.h"

char _license[] SEC("license") = "GPL";
