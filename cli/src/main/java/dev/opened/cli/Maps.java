package dev.opened.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.MapDef;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;

/** {@code opened maps [--repo R]}: the maps, with who reads and who updates them. */
final class Maps extends TextBuiltin {
    @Override
    public String name() {
        return "maps";
    }

    @Override
    public String description() {
        return "list maps with type, key, value, max_entries, readers and updaters";
    }

    @Override
    protected String synopsis() {
        return "[--repo R]";
    }

    @Override
    protected void options(Options o) {
        repoOption(o);
    }

    @Override
    protected int run(CommandLine cl) {
        try (CallGraph graph = openGraph()) {
            String repo = repo(cl, graph);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (MapDef m : graph.maps(repo)) {
                java.util.Set<String> readers = new java.util.LinkedHashSet<>();
                java.util.Set<String> updaters = new java.util.LinkedHashSet<>();
                java.util.Set<String> others = new java.util.LinkedHashSet<>();
                for (Reference r : graph.referencesTo(m.definition().id())) {
                    Definition userDef = graph.definition(r.fromId());
                    String user = userDef.name() + (userDef.active() ? "" : " [inactive]");
                    if (r.kind() == ReferenceKind.MAP_READ) {
                        readers.add(user);
                    } else if (r.kind() == ReferenceKind.MAP_UPDATE) {
                        updaters.add(user);
                    } else if (r.kind() == ReferenceKind.MAP_USE) {
                        others.add(user);
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.definition().name());
                row.put("repo", m.definition().repo());
                row.put("path", m.definition().path());
                row.put("line", m.definition().startLine());
                row.put("style", m.style());
                row.put("type", m.mapType());
                row.put("key", m.keyType());
                row.put("value", m.valueType());
                row.put("maxEntries", m.maxEntries());
                row.put("active", m.definition().active());
                row.put("guards", m.definition().guards().stream().map(g -> String.join(" ... ", g.directives())).toList());
                row.put("readers", readers);
                row.put("updaters", updaters);
                row.put("otherUsers", others);
                rows.add(row);
            }
            if (json) {
                printJson(rows);
                return 0;
            }
            for (Map<String, Object> r : rows) {
                // a map defined in two #if branches is two rows: each says which branch it is
                List<String> guards = (List<String>) r.get("guards");
                out.printf("%-20s %-28s %-24s key=%s value=%s max=%s%s%n    readers: %s  updaters: %s%n",
                        r.get("name") + "@" + r.get("repo"), r.get("type"), r.get("path") + ":" + r.get("line"),
                        r.get("key"), r.get("value"), r.get("maxEntries"),
                        (Boolean.FALSE.equals(r.get("active")) ? "  [inactive]" : "")
                                + (guards.isEmpty() ? "" : "  (" + String.join("; ", guards) + ")"),
                        String.join(", ", (java.util.Collection<String>) r.get("readers")),
                        String.join(", ", (java.util.Collection<String>) r.get("updaters")));
            }
            return 0;
        }
    }
}
