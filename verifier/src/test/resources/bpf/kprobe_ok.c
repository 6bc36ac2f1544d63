// SPDX-License-Identifier: GPL-2.0
/* Verifier test: a kprobe reading its first argument (OPENED's own). */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_sys_openat2")
int kprobe_ok(struct pt_regs *ctx)
{
	__u64 pid = bpf_get_current_pid_tgid() >> 32;

	return ctx->rdi == pid;
}

char LICENSE[] SEC("license") = "GPL";
