package dev.opened.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Guard;
import dev.opened.callgraph.HelperCall;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;
import dev.opened.callgraph.SourceFile;

/** {@code opened show FUNC@REPO[:PATH]}: one function with its neighbourhood. */
final class Show extends TextBuiltin {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public String description() {
        return "show a function: signature, location, section, callers, callees, maps, helpers, guards, license";
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
            // a name is referred to from several translation units: each definition is listed once
            Set<String> callers = new LinkedHashSet<>();
            for (Reference r : graph.referencesTo(d.id())) {
                if (r.kind() == ReferenceKind.CALL || r.kind() == ReferenceKind.ADDRESS) {
                    callers.add(label(graph.definition(r.fromId())));
                }
            }
            Set<String> callees = new LinkedHashSet<>();
            Set<Map<String, String>> maps = new LinkedHashSet<>();
            Set<String> uses = new LinkedHashSet<>();
            String namedBy = null;
            for (Reference r : graph.referencesFrom(d.id())) {
                Definition t = graph.definition(r.toId());
                switch (r.kind()) {
                    case CALL, ADDRESS -> callees.add(label(t));
                    case MAP_READ, MAP_UPDATE, MAP_USE -> maps.add(Map.of("map", t.name(), "access",
                            r.kind().label().replace("map_", ""), "path", t.path()));
                    default -> {
                        uses.add(t.kind().label() + " " + t.name() + (t.active() ? "" : " [inactive]"));
                        // a template header's program takes its name from a macro of the .c file including it
                        if (t.kind() == DefinitionKind.MACRO && t.signature() != null
                                && t.signature().matches("#\\s*define\\s+" + t.name() + "\\s+" + d.name())) {
                            namedBy = t.signature() + "  (" + t.path() + ":" + t.startLine() + ")";
                        }
                    }
                }
            }
            List<String> helpers = graph.helperCalls(d.id()).stream().map(HelperCall::helper).toList();
            SourceFile f = graph.file(d.repo(), d.path()).orElseThrow();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", d.name());
            view.put("repo", d.repo());
            view.put("commit", d.commit());
            view.put("path", d.path());
            view.put("startLine", d.startLine());
            view.put("endLine", d.endLine());
            view.put("signature", d.signature());
            view.put("static", d.isStatic());
            view.put("inline", d.isInline());
            view.put("section", d.section());
            view.put("programType", d.programType());
            view.put("active", d.active());
            view.put("guards", d.guards().stream().map(g -> String.join(" ... ", g.directives())).toList());
            view.put("callers", callers);
            view.put("callees", callees);
            view.put("maps", maps);
            view.put("helpers", helpers);
            view.put("uses", uses);
            view.put("license", f.spdx());
            String section = d.path().endsWith(".c") ? graph.licenseSection(d.repo(), d.path()) : null;
            view.put("licenseSection", section);
            view.put("translationUnits", graph.translationUnitsOf(d));
            view.put("namedBy", namedBy);
            if (json) {
                printJson(view);
                return 0;
            }
            out.println(d.signature());
            out.println("  at        " + d.repo() + "@" + shortCommit(d.commit()) + ":" + d.path() + ":" + d.startLine() + "-"
                    + d.endLine() + (d.active() ? "" : "  [inactive with the crawl's flags]"));
            if (namedBy != null) {
                out.println("  named by  " + namedBy);
            }
            if (d.section() != null) {
                out.println("  section   " + d.section() + "  (program type " + d.programType() + ")");
            }
            for (Guard g : d.guards()) {
                out.println("  guard     " + String.join(" ... ", g.directives()) + "  (line " + g.line() + ")");
            }
            out.println("  callers   " + (callers.isEmpty() ? "-" : String.join(", ", callers)));
            out.println("  callees   " + (callees.isEmpty() ? "-" : String.join(", ", callees)));
            out.println("  maps      " + (maps.isEmpty() ? "-" : String.join(", ", maps.stream()
                    .map(m -> m.get("map") + " (" + m.get("access") + ")").toList())));
            out.println("  helpers   " + (helpers.isEmpty() ? "-" : String.join(", ", helpers)));
            out.println("  uses      " + (uses.isEmpty() ? "-" : String.join(", ", uses)));
            out.println("  license   " + (f.spdx() == null ? "-" : f.spdx())
                    + (section == null ? "" : "  (license section \"" + section + "\")"));
            return 0;
        }
    }

    /** {@code name (path:line)}, marked {@code [inactive]} where the crawl's flags leave it out of the build. */
    static String label(Definition d) {
        return d.name() + " (" + d.path() + ":" + d.startLine() + ")" + (d.active() ? "" : " [inactive]");
    }

    static String shortCommit(String c) {
        return c.length() > 12 ? c.substring(0, 12) : c;
    }
}
