package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.Gson;

/** The graph's JSON columns read field by field give what Gson wrote, as Gson itself reads it. */
class GraphJsonTest {
    @Test
    void guardsReadBackAsWritten() {
        List<Guard> guards = List.of(
                new Guard(List.of("#ifdef A"), 3, true, List.of("A")),
                new Guard(List.of("#if defined(B) && C > 2", "#elif D", "#else"), 120, false, List.of("B", "C", "D")),
                new Guard(List.of("#ifndef \"quoted\" \\ \u00e9"), 1, true, List.of()));
        assertThat(GraphJson.guards(GraphJson.guardsJson(guards))).isEqualTo(guards);
        assertThat(GraphJson.guards(new Gson().toJson(guards))).isEqualTo(guards);
    }

    @Test
    void fieldsInAnyOrderUnknownOnesSkippedNullsAsEmpty() {
        String json = "[{\"macros\":[\"X\"],\"future\":{\"a\":[1,2]},\"taken\":true,\"line\":7,"
                + "\"directives\":[\"#ifdef X\"]},{\"directives\":null,\"line\":2,\"taken\":false,\"macros\":null}]";
        assertThat(GraphJson.guards(json)).containsExactly(new Guard(List.of("#ifdef X"), 7, true, List.of("X")),
                new Guard(List.of(), 2, false, List.of()));
        assertThat(GraphJson.guards(null)).isEmpty();
        assertThat(GraphJson.guards("")).isEmpty();
        assertThat(GraphJson.guards("null")).isEmpty();
        assertThat(GraphJson.guards("[]")).isEmpty();
    }

    @Test
    void stringsReadBackAsWritten() {
        List<String> dirs = new ArrayList<>(Arrays.asList("include", "a b/\"c\"", "", "\u00fc\\"));
        assertThat(GraphJson.strings(GraphJson.json(dirs))).isEqualTo(dirs);
        assertThat(GraphJson.strings("[\"x\",null]")).containsExactly("x", null);
        assertThat(GraphJson.strings(null)).isEmpty();
        assertThat(GraphJson.strings("null")).isEmpty();
    }

    @Test
    void brokenJsonNamesWhatToDo() {
        assertThatThrownBy(() -> GraphJson.guards("[{\"line\":"))
                .isInstanceOf(CallGraphException.class).hasMessageContaining("crawl the repo again");
        assertThatThrownBy(() -> GraphJson.strings("{\"a\":1}"))
                .isInstanceOf(CallGraphException.class).hasMessageContaining("crawl the repo again");
    }
}
