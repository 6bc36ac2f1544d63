// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Copyright (c) 2026 The OPENED authors. Watches unlinkat with a kprobe pair and an fentry. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

const volatile bool verbose = false;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	const char *filename = BPF_CORE_READ(name, name);

	if (verbose)
		bpf_printk("KPROBE ENTRY pid = %d, filename = %s", pid, filename);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (verbose)
		bpf_printk("KPROBE EXIT: pid = %d, ret = %ld", pid, ret);
	return 0;
}

SEC("fentry/do_unlinkat")
int BPF_PROG(fentry_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (verbose)
		bpf_printk("fentry: pid = %d, filename = %s", pid, name->name);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
