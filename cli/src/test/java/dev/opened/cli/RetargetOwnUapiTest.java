package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * A repo that carries its own copy of the UAPI {@code linux/bpf.h} (xdp-tools, bpf-examples do):
 * the extracted unit gets only the context struct the function used, so an XDP program retargeted
 * to tc needs {@code struct __sk_buff} from somewhere. It must compile with clang.
 */
class RetargetOwnUapiTest {
    @TempDir
    Path tmp;

    @Test
    void anXdpProgramOfARepoWithItsOwnBpfHeaderRetargetsToTcAndCompiles() {
        retargetAndBuild("", Map.of());
    }

    @Test
    void soDoesOneThatAlsoHasAHandWrittenVmlinuxHeader() {
        // not a BTF dump: a few kernel types the repo's programs read, under the name vmlinux.h
        String unit = retargetAndBuild("#include \"vmlinux.h\"\n", Map.of("headers/bpf/vmlinux.h", """
                #ifndef OWN_VMLINUX_H
                #define OWN_VMLINUX_H
                struct net_device {
                	int ifindex;
                };
                #endif
                """));
        assertThat(unit).contains("#include \"vmlinux.h\"");
    }

    private String retargetAndBuild(String firstInclude, Map<String, String> more) {
        Map<String, String> files = new java.util.HashMap<>(more);
        files.putAll(Map.of(
                "headers/linux/bpf.h", """
                        /* this repo's own copy of the few UAPI definitions its programs use */
                        #ifndef OWN_UAPI_BPF_H
                        #define OWN_UAPI_BPF_H
                        #include <linux/types.h>
                        enum xdp_action {
                        	XDP_ABORTED = 0,
                        	XDP_DROP,
                        	XDP_PASS,
                        	XDP_TX,
                        	XDP_REDIRECT,
                        };
                        struct xdp_md {
                        	__u32 data;
                        	__u32 data_end;
                        	__u32 data_meta;
                        	__u32 ingress_ifindex;
                        	__u32 rx_queue_index;
                        	__u32 egress_ifindex;
                        };
                        #endif
                        """,
                "short_drop.c", firstInclude + """
                        #include <linux/bpf.h>
                        #include <bpf/bpf_helpers.h>

                        /* drops frames too short for an Ethernet header */
                        SEC("xdp")
                        int short_drop(struct xdp_md *ctx)
                        {
                        	void *data = (void *)(long)ctx->data;
                        	void *data_end = (void *)(long)ctx->data_end;

                        	if (data + 14 > data_end)
                        		return XDP_DROP;
                        	return XDP_PASS;
                        }

                        char _license[] SEC("license") = "GPL";
                        """));
        Path repo = GitFixtures.repo(tmp.resolve("own-uapi"), files);
        Path db = tmp.resolve("cg.db");
        Cli.Run crawl = Cli.run(db, "crawl", repo.toString(), "-I", "headers", "-I", "headers/bpf");
        assertThat(crawl.exit()).as(crawl.err()).isZero();
        Path out = tmp.resolve("short_drop-tc");
        Cli.Run retarget = Cli.run(db, "retarget", "short_drop@own-uapi", "--hook", "tc", "-o", out.toString());
        assertThat(retarget.exit()).as(retarget.err()).isZero();
        Cli.Run build = Cli.run(db, "build", out.toString());
        assertThat(build.exit()).as(build.out() + build.err() + readUnit(out.resolve("short_drop.c"))).isZero();
        String unit = readUnit(out.resolve("short_drop.c"));
        assertThat(unit).contains("struct __sk_buff {").doesNotContain("#include <linux/bpf.h>");
        return unit;
    }

    private static String readUnit(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
