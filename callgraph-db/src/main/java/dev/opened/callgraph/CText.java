package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lexical helpers on C text: what a scan of identifiers must skip, directives, one-line signatures and license facts. */
final class CText {
    // compiled once: a signature, an include line and a guard are made one line for each of a unit's thousands
    private static final Pattern SPLICES = Pattern.compile("\\\\\\r?\\n");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Pattern SPDX = Pattern.compile("SPDX-License-Identifier:\\s*(.+?)\\s*(\\*/)?\\s*$", Pattern.MULTILINE);

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

    static String oneLine(String s) {
        return SPACES.matcher(SPLICES.matcher(s).replaceAll(" ")).replaceAll(" ").trim();
    }

    static String firstLine(String text, int start, int end) {
        int nl = text.indexOf('\n', start);
        return text.substring(start, nl < 0 || nl > end ? end : nl).trim();
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The end of a directive starting at {@code start}, following backslash continuations, past the newline. */
    static int endOfDirective(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                int j = i - 1;
                if (j >= 0 && text.charAt(j) == '\r') {
                    j--;
                }
                if (j >= start && text.charAt(j) == '\\') {
                    i++;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** License facts of a file: its SPDX expressions and its license header comment. */
    static String[] license(String text) {
        List<String> spdx = new ArrayList<>();
        Matcher m = SPDX.matcher(text);
        while (m.find()) {
            String v = m.group(1).trim();
            if (v.endsWith("*/")) {
                v = v.substring(0, v.length() - 2).trim();
            }
            if (!spdx.contains(v)) {
                spdx.add(v);
            }
        }
        String comment = CText.leadingLicenseComment(text);
        return new String[] {spdx.isEmpty() ? null : String.join(" AND ", spdx), comment};
    }
}
