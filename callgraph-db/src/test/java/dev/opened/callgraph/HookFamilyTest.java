package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hook table read from its file: the answers the crawler, transformer and CLI used to hard-code. */
class HookFamilyTest {
    @Test
    void sectionsGiveTheProgramTypesLibbpfGivesThem() {
        assertThat(HookFamily.programTypeOf("xdp_icmp_echo")).isEqualTo("xdp");
        assertThat(HookFamily.programTypeOf("tc-ingress")).isEqualTo("sched_cls");
        assertThat(HookFamily.programTypeOf("kretprobe/do_unlinkat")).isEqualTo("kprobe");
        assertThat(HookFamily.programTypeOf("tp_btf/sched_switch")).isEqualTo("tracing");
        assertThat(HookFamily.programTypeOf("tp/syscalls/sys_enter_openat")).isEqualTo("tracepoint");
        assertThat(HookFamily.programTypeOf("cgroup/skb")).isEqualTo("cgroup_skb");
        assertThat(HookFamily.programTypeOf("cgroup/connect4")).isEqualTo("cgroup_sock_addr");
        assertThat(HookFamily.programTypeOf(".maps")).isNull();
        assertThat(HookFamily.programTypeOf("license")).isNull();
        assertThat(HookFamily.programTypeOf("my_own_section")).isNull();
    }

    @Test
    void aProgramsFamilyComesFromItsTypeAndSection() {
        assertThat(HookFamily.familyName("kretprobe/x", "kprobe")).isEqualTo("kretprobe");
        assertThat(HookFamily.familyName("uretprobe/x", "kprobe")).isEqualTo("kretprobe");
        assertThat(HookFamily.familyName("ksyscall/x", "kprobe")).isEqualTo("kprobe");
        assertThat(HookFamily.familyName("fexit/x", "tracing")).isEqualTo("fexit");
        assertThat(HookFamily.familyName("fmod_ret/x", "tracing")).isEqualTo("fentry");
        assertThat(HookFamily.familyName("action", "sched_act")).isEqualTo("tc");
        assertThat(HookFamily.familyName("socket", "socket_filter")).isEqualTo("socket");
        assertThat(HookFamily.familyName("lsm/file_open", "lsm")).isEqualTo("lsm");
        assertThat(HookFamily.familyName("x", null)).isNull();
    }

    @Test
    void contextsReturnCodesAndGroups() {
        assertThat(HookFamily.boundContext("__sk_buff").name()).isEqualTo("tc");
        assertThat(HookFamily.boundContext("pt_regs").name()).isEqualTo("kprobe");
        assertThat(HookFamily.boundContext("bpf_raw_tracepoint_args")).isNull();
        assertThat(HookFamily.named("socket").sharesContext(HookFamily.named("cgroup_skb"))).isTrue();
        assertThat(HookFamily.named("xdp").sharesContext(HookFamily.named("tc"))).isFalse();
        assertThat(HookFamily.named("kretprobe").sharesContext(HookFamily.named("kprobe"))).isTrue();
        assertThat(HookFamily.named("classifier").programType()).isEqualTo("sched_cls");
        assertThat(HookFamily.named("xdp").returnCodes()).containsEntry("XDP_PASS", 2L);
        assertThat(HookFamily.named("tc").returnCodes()).containsEntry("TC_ACT_UNSPEC", -1L);
        assertThat(HookFamily.named("fentry").context().decl()).isEqualTo("unsigned long long *ctx");
        assertThat(HookFamily.programTypeOfHook("TC/ingress")).isEqualTo("sched_cls");
        assertThat(HookFamily.programTypeOfHook("sched_cls")).isEqualTo("sched_cls");
    }
}
