package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link CLexer} alone: identifiers outside comments and literals, argument lists. */
class CLexerTest {

    @Test
    void identifiersSkipCommentsStringsCharactersAndNumbers() {
        String text = "int a; // b c\n/* d */ \"e \\\" f\" 'g' h1 0x1Fu _i";
        List<CLexer.Token> tokens = CLexer.identifiers(text, 0, text.length());
        assertThat(tokens).extracting(CLexer.Token::text).containsExactly("int", "a", "h1", "_i");
        assertThat(tokens.get(2).offset()).isEqualTo(text.indexOf("h1"));
    }

    @Test
    void onlyTheGivenRegionIsRead() {
        String text = "alpha beta gamma";
        assertThat(CLexer.identifiers(text, 6, 10)).extracting(CLexer.Token::text).containsExactly("beta");
    }

    @Test
    void closingParenFindsTheMatchingOneOrNone() {
        String text = "  (a, (b), c) rest";
        assertThat(CLexer.closingParen(text, 0)).isEqualTo(text.indexOf(" rest"));
        assertThat(CLexer.closingParen("x(a)", 0)).isEqualTo(-1);
        assertThat(CLexer.closingParen("(a, (b)", 0)).isEqualTo(-1);
    }

    @Test
    void argumentsSplitAtTopLevelCommasOnly() {
        String call = "bpf_map_update_elem(&m, key(a, b), (int[]){1, 2}, 0)";
        int open = call.indexOf('(');
        int close = CLexer.closingParen(call, open);
        assertThat(CLexer.arguments(call, open, close)).containsExactly("&m", "key(a, b)", "(int[]){1, 2}", "0");
        assertThat(CLexer.arguments("f()", 1, 3)).isEmpty();
    }
}
