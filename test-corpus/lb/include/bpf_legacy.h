/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The OPENED authors.
 * The map definition libbpf before 1.0 offered; kept for the old counters.
 */
#ifndef BPF_LEGACY_H
#define BPF_LEGACY_H

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

#endif
