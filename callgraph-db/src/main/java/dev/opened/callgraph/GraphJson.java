package dev.opened.callgraph;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The JSON columns of the graph: guards, include dirs, defines. Written with Gson; read with its
 * streaming reader, field by field: every read verb decodes these columns, and Gson's reflective
 * record adapters cost a new process tens of milliseconds before the first one is read
 * (docs/PERFORMANCE.md). {@code GraphJsonTest} reads back what Gson writes.
 */
final class GraphJson {
    /** Made on the first write: a read verb never builds it. */
    private static final class Writer {
        static final Gson GSON = new Gson();
    }

    private GraphJson() {
    }

    static List<Guard> guards(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try (JsonReader in = new JsonReader(new StringReader(json))) {
            if (in.peek() == JsonToken.NULL) {
                return List.of();
            }
            List<Guard> out = new ArrayList<>();
            in.beginArray();
            while (in.hasNext()) {
                out.add(guard(in));
            }
            in.endArray();
            return out;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CallGraphException("a definition's guards in the graph are not readable JSON (" + e.getMessage()
                    + "); crawl the repo again", e);
        }
    }

    private static Guard guard(JsonReader in) throws IOException {
        List<String> directives = List.of();
        List<String> macros = List.of();
        int line = 0;
        boolean taken = false;
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                continue;
            }
            switch (name) {
                case "directives" -> directives = strings(in);
                case "macros" -> macros = strings(in);
                case "line" -> line = in.nextInt();
                case "taken" -> taken = in.nextBoolean();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new Guard(directives, line, taken, macros);
    }

    static String guardsJson(List<Guard> guards) {
        return Writer.GSON.toJson(guards);
    }

    static List<String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try (JsonReader in = new JsonReader(new StringReader(json))) {
            return in.peek() == JsonToken.NULL ? List.of() : strings(in);
        } catch (IOException | IllegalStateException e) {
            throw new CallGraphException("a list in the graph is not readable JSON (" + e.getMessage()
                    + "); crawl the repo again", e);
        }
    }

    /** An array of strings; a null element stays null, as Gson reads it. */
    private static List<String> strings(JsonReader in) throws IOException {
        List<String> out = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                out.add(null);
            } else {
                out.add(in.nextString());
            }
        }
        in.endArray();
        return out;
    }

    static String json(Object o) {
        return Writer.GSON.toJson(o);
    }
}
