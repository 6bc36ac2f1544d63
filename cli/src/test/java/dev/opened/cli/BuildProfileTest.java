package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.extractor.Makefiles;
import dev.opened.extractor.Manifest;

/**
 * Build profiles end to end: one git repo of our own C whose program calls a helper function and
 * uses a map only under {@code #ifdef FEATURE}, crawled as the default profile and as profile
 * {@code feat} ({@code -D FEATURE -D HIT_SLOTS=2}); the program extracted under each profile pulls in
 * what that profile's build compiles, and both units compile with clang: the feature's map is in
 * the object only under the profile.
 */
class BuildProfileTest {
    private static final String FILTER_C = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct {
                __uint(type, BPF_MAP_TYPE_ARRAY);
                __uint(max_entries, 4);
                __type(key, __u32);
                __type(value, __u64);
            } pass_count SEC(".maps");

            #ifdef FEATURE
            struct {
                __uint(type, BPF_MAP_TYPE_ARRAY);
                __uint(max_entries, HIT_SLOTS);
                __type(key, __u32);
                __type(value, __u64);
            } feature_hits SEC(".maps");

            static __always_inline void note_feature(__u32 slot)
            {
                __u64 *hits = bpf_map_lookup_elem(&feature_hits, &slot);
                if (hits)
                    __sync_fetch_and_add(hits, 1);
            }
            #endif

            SEC("xdp")
            int count_pass(struct xdp_md *ctx)
            {
                __u32 key = 0;
                __u64 *n = bpf_map_lookup_elem(&pass_count, &key);
                if (n)
                    __sync_fetch_and_add(n, 1);
            #ifdef FEATURE
                note_feature(1);
            #endif
                return XDP_PASS;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    static Path tmp;
    static Path db;
    static Path repo;

    @BeforeAll
    static void crawlBothProfiles() {
        repo = GitFixtures.repo(tmp.resolve("feat-repo"), Map.of("filter.c", FILTER_C));
        db = tmp.resolve("cg.db");
        Cli.Run plain = Cli.run(db, "crawl", repo.toString(), "--name", "fr");
        assertThat(plain.exit()).as(plain.err()).isZero();
        Cli.Run feat = Cli.run(db, "crawl", repo.toString(), "--name", "fr", "--profile", "feat", "-D", "FEATURE", "-D",
                "HIT_SLOTS=2");
        assertThat(feat.exit()).as(feat.err()).isZero();
        assertThat(feat.out()).startsWith("fr+feat");
    }

    @Test
    void reposListsEachProfileWithItsFlags() {
        Cli.Run run = Cli.run(db, "repos");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines().filter(l -> l.startsWith("fr ")).findFirst().orElseThrow()).endsWith("[profile default]");
        assertThat(run.out().lines().filter(l -> l.startsWith("fr+feat ")).findFirst().orElseThrow())
                .endsWith("[profile feat: -DFEATURE -DHIT_SLOTS=2]");
        Cli.Run json = Cli.run(db, "repos", "--format", "json");
        var rows = com.google.gson.JsonParser.parseString(json.out()).getAsJsonArray();
        assertThat(rows).hasSize(2);
        var feat = rows.get(1).getAsJsonObject();
        assertThat(feat.get("name").getAsString()).isEqualTo("fr+feat");
        assertThat(feat.get("base").getAsString()).isEqualTo("fr");
        assertThat(feat.get("profile").getAsString()).isEqualTo("feat");
        assertThat(feat.getAsJsonArray("defines").toString()).isEqualTo("[\"FEATURE\",\"HIT_SLOTS=2\"]");
        assertThat(rows.get(0).getAsJsonObject().get("profile").getAsString()).isEqualTo("default");
    }

    @Test
    void theProfileDecidesWhatTheUnitPullsInAndBothCompile() throws Exception {
        Path plainDir = tmp.resolve("plain");
        Cli.Run plain = Cli.run(db, "extract", "count_pass@fr", "-o", plainDir.toString());
        assertThat(plain.exit()).as(plain.err()).isZero();
        Path featDir = tmp.resolve("feat");
        Cli.Run feat = Cli.run(db, "extract", "count_pass@fr", "--profile", "feat", "-o", featDir.toString());
        assertThat(feat.exit()).as(feat.err()).isZero();

        Manifest p = Manifest.read(plainDir);
        Manifest f = Manifest.read(featDir);
        assertThat(p.profile()).isEqualTo("default");
        assertThat(p.repo()).isEqualTo("fr");
        assertThat(f.profile()).isEqualTo("feat");
        assertThat(f.repo()).isEqualTo("fr+feat");
        assertThat(f.defines()).contains("FEATURE", "HIT_SLOTS=2");
        assertThat(p.defines()).doesNotContain("FEATURE");

        // both units carry the feature's code under its own #ifdef (a call to inactive code is kept
        // guarded); the profile decides whether the build turns it on
        assertThat(names(p)).contains("count_pass", "pass_count", "note_feature", "feature_hits");
        assertThat(names(f)).contains("count_pass", "pass_count", "note_feature", "feature_hits");
        assertThat(p.guardMacros()).contains("FEATURE");
        assertThat(f.guardMacros()).doesNotContain("FEATURE");

        assertThat(compile(plainDir, p)).isEmpty();
        assertThat(compile(featDir, f)).isEmpty();
        assertThat(symbols(plainDir.resolve(p.object()))).contains("pass_count", "count_pass").doesNotContain("feature_hits");
        assertThat(symbols(featDir.resolve(f.object()))).contains("pass_count", "count_pass", "feature_hits");
        assertThat(plainDir.resolve(p.object())).exists();
        assertThat(featDir.resolve(f.object())).exists();
    }

    @Test
    void eachProfilesGraphMarksWhatItsBuildLeavesOut() {
        Cli.Run plain = Cli.run(db, "callees", "count_pass@fr");
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("note_feature").contains("[inactive]");
        Cli.Run feat = Cli.run(db, "callees", "count_pass@fr", "--profile", "feat");
        assertThat(feat.exit()).as(feat.err()).isZero();
        assertThat(feat.out()).contains("note_feature").doesNotContain("[inactive]");
    }

    @Test
    void retargetAndAtReadTheProfileToo() {
        Path tc = tmp.resolve("feat-tc");
        Cli.Run run = Cli.run(db, "retarget", "count_pass@fr", "--profile", "feat", "--hook", "tc", "-o", tc.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Manifest m = Manifest.read(tc);
        assertThat(m.profile()).isEqualTo("feat");
        assertThat(m.defines()).contains("FEATURE", "HIT_SLOTS=2");
        assertThat(m.programType()).isEqualTo("sched_cls");

        Path at = tmp.resolve("feat-at");
        Cli.Run byLine = Cli.run(db, "extract", "--at", repo.resolve("filter.c") + ":31", "--profile", "feat", "-o",
                at.toString());
        assertThat(byLine.exit()).as(byLine.err()).isZero();
        assertThat(Manifest.read(at).repo()).isEqualTo("fr+feat");
        assertThat(Cli.run(db, "retarget", tc.toString(), "--profile", "feat", "--hook", "xdp").exit()).isEqualTo(2);
    }

    @Test
    void aProfileNeverCrawledSaysHowToCrawlIt() {
        Cli.Run run = Cli.run(db, "extract", "count_pass@fr", "--profile", "nope", "-o", tmp.resolve("never").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("profile 'nope' of repo 'fr' was never crawled (crawled profiles: default, feat)")
                .contains("--profile nope");
        assertThat(tmp.resolve("never")).doesNotExist();
        Cli.Run bare = Cli.run(db, "extract", "count_pass", "--profile", "feat");
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("write FUNC@REPO");
    }

    private static java.util.List<String> names(Manifest m) {
        return m.definitions().stream().map(Manifest.Taken::name).toList();
    }

    /** The names in an object's symbol table. */
    private static java.util.List<String> symbols(Path object) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("llvm-nm", object.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    }

    /** The unit compiled as {@code opened build} does; clang's output when it fails, else empty. */
    private static String compile(Path dir, Manifest m) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Makefiles.clangCommand(m)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? "" : out;
    }
}
