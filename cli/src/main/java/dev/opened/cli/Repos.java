package dev.opened.cli;

import org.apache.commons.cli.CommandLine;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Repo;

/** {@code opened repos}: the crawled repos, each build profile ({@code REPO+PROFILE}) with its flags. */
final class Repos extends TextBuiltin {
    @Override
    public String name() {
        return "repos";
    }

    @Override
    public String description() {
        return "list the crawled repos";
    }

    @Override
    protected String synopsis() {
        return "[--format json]";
    }

    @Override
    protected int run(CommandLine cl) {
        try (CallGraph graph = openGraph()) {
            var repos = graph.repos();
            if (json) {
                // each row as the record has it, with the repo it is a profile of and the profile's name
                com.google.gson.JsonArray rows = new com.google.gson.JsonArray();
                for (Repo r : repos) {
                    com.google.gson.JsonObject o = gson().toJsonTree(r).getAsJsonObject();
                    o.addProperty("base", r.base());
                    o.addProperty("profile", r.profile());
                    rows.add(o);
                }
                printJson(rows);
                return 0;
            }
            for (Repo r : repos) {
                // a repo crawled under several build profiles: each row says which one, with its flags
                boolean profiled = repos.stream().anyMatch(o -> o != r && o.base().equals(r.base()))
                        || !r.profile().equals(Repo.DEFAULT_PROFILE);
                String profile = !profiled ? ""
                        : "  [profile " + r.profile() + (r.defines().isEmpty() ? "" : ":")
                                + r.defines().stream().map(d -> " -D" + d).collect(java.util.stream.Collectors.joining())
                                + r.includeDirs().stream().map(d -> " -I" + d).collect(java.util.stream.Collectors.joining()) + "]";
                out.printf("%-24s %-12s %5d files %6d functions  %s%s%n", r.name(),
                        r.commit().length() > 12 ? r.commit().substring(0, 12) : r.commit(), r.files(), r.functions(),
                        r.source(), profile);
            }
            return 0;
        }
    }
}
