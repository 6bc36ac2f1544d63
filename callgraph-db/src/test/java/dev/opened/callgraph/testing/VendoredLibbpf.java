package dev.opened.callgraph.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A repository that vendors libbpf as a git submodule, as tracee, xdp-tools and libbpf-bootstrap
 * do: our own small stand-in for libbpf's {@code src/} (a helpers header with a macro the system's
 * libbpf does not have) pinned at {@code lib/libbpf}, and a program that uses that macro.
 */
public final class VendoredLibbpf {
    /** The submodule's path in the superproject. */
    public static final String PATH = "lib/libbpf";

    /** The stand-in libbpf's files: the three its {@code src/} is recognised by, and the macro only it has. */
    public static final Map<String, String> LIBBPF = Map.of(
            "src/libbpf.h", "/* the user-space API of the stand-in libbpf: nothing an eBPF program uses */\n"
                    + "#ifndef STANDIN_LIBBPF_H\n#define STANDIN_LIBBPF_H\nint standin_open(const char *path);\n#endif\n",
            "src/bpf_helper_defs.h", "/* helpers as libbpf declares them: a pointer to the helper's number */\n"
                    + "static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;\n",
            "src/bpf_helpers.h", "#ifndef STANDIN_BPF_HELPERS_H\n#define STANDIN_BPF_HELPERS_H\n"
                    + "#include \"bpf_helper_defs.h\"\n"
                    + "#define SEC(name) __attribute__((section(name), used))\n"
                    + "#define __uint(name, val) int (*name)[val]\n"
                    + "#define __type(name, val) typeof(val) *name\n"
                    + "/* newer than any system libbpf: a build against the system's fails */\n"
                    + "#define VENDORED_CLAMP(v, hi) ((v) > (hi) ? (hi) : (v))\n"
                    + "static inline int vendored_noop(void) { return 0; }\n"
                    + "#endif\n",
            "src/libbpf.c", "#include <stdlib.h>\n#include \"libbpf.h\"\nint standin_open(const char *path) { return path ? 0 : -1; }\n",
            ".github/ci/vmlinux.h", "#error the vendored project's CI types, no input of the superproject's build\n");

    /** The superproject's own files. */
    public static final Map<String, String> PROGRAM = Map.of("prog.bpf.c", """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct {
                __uint(type, BPF_MAP_TYPE_ARRAY);
                __uint(max_entries, 4);
                __type(key, __u32);
                __type(value, __u64);
            } slot_hits SEC(".maps");

            SEC("xdp")
            int count_slot(struct xdp_md *ctx)
            {
                __u32 slot = VENDORED_CLAMP(ctx->rx_queue_index, 3);
                __u64 *hits = bpf_map_lookup_elem(&slot_hits, &slot);

                if (hits)
                    __sync_fetch_and_add(hits, 1);
                return XDP_PASS;
            }

            char LICENSE[] SEC("license") = "GPL";
            """);

    private VendoredLibbpf() {
    }

    /** The stand-in libbpf, a repository of its own at {@code dir}. */
    public static Path libbpf(Path dir) {
        return GitFixtures.repo(dir, LIBBPF);
    }

    /**
     * The superproject at {@code dir}, with {@code libbpf} added as the submodule {@link #PATH}
     * (checked out, as {@code git clone --recurse-submodules} leaves it) and committed.
     */
    public static Path superproject(Path dir, Path libbpf) {
        GitFixtures.repo(dir, PROGRAM);
        try (Git git = Git.open(dir.toFile())) {
            git.submoduleAdd().setPath(PATH).setURI(libbpf.toUri().toString()).call().close();
            PersonIdent who = new PersonIdent("OPENED tests", "tests@opened.invalid");
            git.commit().setMessage("vendor libbpf").setAuthor(who).setCommitter(who).setSign(false).call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** A bare clone of {@code repo}, as a mirror holds it: no submodule checked out. */
    public static Path bareClone(Path repo, Path dir) {
        try (Git git = Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(dir.toFile()).setBare(true).call()) {
            return dir;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }
}
