package dev.opened.callgraph;

/**
 * Repository text made safe for a terminal. Names, section strings, paths and problems come from
 * strangers' files; printed raw, an escape sequence in them would drive the user's terminal
 * (move the cursor, rewrite earlier lines, set the window title). Control characters become
 * visible escapes, and a byte that was not UTF-8 in the source (kept by {@link SourceText}) is
 * shown as the byte it was.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * As {@link #of}, but line breaks (also {@code \r\n}) and tabs stay: for multi-line text such as
     * source shown on a terminal.
     */
    public static String lines(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '\n';
            boolean keep = c == '\t' || c == '\n' || (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n');
            if (keep || i == s.length()) {
                b.append(of(s.substring(start, i)));
                if (i < s.length()) {
                    b.append(c);
                }
                start = i + 1;
            }
        }
        return b.toString();
    }

    /** {@code s} with every control character as {@code \n}, {@code \t}, {@code \xNN} or a Unicode escape. */
    public static String of(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            String esc = pair ? null : escape(c);
            if (pair && b != null) {
                b.append(c);
                c = s.charAt(++i);
            } else if (pair) {
                i++;
                continue;
            }
            if (esc != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (esc != null) {
                    b.append(esc);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    private static String escape(char c) {
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\t') {
            return "\\t";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if (SourceText.isRawByte(c)) {
            return String.format("\\x%02x", SourceText.rawByte(c));
        }
        // C1 controls (CSI is one), bidi overrides and isolates, lone surrogates
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || Character.isSurrogate(c)) {
            return String.format("\\u{%04x}", (int) c);
        }
        return null;
    }
}
