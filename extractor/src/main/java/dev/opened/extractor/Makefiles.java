package dev.opened.extractor;

import java.util.ArrayList;
import java.util.List;

import dev.opened.common.OpenedException;
import dev.opened.common.Toolchain;

/**
 * A unit's clang command line ({@link Toolchain}'s, then the manifest's flags), so that the tests
 * compile as {@code opened build} does (a unit's Makefile comes from the transformer's
 * {@code Makefile.ftl}), and the quoting of repository strings for a Makefile.
 */
public final class Makefiles {
    private Makefiles() {
    }

    /** {@code clang ... -c UNIT -o OBJECT} for a unit's manifest, run in the unit directory. */
    public static List<String> clangCommand(Manifest m) {
        List<String> cmd = new ArrayList<>(Toolchain.host().clangCommand());
        cmd.addAll(m.cflags());
        m.defines().forEach(d -> cmd.add("-D" + d));
        cmd.addAll(List.of("-c", m.unit(), "-o", m.object()));
        return cmd;
    }

    /**
     * {@code flag} as one word of a Makefile recipe: make expands {@code $} and ends a line at
     * {@code #} or a newline before the shell splits words and runs {@code $(...)} and backquotes. A
     * flag from a repository must reach clang as the characters it is, so it is single-quoted for
     * the shell and its {@code $} doubled and {@code #} escaped for make; a line break cannot be
     * quoted in a recipe and is refused.
     */
    public static String makeWord(String flag) {
        if (flag.indexOf('\n') >= 0 || flag.indexOf('\r') >= 0 || flag.indexOf('\0') >= 0) {
            throw OpenedException.badInput("the build flag '" + dev.opened.callgraph.Printable.of(flag)
                    + "' holds a line break; a Makefile cannot carry it, edit opened.json");
        }
        if (flag.matches("[A-Za-z0-9_./,+=:@%-]+")) {
            return flag;
        }
        return ("'" + flag.replace("'", "'\\''") + "'").replace("$", "$$").replace("#", "\\#");
    }

    /** A line for a Makefile comment: a line break in a repository path must not start a new line. */
    public static String comment(String text) {
        return dev.opened.callgraph.Printable.of(text);
    }
}
