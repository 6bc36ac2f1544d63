package dev.opened.callgraph;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;



/**
 * The call graph: a SQLite file of crawled repos, their definitions, references, helper calls,
 * maps, includes, licenses and problems. Open one per task and close it; it is not shared.
 * Crawling is {@link Crawler}'s job; this type reads.
 */
public final class CallGraph implements AutoCloseable {
    private static final String DEF_COLUMNS = "d.id, r.name, r.commit_id, d.kind, d.name, f.path, d.start_off, "
            + "d.end_off, d.start_line, d.end_line, d.signature, d.is_static, d.is_inline, d.section, d.prog_type, "
            + "d.guards, d.active";
    private static final String DEF_FROM = " FROM defs d JOIN files f ON f.id = d.file_id JOIN repos r ON r.id = d.repo_id ";

    private static final int MAX_STATEMENTS = 64;

    private final Connection connection;
    private final Path path;
    /**
     * The read queries prepared so far, by their text, for this graph's one user: SQLite parses and
     * plans a query each time it is prepared, and an extract asks the same few dozen queries for
     * every definition of its closure (docs/PERFORMANCE.md).
     */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    private CallGraph(Connection connection, Path path) {
        this.connection = connection;
        this.path = path;
    }

    /** Opens (creating when absent) the call graph at {@code db}. */
    public static CallGraph open(Path db) {
        return new CallGraph(GraphFile.open(db), db);
    }

    /**
     * Opens an existing call graph read-only: nothing is written to it (not even a schema into an
     * empty file), and it works in a directory or on a file the user cannot write. A missing, empty
     * or non-SQLite file is bad input.
     */
    public static CallGraph openExisting(Path db) {
        return new CallGraph(GraphFile.openExisting(db), db);
    }

    /**
     * Prepares, on the calling thread, what opening a graph costs the first time in a process (the
     * SQLite library, its driver's configuration), so that a command can do it beside its other
     * start-up work; opening works the same without it.
     */
    public static void warmUp() {
        GraphFile.warmUp();
    }

    /** Opens an existing call graph for a verb that adds to it; a missing file is bad input. */
    public static CallGraph openExistingForUpdate(Path db) {
        openExisting(db).close();
        return open(db);
    }

    /** The DB file. */
    public Path path() {
        return path;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        statements.values().forEach(CallGraph::closeQuietly);
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new CallGraphException(path + ": " + e.getMessage(), e);
        }
    }

    /** All crawled repos by name. */
    public List<Repo> repos() {
        return query("SELECT r.name, r.source, r.commit_id, r.crawled_at, r.include_dirs, r.defines, "
                + "(SELECT count(*) FROM files f WHERE f.repo_id = r.id), "
                + "(SELECT count(*) FROM defs d WHERE d.repo_id = r.id AND d.kind = 'FUNCTION') "
                + "FROM repos r WHERE r.commit_id IS NOT NULL ORDER BY r.name", List.of(), rs -> new Repo(rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4), GraphJson.strings(rs.getString(5)),
                        GraphJson.strings(rs.getString(6)), rs.getInt(7), rs.getInt(8)));
    }

    /** The crawled repo named {@code name}. */
    public Optional<Repo> repo(String name) {
        return repos().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The repo named {@code name}, or a {@link CallGraphException} naming the crawled ones. */
    public Repo requireRepo(String name) {
        return repo(name).orElseThrow(() -> {
            List<String> names = repos().stream().map(Repo::name).toList();
            List<String> close = Names.closest(name, names, 3);
            return new CallGraphException("repo '" + name + "' was never crawled"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                    + (names.isEmpty() ? "; run 'opened crawl SOURCE' first" : " (crawled: " + String.join(", ", names) + ")"));
        });
    }

    /**
     * The function around {@code line} of {@code file}, a file inside a crawled local repo (an IDE's
     * "current line"); the innermost active one when several enclose the line.
     */
    public Definition functionAt(Path file, int line) {
        Path abs = file.toAbsolutePath().normalize();
        for (Repo r : repos()) {
            Path root;
            try {
                root = Path.of(r.source()).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                continue; // a URL
            }
            if (!abs.startsWith(root) || abs.equals(root)) {
                continue;
            }
            String rel = root.relativize(abs).toString().replace('\\', '/');
            if (file(r.name(), rel).isEmpty()) {
                throw new CallGraphException(file + " is in repo " + r.name() + " but was not crawled as a C file; "
                        + "crawl it again: opened crawl " + r.source());
            }
            List<Definition> around = definitionsIn(r.name(), rel).stream()
                    .filter(d -> d.kind() == DefinitionKind.FUNCTION && d.startLine() <= line && line <= d.endLine())
                    .sorted(Comparator.comparing((Definition d) -> !d.active()).thenComparingInt(d -> d.endLine() - d.startLine()))
                    .toList();
            if (around.isEmpty()) {
                throw new CallGraphException(file + ":" + line + ": no function here (crawled " + r.name() + "@"
                        + r.commit().substring(0, Math.min(12, r.commit().length())) + "; crawl again if the file changed)");
            }
            return around.get(0);
        }
        throw new CallGraphException(file + ": not inside any crawled repo (" + String.join(", ",
                repos().stream().map(Repo::source).toList()) + "); run 'opened crawl' on its repo first");
    }

    /** The definition with row id {@code id}. */
    public Definition definition(long id) {
        List<Definition> l = query("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE d.id = ?", List.of(id), this::def);
        if (l.isEmpty()) {
            throw new CallGraphException("no definition with id " + id);
        }
        return l.get(0);
    }

    /** Every definition of a repo, by file and offset. */
    public List<Definition> definitions(String repo) {
        return query("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE r.name = ? ORDER BY f.path, d.start_off",
                List.of(repo), this::def);
    }

    /** Every definition of a kind in a repo (all repos when {@code repo} is null). */
    public List<Definition> definitions(String repo, DefinitionKind kind) {
        if (repo == null) {
            return query("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE d.kind = ? ORDER BY r.name, f.path, d.start_off",
                    List.of(kind.name()), this::def);
        }
        return query("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE r.name = ? AND d.kind = ? ORDER BY f.path, d.start_off",
                List.of(repo, kind.name()), this::def);
    }

    /** The definitions in one file of a repo, by offset. */
    public List<Definition> definitionsIn(String repo, String path) {
        return query("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE r.name = ? AND f.path = ? ORDER BY d.start_off",
                List.of(repo, path), this::def);
    }

    /**
     * Finds the definitions named {@code name} of {@code kind} (any kind when null), in {@code repo}
     * (all repos when null), in the file {@code path} when given; with no match, suggests close names.
     */
    public Lookup lookup(String name, String repo, String path, DefinitionKind kind) {
        StringBuilder sql = new StringBuilder("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE d.name = ?");
        List<Object> args = new ArrayList<>(List.of(name));
        if (repo != null) {
            sql.append(" AND r.name = ?");
            args.add(repo);
        }
        if (path != null) {
            sql.append(" AND (f.path = ? OR f.path LIKE ?)");
            args.add(path);
            args.add("%/" + path);
        }
        if (kind != null) {
            sql.append(" AND d.kind = ?");
            args.add(kind.name());
        }
        sql.append(" ORDER BY r.name, f.path, d.start_off");
        List<Definition> matches = query(sql.toString(), args, this::def);
        if (!matches.isEmpty()) {
            return new Lookup(matches, List.of());
        }
        StringBuilder names = new StringBuilder("SELECT DISTINCT d.name FROM defs d JOIN repos r ON r.id = d.repo_id WHERE 1=1");
        List<Object> nargs = new ArrayList<>();
        if (repo != null) {
            names.append(" AND r.name = ?");
            nargs.add(repo);
        }
        if (kind != null) {
            names.append(" AND d.kind = ?");
            nargs.add(kind.name());
        }
        List<String> all = query(names.toString(), nargs, rs -> rs.getString(1));
        return new Lookup(List.of(), Names.closest(name, all, 5));
    }

    /**
     * Functions matching a filter: {@code repo} and {@code section} (a glob, {@code *} wildcard) when
     * not null, and {@code pattern} (a glob on the name) when not null.
     */
    public List<Definition> functions(String repo, String section, String pattern) {
        StringBuilder sql = new StringBuilder("SELECT " + DEF_COLUMNS + DEF_FROM + "WHERE d.kind = 'FUNCTION'");
        List<Object> args = new ArrayList<>();
        if (repo != null) {
            sql.append(" AND r.name = ?");
            args.add(repo);
        }
        if (section != null) {
            sql.append(" AND d.section GLOB ?");
            args.add(section);
        }
        if (pattern != null) {
            sql.append(" AND d.name GLOB ?");
            args.add(pattern);
        }
        sql.append(" ORDER BY r.name, f.path, d.start_off");
        return query(sql.toString(), args, this::def);
    }

    /** What {@code id} uses, in any translation unit, by kind and line. */
    public List<Reference> referencesFrom(long id) {
        return query("SELECT from_id, to_id, kind, min(line) AS l FROM refs WHERE from_id = ? GROUP BY from_id, to_id, kind "
                + "ORDER BY l, kind, to_id", List.of(id), this::ref);
    }

    /**
     * What {@code id} uses as translation unit {@code tuPath} sees it: a header's function can use
     * another macro or type in each unit that includes it. Uses recorded by a header parsed alone
     * count for every unit that does not see the definition itself (its inactive code): where the
     * unit sees it, what the unit resolved wins (a repo's copy of a system header that the
     * system's include guard skips is not what its names resolve to there).
     */
    public List<Reference> referencesFrom(long id, String tuPath) {
        return query("SELECT from_id, to_id, kind, min(line) AS l FROM refs WHERE from_id = ? AND (tu = ? OR (tu NOT LIKE '%.c' "
                + "AND NOT EXISTS (SELECT 1 FROM defs d JOIN files f ON f.id = d.file_id JOIN files t ON t.repo_id = f.repo_id "
                + "AND t.path = ? WHERE d.id = ? AND d.active = 1 AND (t.id = f.id OR EXISTS (SELECT 1 FROM tu_files x "
                + "WHERE x.tu_file_id = t.id AND x.file_id = f.id))))) "
                + "GROUP BY from_id, to_id, kind ORDER BY l, kind, to_id", List.of(id, tuPath, tuPath, id), this::ref);
    }

    /** Who uses {@code id}, in any translation unit. */
    public List<Reference> referencesTo(long id) {
        return query("SELECT from_id, to_id, kind, min(line) FROM refs WHERE to_id = ? GROUP BY from_id, to_id, kind "
                + "ORDER BY from_id, kind", List.of(id), this::ref);
    }

    /** The helpers function {@code id} calls directly. */
    public List<HelperCall> helperCalls(long id) {
        return query("SELECT def_id, helper, line, col FROM helper_calls WHERE def_id = ? ORDER BY line, helper",
                List.of(id), rs -> new HelperCall(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
    }

    /** The maps of a repo (all repos when null). */
    public List<MapDef> maps(String repo) {
        List<Definition> defs = definitions(repo, DefinitionKind.MAP);
        List<MapDef> out = new ArrayList<>();
        for (Definition d : defs) {
            map(d.id()).ifPresent(out::add);
        }
        return out;
    }

    /** The map attributes of definition {@code id}, when it is a map. */
    public Optional<MapDef> map(long id) {
        List<MapDef> l = query("SELECT style, map_type, key_type, value_type, max_entries FROM maps WHERE def_id = ?",
                List.of(id), rs -> new MapDef(null, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5) == null ? null : rs.getLong(5)));
        if (l.isEmpty()) {
            return Optional.empty();
        }
        MapDef m = l.get(0);
        return Optional.of(new MapDef(definition(id), m.style(), m.mapType(), m.keyType(), m.valueType(), m.maxEntries()));
    }

    /**
     * How a unit of {@code repo} finds its includes, as the crawl searched them; {@code files} are
     * the repo's crawled files (path to text, as {@link #content} gives them), which the caller
     * has read for its own use already.
     */
    public IncludeSearch includeSearch(String repo, java.util.Map<String, String> files) {
        List<String> given = repos().stream().filter(x -> x.name().equals(repo)).findFirst().map(Repo::includeDirs).orElse(List.of());
        return IncludeSearch.of(files, given, submodulePaths(repo), dev.opened.common.Toolchain.host());
    }

    /**
     * The repo dir of a libbpf that a repo of these files vendors (a submodule, mostly), whose
     * headers answer {@code <bpf/NAME>} before the system's, as the crawl read them; null when none.
     */
    public static String vendoredLibbpf(java.util.Collection<String> paths) {
        return IncludeRoots.vendoredLibbpf(paths);
    }

    /**
     * The paths of the submodules whose files the last crawl of {@code repo} read (its marker row
     * says): vendored code, there to be included, whose functions are its own repository's.
     */
    public List<String> submodulePaths(String repo) {
        List<String> marker = query("SELECT t.tu_path FROM tu_cache t JOIN repos r ON t.key = 'crawler-version:' || r.id "
                + "WHERE r.name = ?", List.of(repo), rs -> rs.getString(1));
        return marker.isEmpty() ? List.of() : CrawlerVersion.submodulePaths(List.of(marker.get(0).split("\n")));
    }

    /** The crawled files of a repo. */
    public List<SourceFile> files(String repo) {
        return query("SELECT r.name, f.path, f.blob_id, f.spdx, f.license_comment, f.is_tu, f.lines FROM files f "
                + "JOIN repos r ON r.id = f.repo_id WHERE r.name = ? ORDER BY f.path", List.of(repo), this::file);
    }

    /** One crawled file. */
    public Optional<SourceFile> file(String repo, String path) {
        List<SourceFile> l = query("SELECT r.name, f.path, f.blob_id, f.spdx, f.license_comment, f.is_tu, f.lines "
                + "FROM files f JOIN repos r ON r.id = f.repo_id WHERE r.name = ? AND f.path = ?", List.of(repo, path),
                this::file);
        return l.stream().findFirst();
    }

    /** The text of a crawled file at the crawled commit. */
    public String content(String repo, String path) {
        List<String> l = query("SELECT b.content FROM files f JOIN repos r ON r.id = f.repo_id "
                + "JOIN blobs b ON b.blob_id = f.blob_id WHERE r.name = ? AND f.path = ?", List.of(repo, path),
                rs -> rs.getString(1));
        if (l.isEmpty()) {
            throw new CallGraphException(repo + ":" + path + ": not a crawled file");
        }
        return l.get(0);
    }

    /**
     * The string of the {@code SEC("license")} global a translation unit defines ({@code "GPL"}),
     * or null when {@code tuPath} has none.
     */
    public String licenseSection(String repo, String tuPath) {
        for (Definition d : definitionsIn(repo, tuPath)) {
            if (d.kind() == DefinitionKind.GLOBAL && "license".equals(d.section())) {
                return licenseString(sourceText(d));
            }
        }
        return null;
    }

    /** The string a license section's definition text holds ({@code char _license[] SEC("license") = "GPL";}), or null. */
    public static String licenseString(String definitionText) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\s*\"([^\"]*)\"").matcher(definitionText);
        return m.find() ? m.group(1) : null;
    }

    /** The source text of a definition, exactly as in its file. */
    public String sourceText(Definition d) {
        String text = content(d.repo(), d.path());
        return text.substring(d.startOffset(), Math.min(d.endOffset(), text.length()));
    }

    /** The {@code #include}s of a file, in order. */
    public List<Include> includes(String repo, String path) {
        return query("SELECT f.path, i.line, i.directive, i.system, i.resolved_path, i.guards FROM includes i "
                + "JOIN files f ON f.id = i.file_id JOIN repos r ON r.id = f.repo_id WHERE r.name = ? AND f.path = ? "
                + "ORDER BY i.line", List.of(repo, path), rs -> new Include(rs.getString(1), rs.getInt(2),
                        rs.getString(3), rs.getInt(4) != 0, rs.getString(5), GraphJson.guards(rs.getString(6))));
    }

    /** The repo files translation unit {@code tuPath} reads (itself first, then its headers, transitively). */
    public List<String> translationUnitFiles(String repo, String tuPath) {
        List<String> l = new ArrayList<>();
        l.add(tuPath);
        l.addAll(query("SELECT f2.path FROM tu_files t JOIN files f1 ON f1.id = t.tu_file_id "
                + "JOIN files f2 ON f2.id = t.file_id JOIN repos r ON r.id = f1.repo_id "
                + "WHERE r.name = ? AND f1.path = ? AND f2.path <> f1.path ORDER BY f2.path", List.of(repo, tuPath),
                rs -> rs.getString(1)));
        return l;
    }

    /** The translation units ({@code .c} files) that read {@code path}. */
    public List<String> translationUnitsOf(String repo, String path) {
        Set<String> s = new LinkedHashSet<>(query("SELECT f1.path FROM tu_files t JOIN files f1 ON f1.id = t.tu_file_id "
                + "JOIN files f2 ON f2.id = t.file_id JOIN repos r ON r.id = f1.repo_id "
                + "WHERE r.name = ? AND f2.path = ? ORDER BY f1.path", List.of(repo, path), rs -> rs.getString(1)));
        return new ArrayList<>(s);
    }

    /**
     * The translation units that saw definition {@code d}, the first being the one to build it in:
     * its own {@code .c} file; for a header's, the units including the header whose parse found
     * it. A template header's {@code int PROG_NAME(...)} is one definition per {@code .c} file
     * that defines {@code PROG_NAME}, and only that file's parse found it.
     */
    public List<String> translationUnitsOf(Definition d) {
        if (d.path().endsWith(".c")) {
            return List.of(d.path());
        }
        List<String> all = translationUnitsOf(d.repo(), d.path());
        Set<String> saw = new LinkedHashSet<>(query("SELECT tu FROM refs WHERE from_id = ? UNION SELECT tu FROM refs WHERE to_id = ?",
                List.of(d.id(), d.id()), rs -> rs.getString(1)));
        List<String> found = all.stream().filter(saw::contains).toList();
        return found.isEmpty() ? all : found;
    }

    /** What the parser reported for a repo (all repos when null). */
    public List<Problem> problems(String repo) {
        return query("SELECT p.path, p.line, p.message, p.tu_path FROM problems p JOIN repos r ON r.id = p.repo_id "
                + "WHERE ? IS NULL OR r.name = ? ORDER BY p.path, p.line", java.util.Arrays.asList(repo, repo),
                rs -> new Problem(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
    }

    /** Stores whether a function's closure fits a program type on a kernel (the hookpoint check). */
    public void recordHookFit(long functionId, String kernel, String programType, boolean fits, String reason) {
        update("INSERT OR REPLACE INTO hook_fit(def_id, kernel, program_type, fits, reason) VALUES (?,?,?,?,?)",
                List.of(functionId, kernel, programType, fits ? 1 : 0, reason == null ? "" : reason));
    }

    /** The functions recorded to fit {@code programType} (on any kernel). */
    public Set<Long> functionsFitting(String programType) {
        return new LinkedHashSet<>(query("SELECT DISTINCT def_id FROM hook_fit WHERE program_type = ? AND fits = 1",
                List.of(programType), rs -> rs.getLong(1)));
    }

    /** The program types recorded for a function: type to reason ("" when it fits). */
    public java.util.Map<String, String> hookFit(long functionId) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        for (String[] row : query("SELECT program_type, fits, reason FROM hook_fit WHERE def_id = ?", List.of(functionId),
                rs -> new String[] {rs.getString(1), rs.getInt(2) != 0 ? "" : rs.getString(3)})) {
            m.put(row[0], row[1]);
        }
        return m;
    }

    // ---- plumbing

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, List<?> args, RowMapper<T> mapper) {
        // taken out while it runs: a query of the same text inside the mapper prepares its own
        PreparedStatement ps = statements.remove(sql);
        try {
            if (ps == null) {
                ps = connection.prepareStatement(sql);
            }
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            if (statements.size() < MAX_STATEMENTS && statements.putIfAbsent(sql, ps) == null) {
                ps = null;
            }
            return out;
        } catch (SQLException e) {
            throw new CallGraphException(path + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(ps);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            if (ps != null) {
                ps.close();
            }
        } catch (SQLException e) {
            // a statement that will not close holds nothing the graph needs
        }
    }

    void update(String sql, List<?> args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CallGraphException(path + ": " + e.getMessage(), e);
        }
    }

    private Definition def(ResultSet rs) throws SQLException {
        return new Definition(rs.getLong(1), rs.getString(2), rs.getString(3), DefinitionKind.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                rs.getString(11), rs.getInt(12) != 0, rs.getInt(13) != 0, rs.getString(14), rs.getString(15),
                GraphJson.guards(rs.getString(16)), rs.getInt(17) != 0);
    }

    private Reference ref(ResultSet rs) throws SQLException {
        return new Reference(rs.getLong(1), rs.getLong(2), ReferenceKind.valueOf(rs.getString(3)), rs.getInt(4));
    }

    private SourceFile file(ResultSet rs) throws SQLException {
        return new SourceFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) != 0, rs.getInt(7));
    }


    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Comparator<Definition> byLocation() {
        return Comparator.comparing(Definition::repo).thenComparing(Definition::path)
                .thenComparingInt(Definition::startOffset);
    }
}
