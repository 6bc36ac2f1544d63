package dev.opened.callgraph;

import java.util.List;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

/** The JSON columns of the graph: guards, include dirs, defines. */
final class GraphJson {
    private static final Gson GSON = new Gson();

    private GraphJson() {
    }

    static List<Guard> guards(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        return GSON.fromJson(json, new TypeToken<List<Guard>>() { }.getType());
    }

    static String guardsJson(List<Guard> guards) {
        return GSON.toJson(guards);
    }

    static List<String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        return GSON.fromJson(json, new TypeToken<List<String>>() { }.getType());
    }

    static String json(Object o) {
        return GSON.toJson(o);
    }
}
