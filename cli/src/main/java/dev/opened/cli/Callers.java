package dev.opened.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;

/** {@code opened callers FUNC@REPO}: who calls a function. */
final class Callers extends TextBuiltin {
    @Override
    public String name() {
        return "callers";
    }

    @Override
    public String description() {
        return "list the functions that call FUNC";
    }

    @Override
    protected String synopsis() {
        return "(FUNC@REPO[:PATH] | --at FILE:LINE) [--profile NAME]";
    }

    @Override
    protected void options(Options o) {
        atOption(o);
        profileOption(o);
    }

    @Override
    protected int run(CommandLine cl) {
        expectOneFunction(cl);
        try (CallGraph graph = openGraph()) {
            Definition d = function(cl, graph);
            List<Map<String, Object>> rows = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Reference r : graph.referencesTo(d.id())) {
                // one call is recorded once per translation unit that sees it
                if (r.kind() != ReferenceKind.CALL && r.kind() != ReferenceKind.ADDRESS
                        || !seen.add(r.fromId() + ":" + r.line() + ":" + r.kind())) {
                    continue;
                }
                Definition c = graph.definition(r.fromId());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("repo", c.repo());
                row.put("path", c.path());
                row.put("line", r.line());
                row.put("kind", r.kind().label());
                row.put("active", c.active());
                rows.add(row);
            }
            if (json) {
                printJson(rows);
            } else {
                rows.forEach(r -> out.printf("%-32s %s:%s%s%s%n", r.get("name"), r.get("path"), r.get("line"),
                        "address".equals(r.get("kind")) ? "  (address taken)" : "",
                        Boolean.FALSE.equals(r.get("active")) ? "  [inactive]" : ""));
            }
            return 0;
        }
    }
}
