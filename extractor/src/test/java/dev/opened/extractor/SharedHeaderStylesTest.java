package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;

/**
 * Large agent-style repositories (many programs sharing a library of headers): a sizes header
 * that several headers of one translation unit include, an X-macro list included inside a
 * function's body. Our own C, crawled by the real crawler, each unit built by real clang.
 */
class SharedHeaderStylesTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;

    /** Under an include guard, with an {@code #else} branch: included by the program and by another header. */
    private static final String SIZES = "#ifndef KEY_SIZES_H__\n#define KEY_SIZES_H__\n"
            + "#define KEY_INC 24\n#define KEY_SIZE_0 (1 * KEY_INC + 1)\n"
            + "#ifdef __WIDE_KEYS\n#define KEY_SIZE_7 (512 + 2)\n#define KEY_SIZE_8 (1024 + 2)\n"
            + "#else\n#define KEY_SIZE_7 (512)\n#endif\n"
            + "#define POSTFIX_LEN 128\n#endif\n";

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("shared.db"));
        Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
        Map<String, String> files = new java.util.HashMap<>(Map.of(
                "bpf/lib/key_sizes.h", SIZES,
                "bpf/lib/task.h", "#ifndef TASK_H__\n#define TASK_H__\n#include \"../lib/key_sizes.h\"\n"
                        + "struct exe_info {\n\tint len;\n\t// POSTFIX_LEN last bytes of the path\n\tchar end[POSTFIX_LEN];\n};\n#endif\n",
                "bpf/ids/ids.h", "file_id__(\"prog.c\", 1)\nfile_id__(\"task.h\", 2)\n",
                "bpf/ids/get_id.h", "#ifndef GET_ID_H__\n#define GET_ID_H__\n"
                        + "static __always_inline unsigned short\nget_id__(const char *const fname)\n{\n"
                        + "#define file_id__(f, id) \\\n\tif (!__builtin_strcmp(f, fname)) \\\n\t\treturn id;\n"
                        + "#include \"ids.h\"\n#undef file_id__\n\n\treturn 0;\n}\n#endif\n",
                // the CO-RE macro of one header names an enumerator of a header it includes after it, and the other way round
                "bpf/lib/helpers.h", "#ifndef OWN_HELPERS_H__\n#define OWN_HELPERS_H__\n"
                        + "#define field_exists(field) \\\n\t__builtin_preserve_field_info(field, KIND_FIELD_EXISTS)\n"
                        + "enum value_kind {\n\tKIND_VALUE_EXISTS = 0, /* in the kernel */\n\tKIND_VALUE_VALUE = 1,\n};\n"
                        + "#if __has_attribute(btf_decl_tag)\n#define __arg_ctx __attribute__((btf_decl_tag(\"arg:ctx\")))\n"
                        + "#else\n#define __arg_ctx\n#endif\n"
                        + "#ifndef ARG1_SYSCALL\n#define ARG1_SYSCALL(x) ((x)->data)\n#define ARG1_CORE_SYSCALL(x) ((x)->data_end)\n#endif\n"
                        + "#include \"core_read.h\"\n#endif\n",
                "bpf/lib/core_read.h", "#ifndef OWN_CORE_READ_H__\n#define OWN_CORE_READ_H__\n"
                        + "enum field_kind {\n\tKIND_FIELD_OFFSET = 0,\n\tKIND_FIELD_EXISTS = 2,\n};\n"
                        + "#define field_exists(field) \\\n\t__builtin_preserve_field_info(field, KIND_FIELD_EXISTS)\n"
                        + "#define value_exists(enum_type, enum_value) \\\n\t__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, KIND_VALUE_EXISTS)\n"
                        + "#endif\n",
                // a helper's wrapper that refuses to build unless the file it expands in is on the list
                "bpf/lib/errs.h", "#ifndef ERRS_H__\n#define ERRS_H__\n#include \"../ids/get_id.h\"\n"
                        + "#define xmsg_of(x) msg_of(x)\n#define msg_of(s) \"add \" #s \" to the ids list (ids.h)\"\n"
                        + "#define glue1(a, b) a##b\n#define glue(a, b) glue1(a, b)\n"
                        + "#define compile_error(f, ctr) \\\n\tdo { \\\n"
                        + "\t\textern __attribute__((__error__(xmsg_of(f)))) void glue(compile_time_error, ctr)(void); \\\n"
                        + "\t\tglue(compile_time_error, ctr)(); \\\n\t} while (0)\n"
                        + "#define with_id(v) ({ \\\n\tunsigned short fid = get_id__(__FILE_NAME__); \\\n"
                        + "\tif (!__builtin_constant_p(fid) || !fid) \\\n\t\tcompile_error(__FILE_NAME__, __COUNTER__); \\\n"
                        + "\t(v) + fid; \\\n})\n#endif\n",
                // a program's .c switches its shared header's variant on before including it
                "bpf/lib/regs.h", "#ifndef REGS_H__\n#define REGS_H__\n#if defined(WITH_REGS)\n#define REGS_N 4\n"
                        + "struct reg_set {\n\tunsigned long r[REGS_N];\n};\n#endif\n#endif\n",
                "bpf/regs_prog.c", "#define WITH_REGS\n#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"lib/regs.h\"\n"
                        + "static __always_inline int regs_room(struct xdp_md *ctx)\n{\n\tstruct reg_set s = {};\n"
                        + "\ts.r[0] = ctx->data;\n\treturn s.r[0] + REGS_N;\n}\n"
                        + "SEC(\"xdp\") int regs_prog(struct xdp_md *ctx)\n{\n\treturn regs_room(ctx) ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n",
                "bpf/prog.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"lib/key_sizes.h\"\n"
                        + "#include \"lib/task.h\"\n#include \"ids/get_id.h\"\n#include \"lib/helpers.h\"\n#include \"lib/errs.h\"\n"
                        + "static __noinline int ctx_len(struct xdp_md *ctx __arg_ctx)\n{\n\treturn ctx->data_end - ctx->data;\n}\n"
                        + "static __always_inline int sys_args(struct xdp_md *ctx)\n{\n\treturn ARG1_SYSCALL(ctx) + ARG1_CORE_SYSCALL(ctx);\n}\n"
                        + "static __always_inline int counted(struct xdp_md *ctx)\n{\n\treturn with_id(ctx->data);\n}\n"
                        + "static __always_inline int has_end(struct xdp_md *ctx)\n{\n"
                        + "\treturn field_exists(ctx->data_end) + value_exists(enum xdp_action, XDP_PASS);\n}\n"
                        + "static __always_inline int key_room(struct xdp_md *ctx)\n{\n\tchar key[KEY_SIZE_7];\n"
                        + "\tstruct exe_info e = { .len = ctx->data_end - ctx->data };\n\tkey[0] = e.len;\n"
                        + "\treturn key[0] + sizeof(e.end) + KEY_SIZE_0;\n}\n"
                        + "static __always_inline int file_of(void)\n{\n\treturn get_id__(\"prog.c\");\n}\n"
                        + "SEC(\"xdp\") int room_prog(struct xdp_md *ctx)\n{\n\treturn key_room(ctx) + file_of() > 2 ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        // programs in a section a macro names, tail-calling each other through the prog array that lists them
        files.put("bpf/tail.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#define TAIL_SECTION \"xdp\"\n"
                + "__attribute__((section(TAIL_SECTION), used)) int tail_setup(struct xdp_md *ctx);\n"
                + "__attribute__((section(TAIL_SECTION), used)) int tail_event(struct xdp_md *ctx);\n"
                + "struct {\n\t__uint(type, BPF_MAP_TYPE_PROG_ARRAY);\n\t__uint(max_entries, 2);\n\t__type(key, __u32);\n"
                + "\t__array(values, int(void *));\n} tail_calls SEC(\".maps\") = {\n"
                + "\t.values = {\n\t\t[0] = (void *)&tail_setup,\n\t\t[1] = (void *)&tail_event,\n\t},\n};\n"
                + "__attribute__((section(TAIL_SECTION), used)) int\ntail_setup(struct xdp_md *ctx)\n{\n"
                + "\tbpf_tail_call(ctx, &tail_calls, 1);\n\treturn XDP_PASS;\n}\n"
                + "__attribute__((section(TAIL_SECTION), used)) int\ntail_event(struct xdp_md *ctx)\n{\n"
                + "\tbpf_tail_call(ctx, &tail_calls, 0);\n\treturn XDP_DROP;\n}\n"
                + "char _license[] SEC(\"license\") = \"GPL\";\n");
        // a header one program includes only under a switch the build leaves off, another always
        files.put("bpf/lib/hash.h", "#ifndef HASH_H__\n#define HASH_H__\n#define HASH_LEN 64\n"
                + "struct hash_val {\n\tchar state;\n\tchar v[HASH_LEN];\n};\n"
                + "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, 64);\n\t__type(key, __u64);\n"
                + "\t__type(value, struct hash_val);\n} hash_map SEC(\".maps\");\n#endif\n");
        files.put("bpf/hash_prog.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
                + "#ifdef __WIDE_KEYS\n#include \"lib/hash.h\"\n#endif\n"
                + "static __always_inline int hash_room(struct xdp_md *ctx)\n{\n\tint n = ctx->data_end - ctx->data;\n"
                + "#ifdef __WIDE_KEYS\n\tstruct hash_val h = {};\n\t__u64 k = 0;\n\n"
                + "\tbpf_map_update_elem(&hash_map, &k, &h, BPF_ANY);\n#endif\n\treturn n;\n}\n"
                + "char _license[] SEC(\"license\") = \"GPL\";\n");
        files.put("bpf/hash_other.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"lib/hash.h\"\n"
                + "SEC(\"xdp\") int hash_keep(struct xdp_md *ctx)\n{\n\tstruct hash_val h = {};\n\t__u64 k = ctx->data;\n\n"
                + "\treturn bpf_map_update_elem(&hash_map, &k, &h, BPF_ANY) ? XDP_DROP : XDP_PASS;\n}\n"
                + "char _license[] SEC(\"license\") = \"GPL\";\n");
        Path repo = GitFixtures.repo(tmp.resolve("agent"), files);
        crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Unit extract(String spec) {
        Definition f = FunctionRef.parse(spec).resolve(graph);
        return new Extractor(graph).extract(new ExtractRequest(f, List.of()));
    }

    private static String compile(Unit u, String dir, String... flags) throws Exception {
        return ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve("units").resolve(dir), false), u.manifest(), flags);
    }

    @Test
    void aHeaderIncludedTwiceGivesEachDefinitionItsGuardsOnce() throws Exception {
        // tetragon's string_maps.h style: "#else after #else" when both inclusions' directives were replayed
        Unit u = extract("key_room@agent");
        assertThat(u.source()).contains("#ifdef __WIDE_KEYS\n#else\n#define KEY_SIZE_7 (512)\n#endif\n")
                .doesNotContain("#ifndef KEY_SIZES_H__");
        assertThat(compile(u, "key_room")).isNull();
        assertThat(compile(extract("room_prog@agent"), "room_prog")).isNull();
    }

    @Test
    void aMacroNamingAnEnumeratorOfAnotherHeaderTakesItsEnum() throws Exception {
        // tetragon's bpf_helpers.h and libbpf copy: bpf_core_field_exists names BPF_FIELD_EXISTS of the header it includes next
        Unit u = extract("has_end@agent");
        assertThat(u.source()).contains("enum field_kind {").contains("enum value_kind {");
        assertThat(compile(u, "has_end")).isNull();
    }

    @Test
    void codeThatChecksTheFileItExpandsInSeesItsOriginalFileName() throws Exception {
        // tetragon's with_errmetrics: a macro names another defined after it, and __FILE_NAME__ must be on fileids.h's list
        Unit u = extract("counted@agent");
        assertThat(u.source()).contains("#define msg_of(s)").contains("#define __FILE_NAME__ \"prog.c\"");
        assertThat(compile(u, "counted")).isNull();
    }

    @Test
    void aSwitchTheProgramDefinesBeforeItsIncludesComesBeforeWhatItSwitches() throws Exception {
        // tetragon's bpf_generic_uprobe.c: #define GENERIC_UPROBE, then uprobe_offload.h's #if defined(GENERIC_UPROBE)
        Unit u = extract("regs_room@agent");
        assertThat(u.source().indexOf("#define WITH_REGS")).isPositive().isLessThan(u.source().indexOf("#if defined(WITH_REGS)"));
        assertThat(compile(u, "regs_room")).isNull();
    }

    @Test
    void aMacroDefinedByWhatTheCompilerSupportsComesWithEachVariant() throws Exception {
        // tetragon's __arg_ctx: the parser cannot evaluate __has_attribute as clang does
        Unit u = extract("ctx_len@agent");
        assertThat(u.source()).contains("#define __arg_ctx __attribute__").contains("#else\n#define __arg_ctx\n");
        assertThat(compile(u, "ctx_len")).isNull();
    }

    @Test
    void definitionsUnderAGuardThatTheFirstOfThemDefinesStayInOneBlock() throws Exception {
        // libbpf's bpf_tracing.h: #ifndef PT_REGS_PARM1_SYSCALL, its #define, then PT_REGS_PARM1_CORE_SYSCALL's
        Unit u = extract("sys_args@agent");
        assertThat(u.source().split("#ifndef ARG1_SYSCALL", -1)).hasSize(2);
        assertThat(compile(u, "sys_args")).isNull();
    }

    @Test
    void programsThatTailCallThroughTheProgArrayListingThemAreDeclaredAhead() throws Exception {
        // tetragon's generic_kprobe: tp_calls lists the programs, each tail-calls through it, in a section named by a macro
        Unit u = extract("tail_setup@agent");
        assertThat(u.source()).contains("tail_calls SEC(\".maps\")");
        assertThat(compile(u, "tail_setup")).isNull();
    }

    @Test
    void whatOnlyCodeUnderAnOffSwitchNeedsComesWithWhatItNeeds() throws Exception {
        // tetragon's bpf_generic_lsm_core.c: bpf_lsm_ima.h included under #ifdef __V511_BPF_PROG, its struct's MAX_IMA_HASH_SIZE
        Unit u = extract("hash_room@agent");
        assertThat(compile(u, "hash_room")).isNull();
        assertThat(compile(u, "hash_room_wide", "-D__WIDE_KEYS")).isNull();
    }

    @Test
    void aListIncludedInsideAFunctionComesWithTheUnit() throws Exception {
        // tetragon's get_fileid.h style: an X-macro list read by an #include in the function's body
        Unit u = extract("file_of@agent");
        assertThat(u.source()).contains("#include \"ids.h\"");
        assertThat(u.files()).containsKey("ids.h");
        assertThat(compile(u, "file_of")).isNull();
    }
}
