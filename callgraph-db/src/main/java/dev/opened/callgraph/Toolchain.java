package dev.opened.callgraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the parser needs from the machine: the macros clang predefines for {@code -target bpf} and
 * the system include directories. Asked of clang once per crawl; a built-in set stands in when
 * clang is absent.
 */
final class Toolchain {
    private final Map<String, String> predefines;
    private final List<String> systemIncludeDirs;

    private Toolchain(Map<String, String> predefines, List<String> systemIncludeDirs) {
        this.predefines = predefines;
        this.systemIncludeDirs = systemIncludeDirs;
    }

    Map<String, String> predefines() {
        return predefines;
    }

    List<String> systemIncludeDirs() {
        return systemIncludeDirs;
    }

    static Toolchain detect() {
        Map<String, String> defs = new LinkedHashMap<>();
        String out = run("clang", "-target", "bpf", "-dM", "-E", "-x", "c", "/dev/null");
        if (out != null) {
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
        } else {
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
        }
        defs.put("__TARGET_ARCH_x86", "1");
        // CDT does not know clang's CO-RE builtins; the types stay the same without them
        defs.put("__builtin_preserve_access_index(x)", "(x)");
        defs.put("__builtin_preserve_field_info(x,y)", "0");
        defs.put("__builtin_preserve_type_info(x,y)", "0");
        defs.put("__builtin_preserve_enum_value(x,y)", "0");
        defs.put("__builtin_btf_type_id(x,y)", "0");
        List<String> dirs = new ArrayList<>();
        dirs.add("/usr/include/x86_64-linux-gnu");
        String resource = run("clang", "-print-resource-dir");
        if (resource != null && Files.isDirectory(Path.of(resource.trim(), "include"))) {
            dirs.add(Path.of(resource.trim(), "include").toString());
        }
        dirs.add("/usr/local/include");
        dirs.add("/usr/include");
        return new Toolchain(defs, dirs);
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
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
}
