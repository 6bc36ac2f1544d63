package dev.opened.callgraph;

import java.util.List;

/**
 * How users name a function: {@code FUNC}, {@code FUNC@REPO}, {@code FUNC@REPO:PATH} or
 * {@code FUNC@REPO:PATH:LINE} (for guarded alternatives in one file).
 *
 * @param name the function's name
 * @param repo the repo, or null for any
 * @param path the file (a repo path or its tail), or null for any
 */
public record FunctionRef(String name, String repo, String path) {

    /** Parses {@code FUNC[@REPO[:PATH]]}; a malformed one is a {@link CallGraphException}. */
    public static FunctionRef parse(String spec) {
        String name = spec;
        String repo = null;
        String path = null;
        int at = spec.indexOf('@');
        if (at >= 0) {
            name = spec.substring(0, at);
            String rest = spec.substring(at + 1);
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                repo = rest.substring(0, colon);
                path = rest.substring(colon + 1);
            } else {
                repo = rest;
            }
        }
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*") || (repo != null && repo.isEmpty())
                || (path != null && path.isEmpty())) {
            throw new CallGraphException("'" + spec + "' is not a function name; write FUNC@REPO or FUNC@REPO:PATH");
        }
        return new FunctionRef(name, repo, path);
    }

    /**
     * The one function this names in {@code graph}; a repo never crawled, no match ("did you mean")
     * or several matches (the candidates with their paths) is a {@link CallGraphException}.
     */
    public Definition resolve(CallGraph graph) {
        if (repo != null) {
            graph.requireRepo(repo);
        }
        String file = path;
        int line = -1;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*):(\\d+)").matcher(path == null ? "" : path);
        if (m.matches()) {
            file = m.group(1);
            line = Integer.parseInt(m.group(2));
        }
        Lookup l = graph.lookup(name, repo, file, DefinitionKind.FUNCTION);
        if (l.matches().isEmpty() && file != null && file.endsWith(".c")) {
            // a template header's program is named by the .c file that includes it
            final String unit = file;
            Lookup any = graph.lookup(name, repo, null, DefinitionKind.FUNCTION);
            List<Definition> named = any.matches().stream().filter(d -> !d.path().endsWith(".c")
                    && graph.translationUnitsOf(d).contains(unit)).toList();
            if (!named.isEmpty()) {
                l = new Lookup(named, l.suggestions());
            }
        }
        if (line > 0) {
            final int at = line;
            l = new Lookup(l.matches().stream().filter(d -> d.startLine() <= at && at <= d.endLine()).toList(), l.suggestions());
        }
        if (l.resolved()) {
            return l.single();
        }
        // guarded alternatives of one function in one file: the crawl's flags chose one of them
        List<Definition> active = l.matches().stream().filter(Definition::active).toList();
        if (active.size() == 1 && l.matches().stream().map(Definition::path).distinct().count() == 1) {
            return active.get(0);
        }
        if (l.matches().isEmpty()) {
            Lookup any = path == null ? l : graph.lookup(name, repo, null, DefinitionKind.FUNCTION);
            String where = repo == null ? "" : " in " + repo + (path == null ? "" : ":" + path);
            String hint = !any.matches().isEmpty()
                    ? "; it is defined in " + String.join(", ", any.matches().stream().map(Definition::path).toList())
                    : l.suggestions().isEmpty() ? "" : "; did you mean " + String.join(", ",
                            l.suggestions().stream().map(s -> s + (repo == null ? "" : "@" + repo)).toList()) + "?";
            throw new CallGraphException("no function '" + name + "'" + where + hint);
        }
        StringBuilder sb = new StringBuilder("'" + this + "' is ambiguous; candidates:");
        for (Definition d : l.matches()) {
            sb.append("\n  ").append(d.name()).append('@').append(d.repo()).append(':').append(d.path())
                    .append(':').append(d.startLine()).append("  (line ").append(d.startLine()).append(d.isStatic() ? ", static" : "").append(')');
        }
        throw new CallGraphException(sb.toString());
    }

    @Override
    public String toString() {
        return name + (repo == null ? "" : "@" + repo) + (path == null ? "" : ":" + path);
    }
}
