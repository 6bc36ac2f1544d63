package dev.opened.callgraph;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links the translation units' parses of one repo into its graph, replacing the repo's previous
 * graph in one transaction: definitions seen by several units merge, calls to functions another
 * unit defines are linked by name.
 */
final class GraphWriter {
    private final Connection c;
    private final long repoId;
    private final SourceTree tree;
    private final Map<String, TuResult> results;
    private final List<String> units;

    GraphWriter(Connection c, long repoId, SourceTree tree, Map<String, TuResult> results, List<String> units) {
        this.c = c;
        this.repoId = repoId;
        this.tree = tree;
        this.results = results;
        this.units = units;
    }

    void write(List<String> includeDirs, List<String> defines, String flagsKey) {
        try {
            c.setAutoCommit(false);
            clear();
            Map<String, Long> fileIds = files();
            Map<String, TuResult.Def> defs = new LinkedHashMap<>();
            for (TuResult r : results.values()) {
                for (TuResult.Def d : r.defs()) {
                    TuResult.Def old = defs.get(d.key());
                    if (old == null) {
                        defs.put(d.key(), d);
                    } else if (!old.active() && d.active()) {
                        defs.put(d.key(), d);
                    }
                }
            }
            Map<String, Long> defIds = defs(defs, fileIds);
            refs(defs, defIds);
            helpers(defIds);
            includes(fileIds);
            tuFiles(fileIds);
            problems();
            Set<String> keys = new LinkedHashSet<>();
            for (TuResult r : results.values()) {
                keys.add(Crawler.key(flagsKey, r.deps()));
            }
            // which crawler's code made this graph, for the quick "up to date" check of the next crawl
            keys.add(CrawlerVersion.markerKey(repoId));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO tu_cache(key, repo_id, tu_path, deps, result) VALUES (?,?,?,'{}',?)")) {
                ps.setString(1, CrawlerVersion.markerKey(repoId));
                ps.setLong(2, repoId);
                ps.setString(3, CrawlerVersion.marker(tree.submodules));
                ps.setBytes(4, new byte[0]);
                ps.executeUpdate();
            }
            try (PreparedStatement all = c.prepareStatement("SELECT key FROM tu_cache WHERE repo_id = ?");
                    PreparedStatement del = c.prepareStatement("DELETE FROM tu_cache WHERE key = ?")) {
                all.setLong(1, repoId);
                List<String> stale = new ArrayList<>();
                try (ResultSet rs = all.executeQuery()) {
                    while (rs.next()) {
                        if (!keys.contains(rs.getString(1))) {
                            stale.add(rs.getString(1));
                        }
                    }
                }
                for (String k : stale) {
                    del.setString(1, k);
                    del.addBatch();
                }
                del.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE repos SET source = ?, commit_id = ?, crawled_at = ?, "
                    + "include_dirs = ?, defines = ? WHERE id = ?")) {
                ps.setString(1, tree.source);
                ps.setString(2, tree.commit);
                ps.setString(3, Instant.now().toString());
                ps.setString(4, GraphJson.json(includeDirs));
                ps.setString(5, GraphJson.json(defines));
                ps.setLong(6, repoId);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            Crawler.rollback(c);
            throw new CallGraphException("cannot write the call graph: " + e.getMessage(), e);
        } finally {
            Crawler.autoCommit(c);
        }
    }

    private void clear() throws SQLException {
        try (Statement s = c.createStatement()) {
            String files = "(SELECT id FROM files WHERE repo_id = " + repoId + ")";
            String defs = "(SELECT id FROM defs WHERE repo_id = " + repoId + ")";
            s.execute("DELETE FROM refs WHERE from_id IN " + defs);
            s.execute("DELETE FROM helper_calls WHERE def_id IN " + defs);
            s.execute("DELETE FROM maps WHERE def_id IN " + defs);
            s.execute("DELETE FROM hook_fit WHERE def_id IN " + defs);
            s.execute("DELETE FROM defs WHERE repo_id = " + repoId);
            s.execute("DELETE FROM includes WHERE file_id IN " + files);
            s.execute("DELETE FROM tu_files WHERE tu_file_id IN " + files);
            s.execute("DELETE FROM problems WHERE repo_id = " + repoId);
            s.execute("DELETE FROM files WHERE repo_id = " + repoId);
        }
    }

    private long nextId(String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + 1;
        }
    }

    private Map<String, Long> files() throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        long id = nextId("files");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files(id, repo_id, path, blob_id, spdx, license_comment, "
                + "is_tu, lines) VALUES (?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<String, SourceTree.Blob> e : tree.files.entrySet()) {
                String[] lic = CText.license(e.getValue().text());
                ps.setLong(1, id);
                ps.setLong(2, repoId);
                ps.setString(3, e.getKey());
                ps.setString(4, e.getValue().id());
                ps.setString(5, lic[0]);
                ps.setString(6, lic[1]);
                ps.setInt(7, e.getKey().endsWith(".c") ? 1 : 0);
                ps.setInt(8, e.getValue().lines());
                ps.addBatch();
                ids.put(e.getKey(), id++);
            }
            ps.executeBatch();
        }
        return ids;
    }

    private Map<String, Long> defs(Map<String, TuResult.Def> defs, Map<String, Long> fileIds) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        long id = nextId("defs");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO defs(id, repo_id, file_id, kind, name, start_off, end_off, "
                + "start_line, end_line, signature, is_static, is_inline, section, prog_type, guards, active) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                PreparedStatement maps = c.prepareStatement("INSERT INTO maps(def_id, style, map_type, key_type, value_type, "
                        + "max_entries) VALUES (?,?,?,?,?,?)")) {
            for (TuResult.Def d : defs.values()) {
                Long file = fileIds.get(d.path());
                if (file == null) {
                    continue;
                }
                ps.setLong(1, id);
                ps.setLong(2, repoId);
                ps.setLong(3, file);
                ps.setString(4, d.kind());
                ps.setString(5, d.name());
                ps.setInt(6, d.start());
                ps.setInt(7, d.end());
                ps.setInt(8, d.startLine());
                ps.setInt(9, d.endLine());
                ps.setString(10, d.signature());
                ps.setInt(11, d.isStatic() ? 1 : 0);
                ps.setInt(12, d.isInline() ? 1 : 0);
                ps.setString(13, d.section());
                ps.setString(14, d.kind().equals("FUNCTION") ? HookFamily.programTypeOf(d.section()) : null);
                ps.setString(15, GraphJson.guardsJson(d.guards()));
                ps.setInt(16, d.active() ? 1 : 0);
                ps.addBatch();
                if (d.map() != null) {
                    TuResult.MapAttrs m = d.map();
                    maps.setLong(1, id);
                    maps.setString(2, m.style());
                    maps.setString(3, m.mapType());
                    maps.setString(4, m.keyType());
                    maps.setString(5, m.valueType());
                    if (m.maxEntries() == null) {
                        maps.setNull(6, java.sql.Types.INTEGER);
                    } else {
                        maps.setLong(6, m.maxEntries());
                    }
                    maps.addBatch();
                }
                ids.put(d.key(), id++);
            }
            ps.executeBatch();
            maps.executeBatch();
        }
        return ids;
    }

    private void refs(Map<String, TuResult.Def> defs, Map<String, Long> defIds) throws SQLException {
        // a call to a function this unit only declares goes to the one non-static definition of
        // that name in the repo; with several, the link is left out rather than guessed
        Map<String, List<String>> globalFunctions = new HashMap<>();
        for (TuResult.Def d : defs.values()) {
            if (d.kind().equals("FUNCTION") && !d.isStatic()) {
                globalFunctions.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d.key());
            }
        }
        Map<String, List<TuResult.Def>> byName = new HashMap<>();
        for (TuResult.Def d : defs.values()) {
            byName.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
        }
        Map<String, Object[]> edges = new LinkedHashMap<>();
        for (TuResult r : results.values()) {
            for (TuResult.Ref ref : r.refs()) {
                Long from = defIds.get(ref.fromKey());
                String toKey = ref.toKey();
                String kind = ref.kind();
                if (toKey == null) {
                    TuResult.Def target = byName(byName, ref, r.deps().keySet());
                    if (target == null && "call".equals(ref.hint())) {
                        List<String> cands = globalFunctions.get(ref.externName());
                        toKey = cands != null && cands.size() == 1 ? cands.get(0) : null;
                    } else if (target != null) {
                        toKey = target.key();
                        if ("ident".equals(ref.hint())) {
                            kind = target.kind().equals("MAP") ? "MAP_USE" : target.kind().equals("GLOBAL") ? "GLOBAL" : "TYPE";
                        }
                    }
                }
                Long to = toKey == null ? null : defIds.get(toKey);
                if (from == null || to == null || from.equals(to)) {
                    continue;
                }
                String k = from + ">" + to + ">" + kind + ">" + r.tuPath();
                Object[] old = edges.get(k);
                if (old == null || (int) old[3] > ref.line()) {
                    edges.put(k, new Object[] {from, to, kind, ref.line(), r.tuPath()});
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO refs(from_id, to_id, kind, line, tu) VALUES (?,?,?,?,?)")) {
            for (Object[] e : edges.values()) {
                ps.setLong(1, (Long) e[0]);
                ps.setLong(2, (Long) e[1]);
                ps.setString(3, (String) e[2]);
                ps.setInt(4, (Integer) e[3]);
                ps.setString(5, (String) e[4]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The one definition a name in inactive code means: of the right kind, in the unit's own files first. */
    private static TuResult.Def byName(Map<String, List<TuResult.Def>> byName, TuResult.Ref ref, Set<String> unitFiles) {
        List<TuResult.Def> cands = byName.getOrDefault(ref.externName(), List.of()).stream().filter(d -> switch (ref.hint()) {
            case "call" -> d.kind().equals("FUNCTION");
            case "struct" -> d.kind().equals("STRUCT");
            case "union" -> d.kind().equals("UNION");
            case "enum" -> d.kind().equals("ENUM");
            default -> d.kind().equals("TYPEDEF") || d.kind().equals("MAP") || d.kind().equals("GLOBAL");
        }).toList();
        List<TuResult.Def> local = cands.stream().filter(d -> unitFiles.contains(d.path())).toList();
        if (!local.isEmpty()) {
            return local.get(0);
        }
        return cands.size() == 1 && !cands.get(0).isStatic() ? cands.get(0) : null;
    }

    private void helpers(Map<String, Long> defIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO helper_calls(def_id, helper, line, col) VALUES (?,?,?,?)")) {
            for (TuResult r : results.values()) {
                for (TuResult.HelperUse h : r.helpers()) {
                    Long id = defIds.get(h.fromKey());
                    if (id != null) {
                        ps.setLong(1, id);
                        ps.setString(2, h.helper());
                        ps.setInt(3, h.line());
                        ps.setInt(4, h.column());
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private void includes(Map<String, Long> fileIds) throws SQLException {
        Set<String> seen = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO includes(file_id, line, directive, system, resolved_path, guards) "
                + "VALUES (?,?,?,?,?,?)")) {
            for (TuResult r : results.values()) {
                for (TuResult.Inc i : r.includes()) {
                    Long file = fileIds.get(i.path());
                    if (file == null || !seen.add(i.path() + ":" + i.line())) {
                        continue;
                    }
                    ps.setLong(1, file);
                    ps.setInt(2, i.line());
                    ps.setString(3, i.directive());
                    ps.setInt(4, i.system() ? 1 : 0);
                    ps.setString(5, i.resolvedPath());
                    ps.setString(6, GraphJson.guardsJson(i.guards()));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void tuFiles(Map<String, Long> fileIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO tu_files(tu_file_id, file_id) VALUES (?,?)")) {
            for (TuResult r : results.values()) {
                if (!units.contains(r.tuPath())) {
                    continue;
                }
                Long tu = fileIds.get(r.tuPath());
                for (String dep : r.deps().keySet()) {
                    Long f = fileIds.get(dep);
                    if (tu != null && f != null) {
                        ps.setLong(1, tu);
                        ps.setLong(2, f);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private void problems() throws SQLException {
        Set<String> seen = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO problems(repo_id, path, line, message, tu_path) VALUES (?,?,?,?,?)")) {
            List<List<Problem>> all = new ArrayList<>();
            all.add(tree.problems);
            results.values().forEach(r -> all.add(r.problems()));
            for (List<Problem> some : all) {
                for (Problem p : some) {
                    if (!seen.add(p.path() + ":" + p.line() + ":" + p.message())) {
                        continue;
                    }
                    ps.setLong(1, repoId);
                    ps.setString(2, p.path());
                    ps.setInt(3, p.line());
                    ps.setString(4, p.message());
                    ps.setString(5, p.translationUnit());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
