package dev.opened.callgraph;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile variants of a source file: what a fuzzer of the crawler feeds it.
 * Each variant applies one to three mutations that real files, broken files or attackers produce.
 */
final class Mutations {
    /** The kinds, in the order {@link #apply} numbers them. */
    static final List<String> KINDS = List.of("truncate", "flip", "nest", "hugeLine", "macroBomb", "hostileInclude",
            "controlBytes", "duplicate", "unbalancedIf", "selfInclude");

    /**
     * How often each kind is drawn: the cheap ones often; the ones that make the parser work until
     * a limit stops it (bombs, self-includes 200 deep, deep nesting) rarely, so that a run of a few
     * hundred inputs stays short and still meets each of them.
     */
    private static final int[] WEIGHTS = {4, 4, 1, 1, 1, 4, 3, 3, 3, 1};

    private final Random random;
    private final String secretPath;

    /** @param secretPath a file outside the repository that no crawl may read */
    Mutations(long seed, String secretPath) {
        this.random = new Random(seed);
        this.secretPath = secretPath;
    }

    /** One variant of {@code original}, named {@code name} in its directory; {@code kinds} receives what was done. */
    byte[] apply(byte[] original, String name, StringBuilder kinds) {
        byte[] b = original;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int k = kind();
            kinds.append(kinds.length() == 0 ? "" : "+").append(KINDS.get(k));
            b = switch (k) {
                case 0 -> truncate(b);
                case 1 -> flip(b);
                case 2 -> insert(b, nesting());
                case 3 -> insert(b, hugeLine());
                case 4 -> insert(b, macroBomb());
                case 5 -> insert(b, hostileInclude());
                case 6 -> insert(b, controlBytes());
                case 7 -> duplicate(b);
                case 8 -> insert(b, "#if 1\n#ifdef X\n#else\n#elif 2\n");
                default -> insert(b, "#include \"" + name + "\"\n");
            };
        }
        return b;
    }

    private int kind() {
        int total = java.util.Arrays.stream(WEIGHTS).sum();
        int r = random.nextInt(total);
        for (int k = 0; k < WEIGHTS.length; k++) {
            r -= WEIGHTS[k];
            if (r < 0) {
                return k;
            }
        }
        return 0;
    }

    private byte[] truncate(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
    }

    private byte[] flip(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0, n = 1 + random.nextInt(16); i < n && c.length > 0; i++) {
            c[random.nextInt(c.length)] = (byte) random.nextInt(256);
        }
        return c;
    }

    private byte[] duplicate(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int from = random.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + random.nextInt(400));
        byte[] chunk = java.util.Arrays.copyOfRange(b, from, from + len);
        return insertBytes(b, chunk);
    }

    private String nesting() {
        int depth = 50 + random.nextInt(random.nextInt(4) == 0 ? 5000 : 500);
        return switch (random.nextInt(4)) {
            case 0 -> "int nest_p = " + "(".repeat(depth) + "1" + ")".repeat(depth) + ";\n";
            case 1 -> "void nest_b(void) { " + "{".repeat(depth) + "}".repeat(depth) + " }\n";
            case 2 -> "#if 1\n".repeat(Math.min(depth, 2000)) + "int nest_i;\n" + "#endif\n".repeat(Math.min(depth, 2000));
            default -> "int nest_u = " + "(".repeat(depth) + "1;\n"; // never closed
        };
    }

    private String hugeLine() {
        int len = 50_000 + random.nextInt(300_000);
        return random.nextBoolean() ? "static const char huge[] = \"" + "A".repeat(len) + "\";\n"
                : "int " + "x".repeat(len) + ";\n";
    }

    private String macroBomb() {
        int levels = random.nextInt(4) == 0 ? 40 : 8 + random.nextInt(10);
        StringBuilder s = new StringBuilder("#define MB0 q+\n");
        for (int i = 1; i <= levels; i++) {
            s.append("#define MB").append(i).append(" MB").append(i - 1).append(" MB").append(i - 1).append('\n');
        }
        return s.append("int mb(int q) { return MB").append(levels).append(" 0; }\n").toString();
    }

    private String hostileInclude() {
        String[] targets = {secretPath, "/etc/passwd", "/proc/self/environ", "/dev/zero", "/dev/stdin",
            "../".repeat(30) + secretPath.substring(1), "../../../../etc/hostname", "/sys/kernel/notes"};
        String t = targets[random.nextInt(targets.length)];
        return random.nextBoolean() ? "#include \"" + t + "\"\n" : "#include <" + t + ">\n";
    }

    private String controlBytes() {
        return "/* \u001b[2J\u001b]0;title\u0007 */ static const char ctl[] = \"\u001b[31m\r\u0000\";\n";
    }

    private byte[] insert(byte[] b, String text) {
        return insertBytes(b, text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] insertBytes(byte[] b, byte[] chunk) {
        // at a line start, so that directives stay directives
        int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
        while (at > 0 && at < b.length && b[at - 1] != '\n') {
            at--;
        }
        byte[] out = new byte[b.length + chunk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(chunk, 0, out, at, chunk.length);
        System.arraycopy(b, at, out, at + chunk.length, b.length - at);
        return out;
    }
}
