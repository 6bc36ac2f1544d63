package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * {@code hookpoints --verify}, one boot: a tc program that rewrites ports fits xdp and tc and the
 * kernel accepts both; socket and cgroup_skb are refused before any load, at their lines, as the
 * kernel would refuse them (no packet pointers in a socket filter, no packet writes in cgroup_skb).
 */
@Tag("kernel")
class HookpointsVerifyTest {
    @TempDir
    static Path tmp;
    static Cli.Run run;

    @BeforeAll
    static void verifyEveryCandidateInOneBoot() {
        Path db = tmp.resolve("cg.db");
        Path repo = GitFixtures.repo(tmp.resolve("ports"), Map.of("ports.c", """
                #include <linux/bpf.h>
                #include <linux/if_ether.h>
                #include <linux/ip.h>
                #include <linux/udp.h>
                #include <linux/pkt_cls.h>
                #include <bpf/bpf_helpers.h>
                #include <bpf/bpf_endian.h>

                SEC("tc")
                int bump_port(struct __sk_buff *skb)
                {
                	void *data_end = (void *)(long)skb->data_end;
                	void *data = (void *)(long)skb->data;
                	struct ethhdr *eth = data;
                	struct iphdr *iph = (void *)(eth + 1);
                	struct udphdr *udph = (void *)(iph + 1);

                	if ((void *)(udph + 1) > data_end || iph->protocol != 17)
                		return TC_ACT_OK;
                	udph->source = bpf_htons(bpf_ntohs(udph->source) + 1);
                	return TC_ACT_OK;
                }

                char _license[] SEC("license") = "GPL";
                """));
        assertThat(Cli.run(db, "crawl", repo.toString()).exit()).isZero();
        run = Cli.run(db, "hookpoints", "bump_port@ports", "--verify");
    }

    @Test
    void whatFitsIsWhatTheKernelAccepts() {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("\\n  xdp +xdp +fits \\(built and loaded: the kernel accepted it\\)\\n")
                .containsPattern("\\n  tc +sched_cls +fits \\(built and loaded: the kernel accepted it\\)\\n")
                .containsPattern("\\n  socket +socket_filter +no\\n")
                .containsPattern("\\n  cgroup_skb/ingress +cgroup_skb +no\\n")
                .contains("ports.c:20:2: error: a cgroup_skb program cannot write into the packet")
                .contains("ports.c:12:38: error: struct __sk_buff has no field data_end that a socket_filter program may use");
    }
}
