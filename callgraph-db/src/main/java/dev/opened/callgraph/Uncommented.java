package dev.opened.callgraph;

/**
 * A C text with its comments taken out, as translation phase 3 does: each comment becomes one
 * space. The newlines a comment held are put back where its logical line ends, so every later line
 * keeps its number and a directive continued past a comment keeps its meaning.
 *
 * <p>Why: the kernel's UAPI and libbpf headers are mostly documentation ({@code linux/bpf.h}'s helper
 * manual, {@code bpf_helper_defs.h}), 70% of the characters every xdp-tutorial unit includes, and
 * CDT's lexer reads them twice per unit (once to detect the include guard). Only headers from the
 * disk go through this: their offsets are never recorded, their lines are.
 */
final class Uncommented {
    private Uncommented() {
    }

    /** {@code text} without its comments; the same array when it has none. */
    static char[] of(char[] text) {
        int n = text.length;
        if (!hasComment(text)) {
            return text;
        }
        char[] out = new char[n];
        int o = 0;
        int pending = 0; // newlines swallowed by comments, owed at the end of the logical line
        int i = 0;
        while (i < n) {
            char c = text[i];
            if (c == '/' && i + 1 < n && text[i + 1] == '*') {
                int end = i + 2;
                while (end < n && !(text[end] == '*' && end + 1 < n && text[end + 1] == '/')) {
                    if (text[end] == '\n') {
                        pending++;
                    }
                    end++;
                }
                out[o++] = ' ';
                i = Math.min(n, end + 2);
            } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
                // a line comment ends at a newline no backslash splices away
                int end = i + 2;
                while (end < n && text[end] != '\n') {
                    if (text[end] == '\\' && end + 1 < n && text[end + 1] == '\n') {
                        pending++;
                        end++;
                    } else if (text[end] == '\\' && end + 2 < n && text[end + 1] == '\r' && text[end + 2] == '\n') {
                        pending++;
                        end += 2;
                    }
                    end++;
                }
                out[o++] = ' ';
                i = end;
            } else if (c == '"' || c == '\'') {
                // a literal, up to its closing quote or the end of its line
                out[o++] = c;
                i++;
                while (i < n && text[i] != c && text[i] != '\n') {
                    if (text[i] == '\\' && i + 1 < n) {
                        out[o++] = text[i++]; // an escape, or a splice: the literal goes on
                    }
                    out[o++] = text[i++];
                }
                if (i < n && text[i] == c) {
                    out[o++] = text[i++];
                }
            } else if (c == '\\' && i + 1 < n && text[i + 1] == '\n') {
                out[o++] = c;
                out[o++] = '\n';
                i += 2;
            } else if (c == '\n') {
                out[o++] = c;
                for (; pending > 0; pending--) {
                    out[o++] = '\n';
                }
                i++;
            } else {
                out[o++] = c;
                i++;
            }
        }
        for (; pending > 0; pending--) {
            out[o++] = '\n';
        }
        return java.util.Arrays.copyOf(out, o);
    }

    private static boolean hasComment(char[] text) {
        for (int i = 0; i + 1 < text.length; i++) {
            if (text[i] == '/' && (text[i + 1] == '*' || text[i + 1] == '/')) {
                return true;
            }
        }
        return false;
    }
}
