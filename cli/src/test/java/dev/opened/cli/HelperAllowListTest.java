package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * The transformer's helper allow-list with the kernel's own table (the test kernel's probe, as
 * {@code opened retarget} gets it): a helper the new program type may not call is an error at
 * its line of the repo file, one it may call is not, and the repo's own {@code bpf_}-named
 * function is not taken for a helper.
 */
class HelperAllowListTest {
    @TempDir
    static Path tmp;
    static Path db;

    @BeforeAll
    static void crawl() {
        Path repo = GitFixtures.repo(tmp.resolve("vlan"), Map.of("vlan.c", """
                #include <linux/bpf.h>
                #include <linux/pkt_cls.h>
                #include <bpf/bpf_helpers.h>
                #include <bpf/bpf_endian.h>

                static __always_inline int bpf_own_util(int x)
                {
                	return x + 1;
                }

                SEC("tc")
                int push_tag(struct __sk_buff *skb)
                {
                	if (bpf_own_util(skb->len) > 100)
                		bpf_skb_vlan_push(skb, bpf_htons(0x8100), 5);
                	return TC_ACT_OK;
                }

                SEC("tc")
                int count_len(struct __sk_buff *skb)
                {
                	if (bpf_own_util(skb->len) > 100)
                		return bpf_get_prandom_u32() & 1 ? TC_ACT_SHOT : TC_ACT_OK;
                	return TC_ACT_OK;
                }

                char _license[] SEC("license") = "GPL";
                """));
        db = tmp.resolve("cg.db");
        assertThat(Cli.run(db, "crawl", repo.toString()).exit()).isZero();
    }

    @Test
    void aHelperTheNewProgramTypeMayNotCallIsAnErrorAtItsLine() {
        Cli.Run run = Cli.run(db, "retarget", "push_tag@vlan", "--hook", "xdp", "-o", tmp.resolve("xdp").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).containsPattern("vlan\\.c:15:\\d+: error: bpf_skb_vlan_push is not allowed in xdp programs "
                + "\\(kernel [^)]+ says so\\)").doesNotContain("bpf_own_util").doesNotContain("bpf_htons");
        assertThat(tmp.resolve("xdp")).doesNotExist();
    }

    @Test
    void helpersTheNewProgramTypeMayCallPass() {
        Cli.Run same = Cli.run(db, "retarget", "push_tag@vlan", "--hook", "tc/egress", "-o", tmp.resolve("egress").toString());
        assertThat(same.exit()).as(same.err()).isZero();
        // bpf_get_prandom_u32 is allowed everywhere; tc's codes map onto xdp's
        Cli.Run xdp = Cli.run(db, "retarget", "count_len@vlan", "--hook", "xdp", "-o", tmp.resolve("count-xdp").toString());
        assertThat(xdp.err()).doesNotContain("is not allowed");
    }
}
