package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Edits} alone: offsets of the original text, applied from the end. */
class EditsTest {

    @Test
    void editsAtOriginalOffsetsApplyFromTheEndAndKeepEverythingElse() {
        String text = "int f(struct xdp_md *ctx) {\n\treturn XDP_PASS; /* keep */\n}\n";
        Edits e = new Edits();
        e.replace(text.indexOf("xdp_md"), "xdp_md".length(), "__sk_buff", "context type");
        e.replace(text.indexOf("XDP_PASS"), "XDP_PASS".length(), "TC_ACT_OK", "return code");
        e.insert(0, "/* retargeted */\n", "note");
        assertThat(e.apply(text)).isEqualTo("/* retargeted */\nint f(struct __sk_buff *ctx) {\n\treturn TC_ACT_OK; /* keep */\n}\n");
        assertThat(e.all()).extracting(Edits.Edit::rule).containsExactly("context type", "return code", "note");
    }

    @Test
    void aRewriteInsideOneAlreadyMadeIsDropped() {
        Edits e = new Edits();
        e.replace(0, 10, "outer", "a");
        e.replace(2, 3, "inner", "b");
        assertThat(e.all()).singleElement().extracting(Edits.Edit::rule).isEqualTo("a");
        assertThat(e.apply("0123456789tail")).isEqualTo("outertail");
    }

    @Test
    void twoInsertionsAtOnePlaceBothStay() {
        Edits e = new Edits();
        e.insert(3, "X", "first");
        e.replace(3, 0, "Y", "second");
        assertThat(e.all()).hasSize(2);
        assertThat(e.apply("abcdef")).hasSize(8).startsWith("abc").endsWith("def");
    }

    @Test
    void anOriginalOffsetMapsPastWhatWasInsertedBeforeIt() {
        Edits e = new Edits();
        e.insert(0, "abc", "r");
        e.replace(10, 2, "", "r");
        assertThat(e.map(5)).isEqualTo(8);
        assertThat(e.map(20)).isEqualTo(21);
    }

    @Test
    void changedLinesAreTheEditedTextsLines() {
        String text = "a\nb\nc\n";
        Edits e = new Edits();
        e.replace(2, 1, "B1\nB2", "r");
        String edited = e.apply(text);
        assertThat(edited).isEqualTo("a\nB1\nB2\nc\n");
        assertThat(e.changedLines(edited)).containsExactly(2, 3);
    }

    @Test
    void linesAndColumnsAreOneBased() {
        String text = "a\nbc\nd";
        assertThat(Edits.lineOf(text, 0)).isEqualTo(1);
        assertThat(Edits.lineOf(text, 3)).isEqualTo(2);
        assertThat(Edits.columnOf(text, 3)).isEqualTo(2);
        assertThat(Edits.columnOf(text, 0)).isEqualTo(1);
        assertThat(Edits.lineStart(text, 1)).isZero();
        assertThat(Edits.lineStart(text, 3)).isEqualTo(5);
        assertThat(Edits.lineStart(text, 9)).isEqualTo(text.length());
    }
}
