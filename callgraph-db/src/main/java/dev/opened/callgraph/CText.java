package dev.opened.callgraph;

/** Lexical helpers on C text: what a scan of identifiers must skip, and license comments. */
final class CText {
    private CText() {
    }

    /** The text with comments blanked and string literals kept (same length, newlines kept). */
    static String stripComments(String s) {
        String blanked = stripCommentsAndStrings(s);
        StringBuilder out = new StringBuilder(s);
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!inString && (c == '"' || c == '\'') && blanked.charAt(i) == ' ') {
                inString = true; // a literal the blanking removed: copy it back whole
                char quote = c;
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != quote && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(j, s.length() - 1);
                inString = false;
                continue;
            }
            out.setCharAt(i, blanked.charAt(i));
        }
        return out.toString();
    }

    /** The text with comments and string/char literals blanked (same length, newlines kept). */
    static String stripCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (; i < end; i++) {
                    out.append(s.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (c == '"' || c == '\'') {
                out.append(' ');
                i++;
                while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        out.append(' ');
                        i++;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < s.length()) {
                    out.append(s.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The file's leading comment when it is a license or copyright header: a block comment or a run
     * of line comments before the first code, verbatim; an SPDX-only line is not a header.
     */
    static String leadingLicenseComment(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            int end;
            if (text.startsWith("/*", i)) {
                int e = text.indexOf("*/", i + 2);
                end = e < 0 ? n : e + 2;
            } else if (text.startsWith("//", i)) {
                end = i;
                while (text.startsWith("//", end)) {
                    int nl = text.indexOf('\n', end);
                    end = nl < 0 ? n : nl + 1;
                    int j = end;
                    while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                        j++;
                    }
                    if (text.startsWith("//", j)) {
                        end = j;
                    } else {
                        break;
                    }
                }
            } else {
                return null;
            }
            String c = text.substring(start, end).stripTrailing();
            String lower = c.toLowerCase(java.util.Locale.ROOT);
            boolean spdxOnly = c.lines().count() == 1 && lower.contains("spdx-license-identifier");
            if (!spdxOnly && (lower.contains("license") || lower.contains("copyright") || lower.contains("gpl")
                    || lower.contains("bsd"))) {
                return c;
            }
            i = end;
        }
        return null;
    }
}
