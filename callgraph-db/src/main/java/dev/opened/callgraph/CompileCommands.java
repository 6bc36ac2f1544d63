package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The {@code -I}/{@code -D} flags of a repo's {@code compile_commands.json}, as the crawl's
 * flags. Its paths are the build machine's: an include dir counts when its tail names a
 * directory of the repo, which it then means.
 */
final class CompileCommands {
    private CompileCommands() {
    }

    static List<String> flags(List<String> databases, Set<String> repoFiles) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String f : repoFiles) {
            for (int i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) {
                dirs.add(f.substring(0, i));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String db : databases) {
            JsonArray entries;
            try {
                entries = JsonParser.parseString(db).getAsJsonArray();
            } catch (RuntimeException e) {
                continue; // a broken database says nothing; the crawl goes on without it
            }
            for (JsonElement e : entries) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                List<String> args = new ArrayList<>();
                if (o.has("arguments")) {
                    o.getAsJsonArray("arguments").forEach(a -> args.add(a.getAsString()));
                } else if (o.has("command")) {
                    args.addAll(List.of(o.get("command").getAsString().trim().split("\\s+")));
                }
                String directory = o.has("directory") ? o.get("directory").getAsString() : "";
                for (int i = 0; i < args.size(); i++) {
                    String a = args.get(i);
                    String value = null;
                    boolean include = false;
                    if (a.startsWith("-D") && a.length() > 2) {
                        out.add("-D" + a.substring(2));
                    } else if (a.equals("-D") && i + 1 < args.size()) {
                        out.add("-D" + args.get(++i));
                    } else if (a.startsWith("-I") && a.length() > 2) {
                        value = a.substring(2);
                        include = true;
                    } else if (a.equals("-I") && i + 1 < args.size()) {
                        value = args.get(++i);
                        include = true;
                    }
                    if (include) {
                        String repoDir = repoDir(value.startsWith("/") ? value : directory + "/" + value, dirs);
                        if (repoDir != null) {
                            out.add("-I" + repoDir);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The longest tail of {@code path} that is a directory of the repo, or null. */
    private static String repoDir(String path, Set<String> dirs) {
        String p = java.nio.file.Path.of(path).normalize().toString().replace('\\', '/');
        String best = null;
        for (int i = 0; i >= 0; i = p.indexOf('/', i + 1)) {
            String tail = p.substring(i == 0 && !p.startsWith("/") ? 0 : i + 1);
            if (dirs.contains(tail) && (best == null || tail.length() > best.length())) {
                best = tail;
            }
            if (i < 0) {
                break;
            }
        }
        return best;
    }
}
