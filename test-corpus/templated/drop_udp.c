/* SPDX-License-Identifier: GPL-2.0 */
/* Drops UDP over IPv4; the program itself is the shared template's. Written by the OPENED authors. */
#include <linux/in.h>

#define PROG_NAME xdp_drop_udp
#define COUNTS_MAP udp_counts
#define FILTER_PROTO IPPROTO_UDP
#define FILTER_ACTION XDP_DROP
#include "filter_prog.h"

char _license[] SEC("license") = "GPL";
