package dev.opened.callgraph;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Source bytes as text, and back, without losing a byte. Real C files are mostly UTF-8, but
 * Latin-1 comments and stray bytes in string literals occur; a plain UTF-8 decode turns those into
 * U+FFFD, and an extracted unit would then differ from its source. Here every byte that is not
 * part of a well-formed UTF-8 sequence becomes one private-use character, U+EF80 to U+EFFF (the
 * byte plus U+EF00), and encoding turns it back into that byte. Well-formed sequences that decode
 * into that range are themselves treated as raw bytes, so the mapping is exact both ways. One
 * character per raw byte keeps offsets and lines as the parser sees them.
 */
public final class SourceText {
    private static final char BASE = 0xEF00;

    private SourceText() {
    }

    /** The text of {@code bytes}. */
    public static String decode(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] >= 0) {
            i++;
        }
        if (i == bytes.length) {
            return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII
        }
        StringBuilder b = new StringBuilder(bytes.length);
        b.append(new String(bytes, 0, i, StandardCharsets.ISO_8859_1));
        while (i < bytes.length) {
            int c = bytes[i] & 0xff;
            if (c < 0x80) {
                b.append((char) c);
                i++;
                continue;
            }
            int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            int cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
            boolean ok = n > 0 && i + n <= bytes.length;
            for (int k = 1; ok && k < n; k++) {
                int cont = bytes[i + k] & 0xff;
                ok = (cont & 0xc0) == 0x80;
                cp = (cp << 6) | (cont & 0x3f);
            }
            int min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
            ok = ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && !(cp >= BASE + 0x80 && cp <= BASE + 0xff);
            if (ok) {
                b.appendCodePoint(cp);
                i += n;
            } else {
                b.append((char) (BASE + c));
                i++;
            }
        }
        return b.toString();
    }

    /** The bytes {@code text} was decoded from. */
    public static byte[] encode(String text) {
        boolean raw = false;
        for (int i = 0; i < text.length() && !raw; i++) {
            raw = isRawByte(text.charAt(i));
        }
        if (!raw) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isRawByte(c)) {
                out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(rawByte(c));
                start = i + 1;
            }
        }
        out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * The number of lines {@code text.lines()} gives: line terminators ({@code \n}, {@code \r},
     * {@code \r\n}) plus a last line without one. One pass over the chars: a crawl counts the lines
     * of every file, and a stream per file is a good part of a one-file re-crawl.
     */
    static int lineCount(String text) {
        int lines = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lines++;
            } else if (c == '\r') {
                lines++;
                if (i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
            }
        }
        if (n > 0) {
            char last = text.charAt(n - 1);
            if (last != '\n' && last != '\r') {
                lines++;
            }
        }
        return lines;
    }

    /** True for a character that stands for a byte that was not UTF-8. */
    public static boolean isRawByte(char c) {
        return c >= BASE + 0x80 && c <= BASE + 0xff;
    }

    /** The byte a {@linkplain #isRawByte raw-byte character} stands for. */
    public static int rawByte(char c) {
        return c - BASE;
    }
}
