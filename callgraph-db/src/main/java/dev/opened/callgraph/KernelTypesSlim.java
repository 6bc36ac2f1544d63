package dev.opened.callgraph;

/**
 * What the parser needs of a {@code vmlinux.h} to read a program that includes it: every
 * typedef, enum and macro, and each struct or union by name only. Its definitions are not
 * indexed (units copy the file whole), and parsing the 100,000-line bodies again for every
 * translation unit was most of a CO-RE repo's crawl.
 */
final class KernelTypesSlim {
    private KernelTypesSlim() {
    }

    /** {@code struct name { ... };} at file level becomes {@code struct name;}; the rest stays. */
    static String slim(String text) {
        StringBuilder out = new StringBuilder(text.length() / 4);
        int i = 0;
        int n = text.length();
        while (i < n) {
            int lineEnd = text.indexOf('\n', i);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            String line = text.substring(i, lineEnd);
            if ((line.startsWith("struct ") || line.startsWith("union ")) && line.endsWith("{")) {
                int depth = 0;
                int j = i;
                for (; j < n; j++) {
                    char c = text.charAt(j);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        break;
                    }
                }
                int semi = text.indexOf(';', j);
                String tail = semi < 0 ? "" : text.substring(j + 1, semi).trim();
                if (tail.isEmpty() && semi >= 0) {
                    out.append(line, 0, line.length() - 1).append(";\n");
                    int next = text.indexOf('\n', semi);
                    i = next < 0 ? n : next + 1;
                    continue;
                }
            }
            out.append(line).append('\n');
            i = lineEnd + 1;
        }
        return out.toString();
    }
}
