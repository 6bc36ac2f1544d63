package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Source bytes survive the trip through text, whatever they are; offsets stay one char per raw byte. */
class SourceTextTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void latin1AndBrokenUtf8ComeBackByteForByte() {
        byte[] latin1 = "/* caf\u00e9 na\u00efve */".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(SourceText.encode(SourceText.decode(latin1))).isEqualTo(latin1);
        // a lead byte without its continuation, a lone continuation, an overlong '/', an encoded surrogate, 0xff
        byte[] broken = bytes('"', 0xc3, '(', 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, '"');
        String text = SourceText.decode(broken);
        assertThat(text).hasSize(broken.length).doesNotContain("\ufffd");
        assertThat(SourceText.encode(text)).isEqualTo(broken);
        assertThat(Printable.of(text)).isEqualTo("\"\\xc3(\\x80\\xc0\\xaf\\xed\\xa0\\x80\\xff\"");
    }

    @Test
    void wellFormedTextIsPlainUnicodeAndCharactersInTheEscapeRangeStayExact() {
        String s = "int x; // \u00e9\u4e2d\ud83d\ude00";
        assertThat(SourceText.decode(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
        byte[] pua = "\uef80\uefff".getBytes(StandardCharsets.UTF_8);
        assertThat(SourceText.encode(SourceText.decode(pua))).isEqualTo(pua);
    }

    @Test
    void anyBytesRoundTrip() {
        Random r = new Random(10);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            assertThat(SourceText.encode(SourceText.decode(b))).isEqualTo(b);
        }
    }

    @Test
    void lineCountIsWhatLinesCounts() {
        String[] edge = {"", "a", "\n", "\r", "\r\n", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "\r\r\n\n", "a\rb", "x\n\r"};
        for (String t : edge) {
            assertThat(SourceText.lineCount(t)).as(t.replace("\r", "CR").replace("\n", "LF")).isEqualTo((int) t.lines().count());
        }
        java.util.Random random = new java.util.Random(3);
        char[] chars = {'a', ' ', '\n', '\r', '\u00e9'};
        for (int t = 0; t < 2000; t++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                b.append(chars[random.nextInt(chars.length)]);
            }
            assertThat(SourceText.lineCount(b.toString())).isEqualTo((int) b.toString().lines().count());
        }
    }
}
