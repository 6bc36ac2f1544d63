package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code opened --version} and {@code opened help VERB}. */
class HelpAndVersionTest {
    @Test
    void versionIsTheProjectVersion() {
        Cli.Run r = Cli.run(null, "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("opened \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpVerbPrintsThatVerbsOptions() {
        Cli.Run r = Cli.run(null, "help", "library");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("usage: opened library build").contains("--functions").contains("--kernel");
        Cli.Run funcs = Cli.run(null, "help", "funcs");
        assertThat(funcs.out()).contains("--helper").contains("--map-type").contains("--ctx-field");
        Cli.Run bad = Cli.run(null, "help", "librar");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'librar' is not a verb").contains("library");
    }
}
