package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Repo;
import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;
import dev.opened.transformer.Hook;
import dev.opened.transformer.HelperTable;
import dev.opened.transformer.Retargeter;
import dev.opened.transformer.Templates;

/**
 * {@code opened library build}: every chosen function of every chosen crawled repo extracted,
 * retargeted to each hook that fits, built with clang, and loaded with its original translation
 * unit's program in one boot per kernel; the results as {@code catalog.json} and {@code index.html}.
 * A unit whose inputs did not change since the last run is taken as it was. One unit's failure is
 * a row of the catalog, never the end of the build.
 */
public final class LibraryBuilder {
    private static final String STATE = "library.json";

    /** What an earlier run left in a unit directory. */
    record State(String inputs, CatalogEntry entry) {
    }

    /** What an earlier run knew of an original translation unit. */
    record OriginalState(String inputs, CatalogEntry.Compile compile, Map<String, List<Kernels.Loaded>> loads) {
    }

    /**
     * The hook name that keeps each function at its own section: the unit exactly as extracted,
     * which is what fidelity is measured on (a tracing repo's programs have no xdp or tc unit).
     */
    static final String OWN_HOOK = "own";

    /** A function that is no program, kept as extracted: compiled, with nothing to load and so no verdict. */
    static boolean nothingToLoad(String hook, String programType) {
        return hook.equals(OWN_HOOK) && programType == null;
    }

    private final Kernels kernels;

    /** A builder whose kernels come from the cache, tools from {@code searchPath} (a PATH value, or null). */
    public LibraryBuilder(Path projectRoot, String searchPath) {
        this.kernels = new Kernels(projectRoot, searchPath);
    }

    /** Runs the build; bad input (an unknown repo, hook or kernel) is a {@link OpenedException}. */
    public LibrarySummary build(LibraryRequest req, LibraryListener listener) throws IOException {
        List<String> kernelNames = req.kernels().isEmpty() ? List.of("debian") : req.kernels();
        for (String h : req.hooks()) {
            if (h.equals(OWN_HOOK)) {
                continue;
            }
            try {
                Hook.parse(h, "kprobe/any_function");
            } catch (OpenedException e) {
                throw OpenedException.badInput(e.getMessage());
            }
        }
        kernelNames.forEach(kernels::check);
        if (req.jobs() < 1) {
            throw OpenedException.badInput("-j takes a count of 1 or more");
        }
        Map<String, LongAdder> millis = UnitMaker.stages();
        List<Work> works = new ArrayList<>();
        List<Plan.Function> fns;
        try (CallGraph graph = CallGraph.openExisting(req.db())) {
            List<Repo> repos = req.repos().isEmpty() ? graph.repos() : req.repos().stream().map(graph::requireRepo).toList();
            if (repos.isEmpty()) {
                throw OpenedException.badInput("no repo is crawled; run 'opened crawl SOURCE' first");
            }
            listener.stage("plan", 0);
            fns = Plan.functions(graph, repos, req.functions());
        }
        for (Plan.Function fn : fns) {
            Repo r = fn.repo();
            for (String h : req.hooks()) {
                String id = Plan.safe(fn.base()) + "/" + Plan.safe(h.replace('/', '-'));
                String inputs = Plan.inputs(Plan.version(), r.commit(), String.join(" ", r.includeDirs()),
                        String.join(" ", r.defines()) + " " + Originals.CRAWL_DEFINES, fn.function().qualifiedName(),
                        String.valueOf(fn.function().startLine()),
                        h, String.join(" ", kernelNames), req.templates() == null ? "" : req.templates().toString());
                Work w = new Work(fn, h, id, inputs, req.out().resolve(id));
                w.reused = reusable(w, kernelNames);
                works.add(w);
            }
        }
        List<Work> todo = works.stream().filter(w -> w.reused == null).toList();
        todo.forEach(w -> clean(w.dir));
        makeUnits(req, todo, kernelNames.get(0), millis, listener);
        Map<String, OriginalState> originals = originals(req, todo, kernelNames, millis, listener);
        int boots = verify(req, todo, originals, kernelNames, millis, listener);
        List<CatalogEntry> rows = new ArrayList<>();
        for (Work w : works) {
            if (w.reused != null) {
                rows.add(w.reused);
                continue;
            }
            OriginalState o = w.fn.tuPath() == null ? null : originals.get(originalKey(w.fn));
            String log = Logs.write(w, kernelNames);
            CatalogEntry e = Catalog.entry(w, o == null ? null : o.compile(), o == null ? null : o.loads(), kernelNames, log);
            rows.add(e);
        }
        Map<String, List<CatalogEntry>> byFunction = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byFunction.computeIfAbsent(works.get(i).fn.base(), k -> new ArrayList<>()).add(rows.get(i));
        }
        List<CatalogEntry> finalRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CatalogEntry e = Catalog.withFitting(rows.get(i), Catalog.fitting(byFunction.get(works.get(i).fn.base())));
            finalRows.add(e);
            Work w = works.get(i);
            if (w.reused == null && complete(e, kernelNames)) {
                Files.createDirectories(w.dir);
                Files.writeString(w.dir.resolve(STATE), Catalog.GSON.toJson(new State(w.inputs, e)));
            }
        }
        Map<String, Long> ms = new LinkedHashMap<>();
        millis.forEach((k, v) -> ms.put(k, v.sum()));
        return Catalog.write(req.out(), finalRows, kernelNames, req.hooks(), todo.size(), boots, ms);
    }

    /** An earlier row whose inputs are these and whose every kernel answered; else null. */
    private static CatalogEntry reusable(Work w, List<String> kernelNames) {
        Path f = w.dir.resolve(STATE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            State s = Catalog.GSON.fromJson(Files.readString(f), State.class);
            return s != null && w.inputs.equals(s.inputs()) && s.entry() != null && complete(s.entry(), kernelNames) ? s.entry() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when nothing in the row waits for a kernel that did not answer (a failed boot). */
    private static boolean complete(CatalogEntry e, List<String> kernelNames) {
        if (!"built".equals(e.status())) {
            return true;
        }
        boolean nothingToLoad = nothingToLoad(e.hook(), e.programType());
        return e.results().size() == kernelNames.size() && e.results().stream().allMatch(r -> (nothingToLoad || r.unit() != null)
                && (r.unit() == null || !"boot-failed".equals(r.unit().verdict())) && (r.original() == null || !"boot-failed".equals(r.original().verdict())));
    }

    private void makeUnits(LibraryRequest req, List<Work> todo, String firstKernel, Map<String, LongAdder> millis,
            LibraryListener listener) throws IOException {
        Map<String, List<Work>> byFunction = new LinkedHashMap<>();
        todo.forEach(w -> byFunction.computeIfAbsent(w.fn.base(), k -> new ArrayList<>()).add(w));
        if (byFunction.isEmpty()) {
            return;
        }
        HelperTable helpers = kernels.helpers(firstKernel);
        Templates templates = new Templates(req.templates(), req.projectRoot().resolve("templates"), req.launcher());
        listener.stage("units", todo.size());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CallGraph> graphs = new ArrayList<>();
        ThreadLocal<UnitMaker> makers = ThreadLocal.withInitial(() -> {
            CallGraph g = CallGraph.openExisting(req.db());
            synchronized (graphs) {
                graphs.add(g);
            }
            return new UnitMaker(g, new Retargeter(helpers, templates), templates, millis);
        });
        ExecutorService pool = Executors.newFixedThreadPool(req.jobs());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Work> ws : byFunction.values()) {
                futures.add(pool.submit(() -> {
                    makers.get().make(ws);
                    ws.forEach(w -> failed.addAndGet(w.failed() ? 1 : 0));
                    listener.progress(done.addAndGet(ws.size()), todo.size(), failed.get());
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
            graphs.forEach(CallGraph::close);
        }
    }

    static String originalKey(Plan.Function fn) {
        return fn.repo().name() + "/" + fn.tuPath();
    }

    /** Compiles every original translation unit the units need, once each; earlier answers are reused. */
    private Map<String, OriginalState> originals(LibraryRequest req, List<Work> todo, List<String> kernelNames,
            Map<String, LongAdder> millis, LibraryListener listener) throws IOException {
        Map<String, Plan.Function> needed = new LinkedHashMap<>();
        todo.stream().filter(w -> w.fn.tuPath() != null).forEach(w -> needed.putIfAbsent(originalKey(w.fn), w.fn));
        Map<String, OriginalState> out = new LinkedHashMap<>();
        Map<String, List<Plan.Function>> toCompile = new LinkedHashMap<>();
        for (var e : needed.entrySet()) {
            Repo r = e.getValue().repo();
            String inputs = originalInputs(r, e.getValue().tuPath());
            Path state = originalDir(req, e.getKey()).resolve(STATE);
            OriginalState s = null;
            try {
                s = Files.isRegularFile(state) ? Catalog.GSON.fromJson(Files.readString(state), OriginalState.class) : null;
            } catch (RuntimeException ex) {
                s = null;
            }
            if (s != null && inputs.equals(s.inputs())) {
                out.put(e.getKey(), s);
            } else {
                toCompile.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        int total = toCompile.values().stream().mapToInt(List::size).sum();
        if (total > 0) {
            listener.stage("originals", total);
        }
        int done = 0;
        int failed = 0;
        long t0 = System.nanoTime();
        try (CallGraph graph = CallGraph.openExisting(req.db())) {
            for (List<Plan.Function> fns : toCompile.values()) {
                try (Originals o = new Originals(graph, fns.get(0).repo())) {
                    for (Plan.Function fn : fns) {
                        Path dir = originalDir(req, originalKey(fn));
                        clean(dir);
                        Originals.Result r = o.compile(fn.tuPath(), dir.resolve("original.bpf.o"));
                        Files.writeString(dir.resolve("clang.log"), r.output());
                        Repo repo = fn.repo();
                        String inputs = originalInputs(repo, fn.tuPath());
                        out.put(originalKey(fn), new OriginalState(inputs,
                                new CatalogEntry.Compile(r.object() != null, r.firstError(), fn.tuPath()), new LinkedHashMap<>()));
                        failed += r.object() == null ? 1 : 0;
                        listener.progress(++done, total, failed);
                    }
                }
            }
        }
        millis.get("original").add((System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    private static String originalInputs(Repo r, String tuPath) {
        return Plan.inputs(Plan.version(), r.commit(), String.join(" ", r.includeDirs()),
                String.join(" ", r.defines()) + " " + Originals.CRAWL_DEFINES, tuPath);
    }

    static Path originalDir(LibraryRequest req, String key) {
        return req.out().resolve(".originals").resolve(Plan.safe(key));
    }

    /** One boot per kernel for every unit object and every original that has no answer from it yet. */
    private int verify(LibraryRequest req, List<Work> todo, Map<String, OriginalState> originals, List<String> kernelNames,
            Map<String, LongAdder> millis, LibraryListener listener) throws IOException {
        int boots = 0;
        for (String k : kernelNames) {
            List<Path> objects = new ArrayList<>();
            todo.stream().filter(w -> w.object != null && Kernels.hasPrograms(w.object)).forEach(w -> objects.add(w.object));
            Map<Path, String> originalObjects = new LinkedHashMap<>();
            for (var e : originals.entrySet()) {
                Path obj = originalDir(req, e.getKey()).resolve("original.bpf.o");
                if (!e.getValue().compile().compiles() || e.getValue().loads().containsKey(k) || !Files.isRegularFile(obj)) {
                    continue;
                }
                if (Kernels.hasPrograms(obj)) {
                    originalObjects.put(obj, e.getKey());
                    objects.add(obj);
                } else {
                    e.getValue().loads().put(k, List.of());
                }
            }
            if (objects.isEmpty()) {
                continue;
            }
            listener.stage("verify " + k, objects.size());
            long t0 = System.nanoTime();
            Map<Path, List<Kernels.Loaded>> loads;
            try {
                boots++;
                loads = kernels.verify(k, objects, (n, rejected) -> listener.progress(n, objects.size(), rejected));
            } catch (IOException e) {
                // nothing is known of this kernel: the rows say so, and the next run tries again
                Kernels.Loaded failed = new Kernels.Loaded("", "-", "boot-failed", null, e.getMessage(), List.of());
                loads = new LinkedHashMap<>();
                for (Path o : objects) {
                    loads.put(o, List.of(failed));
                }
            }
            millis.get("verify").add((System.nanoTime() - t0) / 1_000_000);
            for (Work w : todo) {
                if (w.object != null) {
                    w.loads.put(k, loads.getOrDefault(w.object, List.of()));
                }
            }
            for (var e : originalObjects.entrySet()) {
                List<Kernels.Loaded> l = loads.getOrDefault(e.getKey(), List.of());
                if (l.stream().noneMatch(x -> "boot-failed".equals(x.verdict()))) {
                    originals.get(e.getValue()).loads().put(k, l);
                }
            }
            for (var e : originalObjects.entrySet()) {
                OriginalState s = originals.get(e.getValue());
                Files.writeString(originalDir(req, e.getValue()).resolve(STATE), Catalog.GSON.toJson(s));
            }
        }
        // an original compiled this run that had no program to load still gets its state written
        for (var e : originals.entrySet()) {
            Path state = originalDir(req, e.getKey()).resolve(STATE);
            if (!Files.exists(state) && Files.isDirectory(state.getParent())) {
                Files.writeString(state, Catalog.GSON.toJson(e.getValue()));
            }
        }
        return boots;
    }

    private static void clean(Path dir) {
        try {
            FileTrees.empty(dir);
        } catch (IOException e) {
            // what stays is overwritten
        }
    }
}
