package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.Test;

import dev.opened.callgraph.CallGraphException;
import dev.opened.common.OpenedException;

/** {@link TextBuiltin} alone maps every module's {@link OpenedException} to an exit code and one line. */
class ExitCodesTest {

    /** A verb that throws what it is given. */
    private static final class Throws extends TextBuiltin {
        private final RuntimeException e;

        Throws(RuntimeException e) {
            this.e = e;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String description() {
            return "throws";
        }

        @Override
        protected String synopsis() {
            return "";
        }

        @Override
        protected int run(CommandLine cl) {
            throw e;
        }
    }

    private static String[] run(RuntimeException e) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                PrintStream s = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new Throws(e).execute(List.of(), new Environment(o, s, Path.of("db"), Path.of("."), Map.of(), false));
        }
        return new String[] {String.valueOf(exit), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void badInputIsExitTwoAndAFailureExitOne() {
        assertThat(run(OpenedException.badInput("x.o: not an ELF file"))).containsExactly("2", "opened probe: x.o: not an ELF file\n");
        assertThat(run(OpenedException.failure("the kernel did not come up"))).containsExactly("1",
                "opened probe: the kernel did not come up\n");
        assertThat(run(new CallGraphException("no repo 'r'"))).containsExactly("2", "opened probe: no repo 'r'\n");
    }

    @Test
    void anyOtherErrorIsAFailure() {
        assertThat(run(new IllegalStateException("broken"))).containsExactly("1", "opened probe: broken\n");
    }
}
