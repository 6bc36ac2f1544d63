/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers as the kernel's older samples declared them: a pointer to each helper's number. */
#ifndef OWN_HELPERS_H
#define OWN_HELPERS_H

#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

static void *(*bpf_map_lookup_elem)(void *map, const void *key) =
	(void *) BPF_FUNC_map_lookup_elem;
static int (*bpf_map_update_elem)(void *map, const void *key, const void *value,
				  unsigned long long flags) =
	(void *) BPF_FUNC_map_update_elem;
static int (*bpf_xdp_adjust_head)(void *ctx, int delta) =
	(void *) BPF_FUNC_xdp_adjust_head;
static unsigned long long (*bpf_ktime_get_ns)(void) =
	(void *) BPF_FUNC_ktime_get_ns;

#endif
