package dev.opened.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.opened.callgraph.Printable;

/**
 * A print stream that shows control characters instead of sending them. Everything the verbs print
 * in text form may hold repository text (names, {@code SEC()} strings, paths, problems, source), and
 * an escape sequence in it would otherwise act on the user's terminal. Line breaks and tabs pass;
 * JSON output does not come here (Gson escapes what JSON needs).
 */
final class TerminalSafe extends PrintStream {
    private TerminalSafe(PrintStream target) {
        super(target, true, StandardCharsets.UTF_8);
    }

    static PrintStream wrap(PrintStream target) {
        return target instanceof TerminalSafe ? target : new TerminalSafe(target);
    }

    @Override
    public void print(String s) {
        super.print(Printable.lines(s));
    }

    @Override
    public void print(Object o) {
        print(String.valueOf(o));
    }

    @Override
    public void print(char c) {
        print(String.valueOf(c));
    }

    @Override
    public void print(char[] s) {
        print(new String(s));
    }

    @Override
    public void println(String s) {
        synchronized (this) {
            print(s);
            println();
        }
    }

    @Override
    public void println(Object o) {
        println(String.valueOf(o));
    }

    @Override
    public void println(char[] s) {
        println(new String(s));
    }

    @Override
    public PrintStream append(CharSequence csq) {
        print(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        print(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
        return this;
    }

    @Override
    public PrintStream append(char c) {
        print(c);
        return this;
    }
}
