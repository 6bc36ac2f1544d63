package dev.opened.callgraph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import dev.opened.common.CacheRoot;
import dev.opened.common.Toolchain;

/**
 * Crawls a repo at a commit into the call graph. Each translation unit's parse is stored under a
 * key made of the blobs it read and the flags, in its own batch transaction, so an unchanged unit
 * is never parsed twice and an interrupted crawl resumes; the graph itself is relinked from those
 * parses in one transaction, so readers always see a whole crawl.
 */
public final class Crawler {
    private static final Gson GSON = new Gson();

    private final CallGraph graph;
    private final Path cache;
    private final int threads;
    private final int batch;

    /**
     * Starts reading git's and the repository's configuration on another thread, where the caller
     * has other work first (opening the graph): the crawl of {@code source} then finds JGit ready.
     */
    public static void warmUp(String source) {
        GitWarmUp.start(source);
    }

    /** A crawler writing into {@code graph}, cloning URLs into {@code cache}, parsing on {@link #defaultThreads()}. */
    public Crawler(CallGraph graph, Path cache) {
        this(graph, cache, defaultThreads());
    }

    /**
     * One parsing thread per core, as many as the heap holds: libbpf-bootstrap, whose every unit
     * includes a generated vmlinux.h, peaked at 422 MiB on four threads (docs/PERFORMANCE.md), about
     * 100 MiB a unit in flight; 192 MiB a thread leaves room for the results and the writer.
     */
    public static int defaultThreads() {
        long perThread = 192L << 20;
        long byHeap = Math.max(1, Runtime.getRuntime().maxMemory() / perThread);
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), byHeap));
    }

    /** As above, with {@code threads} parsing threads. */
    public Crawler(CallGraph graph, Path cache, int threads) {
        this(graph, cache, threads, 16);
    }

    Crawler(CallGraph graph, Path cache, int threads, int batch) {
        this.graph = graph;
        this.cache = cache;
        this.threads = threads;
        this.batch = batch;
    }

    /** The default clone cache: {@code repos} under OPENED's cache root ({@link CacheRoot}). */
    public static Path defaultCache() {
        return CacheRoot.get().resolve("repos");
    }

    /** Crawls one source; see {@link CrawlRequest}. */
    public CrawlSummary crawl(CrawlRequest request, CrawlListener listener) {
        long t0 = System.nanoTime();
        String name = request.name() != null ? request.name() : SourceNames.defaultName(request.source());
        if (!name.matches("[A-Za-z0-9._+-]+")) {
            throw new CallGraphException("repo name '" + name + "' has characters other than letters, digits and ._+-; "
                    + "give one with --name");
        }
        for (String d : request.defines()) {
            String why = RepoFlags.define(d);
            if (why != null) {
                throw new CallGraphException("-D " + Printable.of(d) + ": " + why + "; write -D NAME or -D NAME=VALUE");
            }
        }
        // a re-crawl of a crawled commit is the common case: HEAD's commit and the last crawl's record
        // decide it without JGit; else it is seen from names and ids, no text read
        QuickRecrawl.Check quick = QuickRecrawl.check(graph, name, request);
        QuickRecrawl.Last last = quick.upToDate();
        if (last != null) {
            return summary(name, last.commit(), last.files(), null, last.skipped(), true, 0, 0, 0, t0);
        }
        SourceTree head = quick.moved() ? null : SourceTree.withoutTexts(request.source(), request.ref(), request.submodules());
        if (head != null) {
            List<Long> known = graph.query("SELECT id FROM repos WHERE name = ?", List.of(name), rs -> rs.getLong(1));
            if (!known.isEmpty() && upToDate(known.get(0), head.commit, GSON.toJson(flags(request, head)), head.submodules)) {
                if (!head.hasGitlinks) {
                    QuickRecrawl.remember(graph, known.get(0), request, head.commit, head.files.size(), head.skipped);
                }
                return summary(name, head, true, 0, 0, 0, t0);
            }
        }
        // the include directories wait for clang's answer: asked while the tree is read
        Toolchain.probeHostMeanwhile();
        SourceTree tree = SourceTree.load(request.source(), request.ref(), cache, request.submodules());
        String source = SourceNames.isUrl(request.source()) ? request.source()
                : Path.of(request.source()).toAbsolutePath().normalize().toString();
        List<List<String>> flags = flags(request, tree);
        List<String> includeDirs = flags.get(0);
        List<String> defines = flags.get(1);
        String flagsKey = GSON.toJson(flags);
        long repoId = repoRow(name, source);
        if (upToDate(repoId, tree.commit, flagsKey, tree.submodules)) {
            return summary(name, tree, true, 0, 0, 0, t0);
        }
        Path realRoot = virtualRoot(source + "\n" + tree.commit);
        Toolchain toolchain = Toolchain.host();
        // what only the repo's build knows (a CMake -I, -I$(ARCH)), inferred from its files after
        // the flags it was given; a function of the commit, so the quick re-crawl check stays valid
        Map<String, String> texts = new LinkedHashMap<>();
        tree.files.forEach((p, b) -> texts.put(p, b.text()));
        List<String> submodules = tree.submodulePaths();
        IncludeSearch search = IncludeSearch.of(texts, includeDirs, submodules, toolchain);
        List<String> searched = search.dirs();
        // parses cached under other include directories are not these
        String unitsKey = searched.size() == includeDirs.size() ? flagsKey : flagsKey + "\n" + GSON.toJson(searched);
        List<String> absIncludes = new ArrayList<>(searched.stream()
                .map(d -> Path.of(d).isAbsolute() ? d : realRoot.resolve(d).normalize().toString()).toList());
        // CO-RE code includes a vmlinux.h that repos rarely commit: the kernel's own types stand in
        if (search.kernelTypes()) {
            Path generated = KernelTypes.vmlinuxDir();
            if (generated != null) {
                absIncludes.add(generated.toString());
            }
        }
        Map<String, String> macroDefs = new LinkedHashMap<>();
        for (String d : defines) {
            int eq = d.indexOf('=');
            macroDefs.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
        }
        storeBlobs(tree);
        Map<String, Future<TuResult>> cached = cachedResults(repoId, tree, unitsKey);
        List<String> units = new ArrayList<>();
        int userSpace = 0;
        for (String p : tree.files.keySet()) {
            // a submodule's files are there to be included: its programs are its own repository's
            if (p.endsWith(".c") && !IncludeRoots.under(p, submodules)) {
                // a stored parse of this path is a unit's with this very text (its deps hold the blob):
                // what Kinds says of a path and its text need not be asked again, 120 files on each re-crawl
                if (cached.containsKey(p) || Kinds.isBpf(p, tree.files.get(p).text())) {
                    units.add(p);
                } else {
                    userSpace++;
                }
            }
        }
        Map<String, TuResult> results = new LinkedHashMap<>();
        KernelStandIns kernelTypes = new KernelStandIns(tree.files);
        int[] counts = new int[2];
        // one view of the disk for every parse of the crawl: the headers' verdicts and texts asked once
        DiskFiles disk = new DiskFiles(realRoot, absIncludes, toolchain);
        String vendored = search.vendoredLibbpf();
        java.util.function.Supplier<TuParser> parsers = () -> new TuParser(realRoot, tree.files, toolchain, absIncludes,
                macroDefs, kernelTypes, vendored, disk);
        Future<Set<String>> bpfHeaders = bpfHeadersMeanwhile(units, cached, tree, submodules);
        runUnits(units, cached, results, counts, tree, parsers, repoId, unitsKey, listener);
        Set<String> covered = new HashSet<>();
        results.values().forEach(r -> covered.addAll(r.deps().keySet()));
        Set<String> known = bpfHeaders == null ? null
                : await(bpfHeaders, c -> new CallGraphException("the headers' check failed: " + c, c));
        List<String> orphans = tree.files.keySet().stream().filter(p -> p.endsWith(".h") && !covered.contains(p)
                && !IncludeRoots.under(p, submodules)
                && (known != null ? known.contains(p) : Kinds.isBpfHeader(tree.files.get(p).text()))).toList();
        runUnits(orphans, cached, results, counts, tree, parsers, repoId, unitsKey, listener);
        // CDT hands the parser inactive branches of the main file only: a header's #ifdef'd-out
        // definitions are found by parsing the header alone, and only those are taken from it
        Set<String> skippedSomewhere = new HashSet<>();
        boolean unknown = false;
        for (TuResult r : results.values()) {
            if (r.inactiveIn() == null) {
                unknown = true; // a parse cached before this was recorded
            } else {
                skippedSomewhere.addAll(r.inactiveIn());
            }
        }
        boolean all = unknown;
        // a vmlinux.h's definitions are never collected (Declarations), so its parse alone adds
        // nothing to what the units gave, and it is the costliest parse of a crawl
        List<String> conditional = tree.files.keySet().stream().filter(p -> p.endsWith(".h") && covered.contains(p)
                && !SnapshotProvider.isGeneratedKernelTypes(p) && Kinds.hasConditionalCode(tree.files.get(p).text()) && (all || skippedSomewhere.contains(p))).toList();
        Map<String, TuResult> headerUnits = new LinkedHashMap<>();
        runUnits(conditional, cached, headerUnits, counts, tree, parsers, repoId, unitsKey, listener);
        Set<String> seen = new HashSet<>();
        results.values().forEach(r -> r.defs().forEach(d -> seen.add(d.key())));
        headerUnits.forEach((path, r) -> results.put(path, inactiveOnly(r, seen)));
        tree.source = source;
        new GraphWriter(graph.connection(), repoId, tree, results, units).write(includeDirs, defines, unitsKey);
        // a repo with submodules goes the long way: their state is not the commit's alone
        if ((head != null || quick.moved()) && !tree.hasGitlinks) {
            QuickRecrawl.remember(graph, repoId, request, tree.commit, tree.files.size(), tree.skipped);
        }
        CrawlSummary s = summary(name, tree, false, counts[0], counts[1], results.size(), t0)
                .noting(search.notes());
        if (userSpace > 0) {
            List<String> skipped = new ArrayList<>(s.skipped());
            skipped.add(userSpace + " user-space .c files (no SEC(), no libbpf or kernel BPF headers): not eBPF, not parsed");
            s = new CrawlSummary(s.repo(), s.commit(), s.upToDate(), s.files(), s.lines(), s.translationUnits(), s.parsed(),
                    s.reused(), s.functions(), s.calls(), s.maps(), s.problems(), skipped, s.seconds(), s.failedUnits(),
                    s.notes());
        }
        return s;
    }

    /**
     * The repo's headers that look like BPF code, found on a thread of their own when fewer units
     * are to be parsed than there are parse threads (a re-crawl after a change: a core is free while
     * the changed unit parses); null otherwise, and the orphans' check asks each header as before.
     * 40 ms of katran's re-crawl after a one-file change, on its critical path before.
     */
    private Future<Set<String>> bpfHeadersMeanwhile(List<String> units, Map<String, Future<TuResult>> cached,
            SourceTree tree, List<String> submodules) {
        if (units.stream().filter(u -> !cached.containsKey(u)).count() >= threads) {
            return null;
        }
        java.util.concurrent.FutureTask<Set<String>> task = new java.util.concurrent.FutureTask<>(() -> {
            Set<String> out = new HashSet<>();
            tree.files.forEach((p, b) -> {
                if (p.endsWith(".h") && !IncludeRoots.under(p, submodules) && Kinds.isBpfHeader(b.text())) {
                    out.add(p);
                }
            });
            return out;
        });
        Thread t = new Thread(task, "opened-bpf-headers");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** {@code f}'s value, waited for; its failure thrown as {@code failed} makes it. */
    private static <T> T await(Future<T> f, java.util.function.Function<Throwable, RuntimeException> failed) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            throw interrupted();
        } catch (ExecutionException e) {
            throw failed.apply(e.getCause());
        }
    }

    /** What a crawl stopped while it waits throws; the thread stays interrupted. */
    private static CallGraphException interrupted() {
        Thread.currentThread().interrupt();
        return new CallGraphException("crawl interrupted; the parses stored so far are kept and the next crawl resumes");
    }

    /**
     * The absolute directory the repository's files appear under while it is parsed. The parser
     * takes them from the snapshot in memory, never from the disk, so nothing is written (nor left
     * behind when a crawl is killed) and nothing planted there is read: the name is in {@code /},
     * where only root creates directories, and one that exists is not used.
     */
    private static Path virtualRoot(String key) {
        String base = "/.opened-crawl-" + SourceTree.hash(key).substring(0, 16);
        Path root = Path.of(base);
        for (int i = 1; Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            root = Path.of(base + "-" + i);
        }
        return root;
    }

    /** The include dirs and the defines a crawl of {@code tree} runs with: the request's, then the repo's own. */
    private static List<List<String>> flags(CrawlRequest request, SourceTree tree) {
        List<String> includeDirs = new ArrayList<>(request.includeDirs());
        List<String> defines = new ArrayList<>(request.defines());
        for (String f : tree.repoFlags) {
            if (f.startsWith("-I") && f.length() > 2) {
                includeDirs.add(f.substring(2).trim());
            } else if (f.startsWith("-D") && f.length() > 2) {
                defines.add(f.substring(2).trim());
            }
        }
        return List.of(includeDirs, defines);
    }

    /** What a header parsed alone adds: the definitions no translation unit saw, as inactive code. */
    private static TuResult inactiveOnly(TuResult r, Set<String> seen) {
        List<TuResult.Def> defs = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (TuResult.Def d : r.defs()) {
            if (!seen.contains(d.key())) {
                defs.add(new TuResult.Def(d.kind(), d.name(), d.path(), d.start(), d.end(), d.startLine(), d.endLine(),
                        d.signature(), d.isStatic(), d.isInline(), d.section(), d.guards(), false, d.map()));
                keys.add(d.key());
            }
        }
        return new TuResult(r.tuPath(), r.deps(), defs, r.refs().stream().filter(x -> keys.contains(x.fromKey())).toList(),
                r.helpers().stream().filter(h -> keys.contains(h.fromKey())).toList(), List.of(), List.of());
    }

    /** Parses the {@code units} not in {@code cached}, each with a new parser from {@code parsers}. */
    private void runUnits(List<String> units, Map<String, Future<TuResult>> cached, Map<String, TuResult> results,
            int[] counts, SourceTree tree, java.util.function.Supplier<TuParser> parsers, long repoId, String flagsKey,
            CrawlListener listener) {
        List<String> todo = new ArrayList<>();
        for (String u : units) {
            if (!cached.containsKey(u)) {
                todo.add(u);
            }
        }
        if (todo.isEmpty()) {
            reused(units, cached, results, counts);
            return;
        }
        ParseGuard guard = new ParseGuard();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "opened-parse", 64L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TuResult>> futures = new ArrayList<>();
            Map<String, String> twins = KernelTypesTwins.of(todo, tree.files);
            java.util.function.Function<String, java.util.concurrent.Callable<TuResult>> parse = u -> () -> guard.run(u,
                    () -> parsers.get().parse(u));
            for (String u : todo) {
                futures.add(twins.containsKey(u) ? null : pool.submit(parse.apply(u)));
            }
            // the reused parses first, as before: the graph is written in this order
            reused(units, cached, results, counts);
            List<TuResult> batch = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                TuResult r;
                try {
                    String u = todo.get(i);
                    TuResult twin = twins.containsKey(u)
                            ? KernelTypesTwins.renamed(results.get(twins.get(u)), twins.get(u), u, tree.files.get(u)) : null;
                    r = futures.get(i) != null ? futures.get(i).get()
                            : twin != null ? twin
                            : pool.submit(parse.apply(u)).get();
                } catch (ExecutionException e) {
                    String why = e.getCause() instanceof ParseGuard.Failed f ? f.getMessage() : "the parser failed: " + e.getCause();
                    r = new TuResult(todo.get(i), Map.of(todo.get(i), tree.files.get(todo.get(i)).id()), List.of(), List.of(),
                            List.of(), List.of(), List.of(new Problem(todo.get(i), 1, ParseGuard.FAILED + why
                                    + "; its definitions are missing from the graph", todo.get(i))));
                }
                results.put(r.tuPath(), r);
                if (!failed(r)) {
                    batch.add(r); // a failure is not kept: the next crawl tries the unit again
                }
                counts[0]++;
                listener.progress(i + 1, futures.size(), r.tuPath());
                if (!batch.isEmpty() && (batch.size() >= this.batch || i == futures.size() - 1)) {
                    storeResults(repoId, flagsKey, batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The stored parses of {@code units} into {@code results}, in the units' order. */
    private static void reused(List<String> units, Map<String, Future<TuResult>> cached, Map<String, TuResult> results,
            int[] counts) {
        for (String u : units) {
            Future<TuResult> r = cached.get(u);
            if (r != null) {
                results.put(u, await(r, c -> new IllegalStateException("a stored parse of " + u + " cannot be read", c)));
                counts[1]++;
            }
        }
    }

    private static boolean failed(TuResult r) {
        return r.problems().stream().anyMatch(p -> p.message().startsWith(ParseGuard.FAILED));
    }

    private long repoRow(String name, String source) {
        List<Long> ids = graph.query("SELECT id FROM repos WHERE name = ?", List.of(name), rs -> rs.getLong(1));
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        graph.update("INSERT INTO repos(name, source) VALUES (?, ?)", List.of(name, source));
        return graph.query("SELECT id FROM repos WHERE name = ?", List.of(name), rs -> rs.getLong(1)).get(0);
    }

    private boolean upToDate(long repoId, String commit, String flagsKey, List<Submodules.Link> submodules) {
        List<String> rows = graph.query("SELECT commit_id, include_dirs, defines FROM repos WHERE id = ?", List.of(repoId),
                rs -> rs.getString(1) == null ? null
                        : rs.getString(1) + "\n" + GSON.toJson(List.of(GraphJson.strings(rs.getString(2)),
                                GraphJson.strings(rs.getString(3)))));
        if (rows.isEmpty() || rows.get(0) == null || !rows.get(0).equals(commit + "\n" + flagsKey)) {
            return false;
        }
        // a repo crawled by another crawler's code is crawled again: its results may be that code's mistakes
        List<String> by = graph.query("SELECT tu_path FROM tu_cache WHERE key = ?", List.of(CrawlerVersion.markerKey(repoId)),
                rs -> rs.getString(1));
        // and one whose submodules were read otherwise (checked out since, or given now)
        return !by.isEmpty() && by.get(0).equals(CrawlerVersion.marker(submodules));
    }

    /**
     * The stored parses still valid for {@code tree}, decoded on a thread of their own while the
     * caller goes on: on a one-file change the changed unit's parse starts without waiting for the others'
     * JSON.
     */
    private Map<String, Future<TuResult>> cachedResults(long repoId, SourceTree tree, String flagsKey) {
        Map<String, Future<TuResult>> out = new LinkedHashMap<>();
        ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "opened-cache-decode");
            t.setDaemon(true);
            return t;
        });
        for (Object[] row : graph.query("SELECT key, tu_path, deps, result FROM tu_cache WHERE repo_id = ?", List.of(repoId),
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)})) {
            Map<String, String> deps = GSON.fromJson((String) row[2], new TypeToken<Map<String, String>>() { }.getType());
            boolean same = true;
            for (Map.Entry<String, String> d : deps.entrySet()) {
                SourceTree.Blob b = tree.files.get(d.getKey());
                if (b == null || !b.id().equals(d.getValue())) {
                    same = false;
                    break;
                }
            }
            if (same && row[0].equals(key(flagsKey, deps))) {
                byte[] data = (byte[]) row[3];
                out.put((String) row[1], decoder.submit(() -> decode(data)));
            }
        }
        // what is queued still runs; the thread ends when it is done
        decoder.shutdown();
        return out;
    }

    private void storeResults(long repoId, String flagsKey, List<TuResult> batch) {
        Connection c = graph.connection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO tu_cache(key, repo_id, tu_path, deps, result) VALUES (?,?,?,?,?)")) {
                for (TuResult r : batch) {
                    ps.setString(1, key(flagsKey, r.deps()));
                    ps.setLong(2, repoId);
                    ps.setString(3, r.tuPath());
                    ps.setString(4, GSON.toJson(r.deps()));
                    ps.setBytes(5, encode(r));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw new CallGraphException(graph.path() + ": cannot store parse results: " + e.getMessage(), e);
        } finally {
            autoCommit(c);
        }
    }

    private void storeBlobs(SourceTree tree) {
        Connection c = graph.connection();
        try {
            c.setAutoCommit(false);
            // a re-crawl finds most blobs stored: asked by id, their texts are not bound (encoded) again
            try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM blobs WHERE blob_id = ?");
                    PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO blobs(blob_id, content) VALUES (?, ?)")) {
                for (SourceTree.Blob b : tree.files.values()) {
                    known.setString(1, b.id());
                    try (java.sql.ResultSet rs = known.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                    ps.setString(1, b.id());
                    ps.setString(2, b.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw new CallGraphException(graph.path() + ": cannot store files: " + e.getMessage(), e);
        } finally {
            autoCommit(c);
        }
    }

    private CrawlSummary summary(String name, SourceTree tree, boolean upToDate, int parsed, int reused, int units, long t0) {
        Long lines = tree.files.values().stream().anyMatch(b -> b.text() == null) ? null
                : tree.files.values().stream().mapToLong(SourceTree.Blob::lines).sum();
        return summary(name, tree.commit, tree.files.size(), lines, tree.skipped, upToDate, parsed, reused, units, t0);
    }

    private CrawlSummary summary(String name, String commit, int files, Long textLines, List<String> skipped, boolean upToDate,
            int parsed, int reused, int units, long t0) {
        // without texts, the lines the crawl of this very commit stored per file
        long lines = textLines != null ? textLines
                : graph.query("SELECT ifnull(sum(f.lines), 0) FROM files f JOIN repos r ON r.id = f.repo_id WHERE r.name = ?",
                        List.of(name), rs -> rs.getLong(1)).get(0);
        int functions = count("SELECT count(*) FROM defs d JOIN repos r ON r.id = d.repo_id WHERE r.name = ? AND d.kind = 'FUNCTION'", name);
        int calls = count("SELECT count(DISTINCT x.from_id || '>' || x.to_id) FROM refs x JOIN defs d ON d.id = x.from_id "
                + "JOIN repos r ON r.id = d.repo_id WHERE r.name = ? AND x.kind = 'CALL'", name);
        int maps = count("SELECT count(*) FROM defs d JOIN repos r ON r.id = d.repo_id WHERE r.name = ? AND d.kind = 'MAP'", name);
        int problems = count("SELECT count(*) FROM problems p JOIN repos r ON r.id = p.repo_id WHERE r.name = ?", name);
        return new CrawlSummary(name, commit, upToDate, files, lines, units, parsed, reused, functions, calls,
                maps, problems, skipped, (System.nanoTime() - t0) / 1e9, graph.query(
                        "SELECT DISTINCT p.tu_path FROM problems p JOIN repos r ON r.id = p.repo_id WHERE r.name = ? "
                                + "AND substr(p.message, 1, ?) = ? ORDER BY 1",
                        List.of(name, ParseGuard.FAILED.length(), ParseGuard.FAILED), rs -> rs.getString(1)), List.of());
    }

    private int count(String sql, String name) {
        return graph.query(sql, List.of(name), rs -> rs.getInt(1)).get(0);
    }

    static String key(String flagsKey, Map<String, String> deps) {
        return SourceTree.hash(CrawlerVersion.get() + "\n" + flagsKey + "\n" + GSON.toJson(new java.util.TreeMap<>(deps)));
    }

    private static byte[] encode(TuResult r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(GSON.toJson(r).getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TuResult decode(byte[] data) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return GSON.fromJson(new String(gz.readAllBytes(), StandardCharsets.UTF_8), TuResult.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the original failure is what the user needs to see
        }
    }

    static void autoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // same
        }
    }
}
