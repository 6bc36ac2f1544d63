package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * {@code opened funcs} and {@code show} on the corpus's {@code templated} repo: a template header's
 * {@code int PROG_NAME(...)} is listed and shown under each name a {@code .c} file gives it.
 */
class TemplatedShowTest {
    @TempDir
    Path tmp;

    @Test
    void aProgramNamedByAMacroIsShownUnderItsNameWithTheFileThatNamesIt() {
        Path db = tmp.resolve("cg.db");
        assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo("templated", tmp).toString()).exit()).isZero();
        assertThat(Cli.run(db, "funcs", "xdp_*").out()).contains("xdp_drop_udp@templated", "xdp_count_icmp@templated");

        Cli.Run show = Cli.run(db, "show", "xdp_count_icmp@templated:pass_icmp.c");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).startsWith("SEC(\"xdp\") int xdp_count_icmp(struct xdp_md *ctx)\n")
                .contains("  named by  #define PROG_NAME xdp_count_icmp  (pass_icmp.c:5)\n")
                .contains("icmp_counts (read)").doesNotContain("udp");

        JsonObject json = JsonParser.parseString(Cli.run(db, "show", "xdp_drop_udp@templated", "--format", "json").out())
                .getAsJsonObject();
        assertThat(json.get("translationUnits").toString()).isEqualTo("[\"drop_udp.c\"]");
        assertThat(json.get("namedBy").getAsString()).startsWith("#define PROG_NAME xdp_drop_udp");
    }
}
