package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.IncludeSearch;
import dev.opened.callgraph.KernelTypes;
import dev.opened.callgraph.Repo;
import dev.opened.callgraph.SourceFile;
import dev.opened.common.FileTrees;
import dev.opened.common.Toolchain;

/**
 * The original translation units, compiled as OPENED crawled them: the repo's files at the crawled
 * commit (from the call graph's blobs) in a temporary directory, the repo's {@code -I} dirs and
 * {@code -D} flags, and a header that no search path finds but that exists once in the repo
 * joining the search path, as the crawler's parser does.
 */
final class Originals implements AutoCloseable {
    private static final Pattern NOT_FOUND = Pattern.compile("fatal error: '([^']+)' file not found");
    private static final int MAX_FOUND_DIRS = 8;
    /**
     * What the crawler's parser predefines beyond clang's {@code -target bpf} set: the target
     * architecture that libbpf's {@code bpf_tracing.h} and arch-dispatching {@code vmlinux.h} files ask for.
     */
    static final List<String> CRAWL_DEFINES =
            List.of("-D" + Toolchain.host().targetArchDefine());
    /**
     * A call without a declaration (a function defined only under another {@code -D}, as in
     * katran's decap) is a warning where a repository builds its code, clang's default for C, not
     * the error OPENED's own units are held to: the original is compiled as its repository builds
     * it. A unit extracted from such an original says the same in its own flags.
     */
    static final String AS_REPOSITORIES_BUILD = "-Wno-error=implicit-function-declaration";

    private final CallGraph graph;
    private final Repo repo;
    private final Path root;
    private final List<String> paths = new ArrayList<>();
    /** How the crawl searched this repo's includes: the originals are compiled the same way. */
    private final IncludeSearch search;

    /** Writes {@code repo}'s crawled files under a new temporary directory. */
    Originals(CallGraph graph, Repo repo) throws IOException {
        this.graph = graph;
        this.repo = repo;
        this.root = Files.createTempDirectory("opened-original-");
        // in the files' order, as the crawl read them: the order of the inferred -I dirs follows it
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (SourceFile f : graph.files(repo.name())) {
            Path p = root.resolve(f.path()).normalize();
            if (!p.startsWith(root)) {
                continue;
            }
            Files.createDirectories(p.getParent());
            try {
                String text = graph.content(repo.name(), f.path());
                Files.writeString(p, text);
                paths.add(f.path());
                texts.put(f.path(), text);
            } catch (RuntimeException e) {
                // a blob the crawl could not read: the compile says which header is missing
            }
        }
        // what the crawl inferred (per-arch copies by the host's arch among them) comes after the
        // given -I dirs, as in the crawl's parse
        this.search = graph.includeSearch(repo.name(), texts);
        if (search.vendoredLibbpf() != null) {
            // the vendored libbpf's headers as its install step lays them out: bpf/NAME
            Path installed = root.resolve(IncludeSearch.INSTALLED);
            Files.createDirectories(installed);
            Files.createSymbolicLink(installed.resolve("bpf"), installed.relativize(root.resolve(search.vendoredLibbpf())));
        }
    }

    /** What clang did: the object when it compiled, its first error otherwise. */
    record Result(Path object, String firstError, String output) {
    }

    /** Compiles {@code tu} into {@code object}. */
    Result compile(String tu, Path object) throws IOException {
        List<String> found = new ArrayList<>();
        Files.createDirectories(object.getParent());
        while (true) {
            List<String> cmd = new ArrayList<>(Toolchain.host().clangCommand());
            cmd.add(AS_REPOSITORIES_BUILD);
            for (String d : search.dirs()) {
                cmd.add("-I" + (Path.of(d).isAbsolute() ? d : root.resolve(d).normalize().toString()));
            }
            found.forEach(d -> cmd.add("-I" + d));
            cmd.addAll(CRAWL_DEFINES);
            repo.defines().forEach(d -> cmd.add("-D" + d));
            if (search.kernelTypes()) {
                Path vmlinux = KernelTypes.vmlinuxDir();
                if (vmlinux != null) {
                    cmd.add("-idirafter");
                    cmd.add(vmlinux.toString());
                }
            }
            cmd.addAll(List.of("-c", root.resolve(tu).toString(), "-o", object.toString()));
            String out = run(cmd);
            if (Files.isRegularFile(object) && out.lines().noneMatch(l -> l.contains("error:"))) {
                return new Result(object, null, out);
            }
            Matcher m = NOT_FOUND.matcher(out);
            String dir = m.find() && found.size() < MAX_FOUND_DIRS ? uniqueDirOf(m.group(1)) : null;
            if (dir == null || found.contains(dir)) {
                Files.deleteIfExists(object);
                return new Result(null, firstError(out, root), out.replace(root + "/", ""));
            }
            found.add(dir);
        }
    }

    /** The directory that makes {@code include} resolve, when exactly one repo file ends with it. */
    private String uniqueDirOf(String include) {
        List<String> hits = paths.stream().filter(p -> p.equals(include) || p.endsWith("/" + include)).toList();
        if (hits.size() != 1) {
            return null;
        }
        String hit = hits.get(0);
        return root.resolve(hit.substring(0, hit.length() - include.length())).normalize().toString();
    }

    /** The first {@code error:} line of clang's output, its path made repo-relative. */
    static String firstError(String output, Path root) {
        return output.lines().filter(l -> l.contains("error:")).findFirst()
                .map(l -> root == null ? l : l.replace(root + "/", "")).orElse(output.isBlank() ? "clang failed" : output.lines().findFirst().get());
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "error: clang took more than 300 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "error: interrupted";
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        FileTrees.deleteQuietly(root);
    }
}
