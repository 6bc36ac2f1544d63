package dev.opened.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;

/** {@code opened callees FUNC@REPO [--depth N]}: what a function calls, as a tree. */
final class Callees extends TextBuiltin {
    @Override
    public String name() {
        return "callees";
    }

    @Override
    public String description() {
        return "list what FUNC calls, N levels deep (default 1)";
    }

    @Override
    protected String synopsis() {
        return "(FUNC@REPO[:PATH] | --at FILE:LINE) [--profile NAME] [--depth N]";
    }

    @Override
    protected void options(Options o) {
        atOption(o);
        profileOption(o);
        o.addOption(Option.builder().longOpt("depth").hasArg().argName("N").desc("levels to follow (default 1)").build());
    }

    @Override
    protected int run(CommandLine cl) {
        int depth;
        try {
            depth = Integer.parseInt(cl.getOptionValue("depth", "1"));
        } catch (NumberFormatException e) {
            throw usage("--depth takes a number, not '" + cl.getOptionValue("depth") + "'");
        }
        if (depth < 1) {
            throw usage("--depth must be at least 1");
        }
        expectOneFunction(cl);
        try (CallGraph graph = openGraph()) {
            Definition d = function(cl, graph);
            List<Map<String, Object>> tree = children(graph, d, depth, new HashSet<>(Set.of(d.id())));
            if (json) {
                printJson(tree);
            } else {
                print(tree, "");
            }
            return 0;
        }
    }

    private List<Map<String, Object>> children(CallGraph graph, Definition d, int depth, Set<Long> path) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Reference r : graph.referencesFrom(d.id())) {
            // one call is recorded once per translation unit that sees it
            if (r.kind() != ReferenceKind.CALL || !seen.add(r.toId() + ":" + r.line())) {
                continue;
            }
            Definition c = graph.definition(r.toId());
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", c.name());
            node.put("path", c.path());
            node.put("line", c.startLine());
            node.put("calledAt", r.line());
            node.put("active", c.active());
            if (depth > 1 && path.add(c.id())) {
                node.put("callees", children(graph, c, depth - 1, path));
                path.remove(c.id());
            } else {
                node.put("callees", List.of());
            }
            out.add(node);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void print(List<Map<String, Object>> nodes, String indent) {
        for (Map<String, Object> n : nodes) {
            out.println(indent + n.get("name") + "  " + n.get("path") + ":" + n.get("line")
                    + (Boolean.FALSE.equals(n.get("active")) ? "  [inactive]" : ""));
            print((List<Map<String, Object>>) n.get("callees"), indent + "  ");
        }
    }
}
