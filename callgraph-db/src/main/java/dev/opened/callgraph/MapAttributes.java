package dev.opened.callgraph;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;

/**
 * Reads a map's type, key, value and size from its declaration: BTF {@code __uint}/{@code __type}
 * fields, or a legacy {@code bpf_map_def} initialiser. Sizes written with macros are evaluated.
 */
final class MapAttributes {
    private static final Pattern BTF_TYPE = Pattern.compile("__uint\\s*\\(\\s*type\\s*,\\s*([^)]+?)\\s*\\)");
    private static final Pattern RAW_TYPE = Pattern.compile("\\(\\s*\\*\\s*type\\s*\\)\\s*\\[\\s*([^\\]]+?)\\s*\\]");
    private static final Pattern BTF_KEY = Pattern.compile("__type\\s*\\(\\s*key\\s*,\\s*(.+?)\\s*\\)\\s*;");
    private static final Pattern BTF_VALUE = Pattern.compile("__type\\s*\\(\\s*value\\s*,\\s*(.+?)\\s*\\)\\s*;");
    private static final Pattern BTF_KEY_SIZE = Pattern.compile("__uint\\s*\\(\\s*key_size\\s*,\\s*(.+?)\\s*\\)\\s*;");
    private static final Pattern BTF_VALUE_SIZE = Pattern.compile("__uint\\s*\\(\\s*value_size\\s*,\\s*(.+?)\\s*\\)\\s*;");
    private static final Pattern BTF_MAX = Pattern.compile("__uint\\s*\\(\\s*max_entries\\s*,\\s*(.+?)\\s*\\)\\s*;");
    private static final Pattern RAW_MAX = Pattern.compile("\\(\\s*\\*\\s*max_entries\\s*\\)\\s*\\[\\s*([^\\]]+?)\\s*\\]");
    private static final Pattern LEGACY_TYPE = Pattern.compile("\\.type\\s*=\\s*([A-Za-z0-9_]+)");
    private static final Pattern LEGACY_KEY = Pattern.compile("\\.key_size\\s*=\\s*(?:sizeof\\s*\\((.+?)\\)|([^,}]+))\\s*[,}]");
    private static final Pattern LEGACY_VALUE = Pattern.compile("\\.value_size\\s*=\\s*(?:sizeof\\s*\\((.+?)\\)|([^,}]+))\\s*[,}]");
    private static final Pattern LEGACY_MAX = Pattern.compile("\\.max_entries\\s*=\\s*([^,}]+?)\\s*[,}]");
    // enum bpf_map_type in declaration order, for a type given as a number or a macro
    private static final List<String> TYPES = List.of("UNSPEC", "HASH", "ARRAY", "PROG_ARRAY", "PERF_EVENT_ARRAY",
            "PERCPU_HASH", "PERCPU_ARRAY", "STACK_TRACE", "CGROUP_ARRAY", "LRU_HASH", "LRU_PERCPU_HASH", "LPM_TRIE",
            "ARRAY_OF_MAPS", "HASH_OF_MAPS", "DEVMAP", "SOCKMAP", "CPUMAP", "XSKMAP", "SOCKHASH", "CGROUP_STORAGE",
            "REUSEPORT_SOCKARRAY", "PERCPU_CGROUP_STORAGE", "QUEUE", "STACK", "SK_STORAGE", "DEVMAP_HASH", "STRUCT_OPS",
            "RINGBUF", "INODE_STORAGE", "TASK_STORAGE", "BLOOM_FILTER", "USER_RINGBUF", "CGRP_STORAGE");

    private MapAttributes() {
    }

    static TuResult.MapAttrs of(IASTSimpleDeclaration decl, IASTDeclarator declarator, boolean btf, String text,
            Function<String, Long> value) {
        if (btf) {
            String type = group(BTF_TYPE, text);
            if (type == null) {
                type = group(RAW_TYPE, text);
            }
            String key = group(BTF_KEY, text);
            if (key == null) {
                key = size(group(BTF_KEY_SIZE, text));
            }
            String val = group(BTF_VALUE, text);
            if (val == null) {
                val = size(group(BTF_VALUE_SIZE, text));
            }
            String max = group(BTF_MAX, text);
            if (max == null) {
                max = group(RAW_MAX, text);
            }
            return new TuResult.MapAttrs("btf", mapType(type, value), key, val, max == null ? null : value.apply(max));
        }
        String type = group(LEGACY_TYPE, text);
        String key = sizeOf(LEGACY_KEY, text);
        String val = sizeOf(LEGACY_VALUE, text);
        String max = group(LEGACY_MAX, text);
        return new TuResult.MapAttrs("legacy", mapType(type, value), key, val, max == null ? null : value.apply(max));
    }

    private static String mapType(String written, Function<String, Long> value) {
        if (written == null || written.startsWith("BPF_MAP_TYPE_")) {
            return written;
        }
        Long n = value.apply(written);
        return n != null && n >= 0 && n < TYPES.size() ? "BPF_MAP_TYPE_" + TYPES.get(n.intValue()) : written;
    }

    private static String size(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = Pattern.compile("sizeof\\s*\\((.+)\\)").matcher(s);
        return m.matches() ? m.group(1).trim() : s;
    }

    private static String sizeOf(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).trim();
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1).trim() : null;
    }
}
