// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Copyright (c) 2026 The OPENED authors. A plain pt_regs kprobe on openat, sent by perf buffer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct open_event {
	int pid;
	int dfd;
	int flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} open_events SEC(".maps");

static __always_inline void emit_open(struct pt_regs *ctx, int dfd, int flags)
{
	struct open_event e = {};

	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.dfd = dfd;
	e.flags = flags;
	bpf_perf_event_output(ctx, &open_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
}

SEC("kprobe/do_sys_openat2")
int trace_openat2(struct pt_regs *ctx)
{
	int dfd = (int)PT_REGS_PARM1(ctx);

	emit_open(ctx, dfd, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
