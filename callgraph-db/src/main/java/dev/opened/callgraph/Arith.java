package dev.opened.callgraph;

import java.util.function.Function;

/**
 * Evaluates the small constant expressions map sizes are written in ({@code 1024},
 * {@code MAX_VIPS * 2}, {@code (1 << 16)}), expanding object-like macros through a lookup.
 */
final class Arith {
    private final String s;
    private final Function<String, String> macros;
    private int pos;
    private int depth;

    private Arith(String s, Function<String, String> macros, int depth) {
        this.s = s;
        this.macros = macros;
        this.depth = depth;
    }

    static Long eval(String expr, Function<String, String> macros) {
        return eval(expr, macros, 0);
    }

    private static Long eval(String expr, Function<String, String> macros, int depth) {
        if (expr == null || depth > 16) {
            return null;
        }
        try {
            Arith a = new Arith(expr, macros, depth);
            long v = a.or();
            a.ws();
            return a.pos == a.s.length() ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String op) {
        ws();
        if (s.startsWith(op, pos) && !(op.length() == 1 && pos + 1 < s.length() && (s.charAt(pos + 1) == op.charAt(0)))) {
            pos += op.length();
            return true;
        }
        return false;
    }

    private long or() {
        long v = shift();
        while (eat("|")) {
            v |= shift();
        }
        return v;
    }

    private long shift() {
        long v = add();
        while (true) {
            if (eat("<<")) {
                v <<= add();
            } else if (eat(">>")) {
                v >>= add();
            } else {
                return v;
            }
        }
    }

    private long add() {
        long v = mul();
        while (true) {
            if (eat("+")) {
                v += mul();
            } else if (eat("-")) {
                v -= mul();
            } else {
                return v;
            }
        }
    }

    private long mul() {
        long v = unary();
        while (true) {
            if (eat("*")) {
                v *= unary();
            } else if (eat("/")) {
                v /= unary();
            } else if (eat("%")) {
                v %= unary();
            } else {
                return v;
            }
        }
    }

    private long unary() {
        ws();
        if (eat("-")) {
            return -unary();
        }
        if (eat("(")) {
            long v = or();
            if (!eat(")")) {
                throw new IllegalArgumentException("')' expected");
            }
            return v;
        }
        int start = pos;
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            String lit = s.substring(start, pos).replaceAll("[uUlL]+$", "");
            return lit.startsWith("0x") || lit.startsWith("0X") ? Long.parseLong(lit.substring(2), 16)
                    : lit.length() > 1 && lit.startsWith("0") ? Long.parseLong(lit, 8) : Long.parseLong(lit);
        }
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("operand expected");
        }
        Long v = eval(macros.apply(s.substring(start, pos)), macros, depth + 1);
        if (v == null) {
            throw new IllegalArgumentException("not constant");
        }
        return v;
    }
}
