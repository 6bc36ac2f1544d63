package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.VendoredLibbpf;

/**
 * A repository that vendors libbpf as a submodule, crawled from a bare mirror with the submodule's
 * repository given ({@code --submodule}): the program's unit carries the vendored libbpf's headers
 * it includes, and {@code make} builds it with clang where the system's libbpf lacks what it uses.
 */
@org.junit.jupiter.api.Tag("clang")
class SubmoduleExtractTest {
    @TempDir
    Path tmp;

    @Test
    void aUnitTakesTheVendoredLibbpfsDefinitionsAndMakeBuildsIt() throws Exception {
        Path libbpf = VendoredLibbpf.libbpf(tmp.resolve("libbpf"));
        Path bare = VendoredLibbpf.bareClone(VendoredLibbpf.superproject(tmp.resolve("sup"), libbpf), tmp.resolve("sup.git"));
        Path db = tmp.resolve("cg.db");

        Cli.Run bad = Cli.run(db, "crawl", bare.toString(), "--name", "sup", "--submodule", VendoredLibbpf.PATH);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--submodule PATH=REPO");

        Cli.Run crawl = Cli.run(db, "crawl", bare.toString(), "--name", "sup", "--submodule",
                VendoredLibbpf.PATH + "=" + libbpf);
        assertThat(crawl.exit()).as(crawl.err()).isZero();
        assertThat(crawl.err()).contains("headers read from " + VendoredLibbpf.PATH + "/src/");

        Path unit = tmp.resolve("unit");
        Cli.Run extract = Cli.run(db, "extract", "count_slot@sup", "-o", unit.toString());
        assertThat(extract.exit()).as(extract.err()).isZero();
        // the include stays, and the vendored headers it reads come along, as its build installs them
        String source = Files.readString(unit.resolve("count_slot.c"));
        assertThat(source).contains("#include <bpf/bpf_helpers.h>").doesNotContain("#define VENDORED_CLAMP");
        assertThat(unit.resolve("bpf/bpf_helpers.h")).content().contains("#define VENDORED_CLAMP");
        assertThat(unit.resolve("bpf/bpf_helper_defs.h")).exists();

        Process make = new ProcessBuilder("make").directory(unit.toFile()).redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor()).as(out).isZero();
        assertThat(unit.resolve(dev.opened.extractor.Manifest.read(unit).object())).exists();
    }
}
