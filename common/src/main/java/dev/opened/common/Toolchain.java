package dev.opened.common;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's compiler as OPENED uses it: the clang command line every build starts with, the
 * target arch with its include directory and define, the macros clang predefines for {@code
 * -target bpf} and the system include directories the parser searches. The parser, the extractor,
 * the builds and the library all read these here, so they agree on one machine.
 *
 * <p>The arch is the JVM's; what only clang can say costs two processes and is a fact of the
 * installed compiler, so {@link #host()} asks once per process, on first use of {@link
 * #predefines()} or {@link #systemIncludeDirs()}, and keeps the answer. {@link #of} makes one for
 * any arch and answer, for tests. Instances are immutable.
 */
public final class Toolchain {
    private static final Toolchain HOST = new Toolchain(System.getProperty("os.arch", "amd64"), null);

    /** What clang answered (or the built-in stand-in), with OPENED's additions. */
    private record Probe(Map<String, String> predefines, List<String> systemIncludeDirs) {
    }

    private final String arch;
    /** Null for the host: {@link HostProbe} then asks clang once. */
    private final Probe given;

    private Toolchain(String arch, Probe given) {
        this.arch = arch;
        this.given = given;
    }

    /** This machine's toolchain. */
    public static Toolchain host() {
        return HOST;
    }

    /**
     * Starts asking the host's clang (its predefined macros and include directories) on another
     * thread, for a command that will need the answer after other work: two clang processes are
     * tens of milliseconds of a re-crawl's start. Whoever asks first after this waits for that
     * answer; nothing is asked twice.
     */
    public static void probeHostMeanwhile() {
        onNewThread(() -> HOST.probe());
    }

    /** Runs {@code r} on a daemon thread of its own: a probe never keeps the JVM from exiting. */
    private static void onNewThread(Runnable r) {
        Thread t = new Thread(r, "opened-clang-probe");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A toolchain for the JVM arch {@code osArch} ({@code os.arch}: amd64, aarch64...) whose clang
     * predefines {@code clangPredefines} (null: clang absent, a built-in set stands in) and whose
     * resource include directory is {@code resourceInclude} (null: none).
     */
    public static Toolchain of(String osArch, Map<String, String> clangPredefines, String resourceInclude) {
        return new Toolchain(osArch, probe(osArch, clangPredefines, resourceInclude));
    }

    /** The JVM's name of the arch this toolchain builds on ({@code os.arch}). */
    public String arch() {
        return arch;
    }

    /** The macros the parser predefines: clang's for {@code -target bpf}, the target arch, CO-RE builtins. */
    public Map<String, String> predefines() {
        return probe().predefines();
    }

    /** The system include directories, in clang's order. */
    public List<String> systemIncludeDirs() {
        return probe().systemIncludeDirs();
    }

    /** The multiarch include dir clang's BPF target does not search by itself ({@code asm/types.h} lives there). */
    public String archIncludeDir() {
        String multiarch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        return "/usr/include/" + multiarch;
    }

    /** libbpf's name of the target arch ({@code x86}, {@code arm64}...), as {@code bpf_tracing.h} wants it. */
    public String targetArch() {
        return switch (arch) {
            case "amd64", "x86_64" -> "x86";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** {@code __TARGET_ARCH_x86} and the like: what libbpf's tracing macros need defined. */
    public String targetArchDefine() {
        return "__TARGET_ARCH_" + targetArch();
    }

    /**
     * The start of every OPENED clang command line, before a unit's own flags: {@code clang -O2 -g
     * -target bpf -Werror=implicit-function-declaration -idirafter ARCH_INCLUDE}. (A unit's
     * Makefile says the same in make's words, with the arch taken from {@code uname -m} where it runs.)
     */
    public List<String> clangCommand() {
        return List.of("clang", "-O2", "-g", "-target", "bpf", "-Werror=implicit-function-declaration",
                "-idirafter", archIncludeDir());
    }

    private Probe probe() {
        return given != null ? given : HostProbe.PROBE;
    }

    private static Probe probe(String osArch, Map<String, String> clangPredefines, String resourceInclude) {
        Toolchain archOnly = new Toolchain(osArch, null);
        // insertion order kept: the parser sees the macros in clang's order
        Map<String, String> defs = new LinkedHashMap<>(clangPredefines != null ? clangPredefines : fallbackPredefines());
        defs.put(archOnly.targetArchDefine(), "1");
        // CDT does not know clang's CO-RE builtins; the types stay the same without them
        defs.put("__builtin_preserve_access_index(x)", "(x)");
        defs.put("__builtin_preserve_field_info(x,y)", "0");
        defs.put("__builtin_preserve_type_info(x,y)", "0");
        defs.put("__builtin_preserve_enum_value(x,y)", "0");
        defs.put("__builtin_btf_type_id(x,y)", "0");
        List<String> dirs = new ArrayList<>();
        dirs.add(archOnly.archIncludeDir());
        if (resourceInclude != null) {
            dirs.add(resourceInclude);
        }
        dirs.add("/usr/local/include");
        dirs.add("/usr/include");
        return new Probe(Collections.unmodifiableMap(defs), List.copyOf(dirs));
    }

    private static Map<String, String> fallbackPredefines() {
        Map<String, String> defs = new LinkedHashMap<>();
        defs.put("__bpf__", "1");
        defs.put("__BPF__", "1");
        defs.put("bpf", "1");
        defs.put("__BPF_CPU_VERSION__", "1");
        defs.put("__GNUC__", "4");
        defs.put("__GNUC_MINOR__", "2");
        defs.put("__clang__", "1");
        defs.put("__STDC__", "1");
        defs.put("__STDC_VERSION__", "201710L");
        defs.put("__CHAR_BIT__", "8");
        defs.put("__SIZEOF_LONG__", "8");
        defs.put("__SIZEOF_POINTER__", "8");
        defs.put("__LP64__", "1");
        defs.put("__ORDER_LITTLE_ENDIAN__", "1234");
        defs.put("__ORDER_BIG_ENDIAN__", "4321");
        defs.put("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__");
        return defs;
    }

    /** Clang's {@code #define} lines as a map; function-like macros left out (CDT is given them differently). */
    static Map<String, String> parseDefines(String out) {
        Map<String, String> defs = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("#define ")) {
                String rest = line.substring(8);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                if (name.contains("(")) {
                    continue;
                }
                defs.put(name, sp < 0 ? "" : rest.substring(sp + 1));
            }
        }
        return defs;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Clang's predefined macros for BPF and its resource directory, the two runs side by side (each
     * is mostly a process start). Outside {@link HostProbe}: a thread started from its class
     * initialisation could not run its code until that initialisation ended.
     */
    private static String[] askClang() {
        java.util.concurrent.CompletableFuture<String> predefines = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("clang", "-target", "bpf", "-dM", "-E", "-x", "c", "/dev/null"), Toolchain::onNewThread);
        String resource = run("clang", "-print-resource-dir");
        return new String[] {predefines.join(), resource};
    }

    /** The host's clang, asked on first use; the JVM's class initialisation makes it once per process. */
    private static final class HostProbe {
        static final Probe PROBE = detect();

        private static Probe detect() {
            String[] answers = askClang();
            String out = answers[0];
            String resource = answers[1];
            String resourceInclude = null;
            if (resource != null && Files.isDirectory(Path.of(resource.trim(), "include"))) {
                resourceInclude = Path.of(resource.trim(), "include").toString();
            }
            return probe(HOST.arch, out == null ? null : parseDefines(out), resourceInclude);
        }
    }
}
