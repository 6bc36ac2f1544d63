package dev.opened.transformer;

import java.util.ArrayList;
import java.util.List;

/** Identifiers of C text outside comments and string literals, with their offsets. */
final class CLexer {
    record Token(String text, int offset) {
    }

    private CLexer() {
    }

    static List<Token> identifiers(String text, int from, int to) {
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < to && text.charAt(i + 1) == '/') {
                while (i < to && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < to && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? to : end + 2;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < to && text.charAt(i) != c && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (Character.isJavaIdentifierStart(c) && c != '$') {
                int s = i;
                while (i < to && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(text.substring(s, i), s));
            } else if (Character.isDigit(c)) {
                while (i < to && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** The end (past ')') of the parenthesised argument list opening at or after {@code from}, or -1. */
    static int closingParen(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '(') {
            return -1;
        }
        int depth = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The top-level comma-separated arguments inside {@code text[open..close)} (parens included). */
    static List<String> arguments(String text, int open, int close) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = text.indexOf('(', open) + 1;
        for (int i = start; i < close - 1; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = text.substring(start, close - 1).trim();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        return args;
    }
}
