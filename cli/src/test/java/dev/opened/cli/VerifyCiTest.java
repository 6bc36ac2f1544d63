package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code opened verify} as a CI job runs it, veristat-like: a mix of targets that each go wrong in
 * their own way, given in one run (one boot of Debian's kernel under QEMU), each gets its row with
 * the right status, none aborts the others, and the run prints one JSON document and saves CSV
 * and text beside it.
 */
@Tag("kernel")
class VerifyCiTest {
    private static final String HEAD = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n";
    private static final String GPL = "char LICENSE[] SEC(\"license\") = \"GPL\";\n";

    @TempDir
    static Path tmp;
    static Map<String, Path> targets = new LinkedHashMap<>();
    static Cli.Run run;
    static Map<String, List<JsonObject>> rows = new LinkedHashMap<>();

    @BeforeAll
    static void verifyTheMixOnce() throws Exception {
        unit("good", HEAD + """
                SEC("xdp")
                int xdp_good(struct xdp_md *ctx)
                {
                	void *data = (void *)(long)ctx->data;

                	if (data + 14 > (void *)(long)ctx->data_end)
                		return XDP_DROP;
                	return ((unsigned char *)data)[12] == 8 ? XDP_PASS : XDP_DROP;
                }
                """ + GPL);
        unit("rejected", HEAD + """
                SEC("xdp")
                int xdp_unchecked(struct xdp_md *ctx)
                {
                	return ((unsigned char *)(long)ctx->data)[12] == 8 ? XDP_PASS : XDP_DROP;
                }
                """ + GPL);
        // another unit that builds good.bpf.o too: its row is its own
        unit("twin", "good.c", HEAD + """
                SEC("xdp")
                int xdp_twin(struct xdp_md *ctx)
                {
                	return ((unsigned char *)(long)ctx->data)[13] == 8 ? XDP_PASS : XDP_DROP;
                }
                """ + GPL);
        unit("broken", HEAD + """
                SEC("xdp")
                int xdp_broken(struct xdp_md *ctx)
                {
                	return no_such_verdict;
                }
                """ + GPL);
        unit("data", "int counter = 42;\n");
        // fentry to a function no kernel has, and an freplace, which needs a BPF program to replace
        unit("attach", HEAD + """
                SEC("fentry/opened_no_such_function")
                int trace_nothing(void *ctx)
                {
                	return 0;
                }

                SEC("freplace/some_subprog")
                int replace_it(void *ctx)
                {
                	return 0;
                }
                """ + GPL);
        // a map in the legacy "maps" section: libbpf 1.x refuses the object before any verifier
        unit("legacy", HEAD + """
                struct legacy_map_def { unsigned int type, key_size, value_size, max_entries; };
                struct legacy_map_def SEC("maps") counts = { BPF_MAP_TYPE_ARRAY, 4, 8, 1 };

                SEC("xdp")
                int xdp_legacy(struct xdp_md *ctx)
                {
                	return XDP_PASS;
                }
                """ + GPL);
        Path notElf = tmp.resolve("notes.o");
        Files.writeString(notElf, "these are notes, not an object\n");
        targets.put("notes.o", notElf);
        List<String> args = new ArrayList<>(List.of("verify"));
        targets.values().forEach(p -> args.add(p.toString()));
        args.addAll(List.of("--format", "json", "--save", tmp.resolve("out/rows.csv").toString(), "--save",
                tmp.resolve("out/rows.txt").toString()));
        run = Cli.run(true, null, args.toArray(String[]::new));
        for (JsonElement e : JsonParser.parseString(run.out()).getAsJsonArray()) {
            JsonObject row = e.getAsJsonObject();
            rows.computeIfAbsent(row.get("target").getAsString(), k -> new ArrayList<>()).add(row);
        }
    }

    private static void unit(String name, String source) throws Exception {
        unit(name, name + ".c", source);
    }

    private static void unit(String name, String file, String source) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(file), source);
        targets.put(name, dir);
    }

    private static JsonObject only(String target) {
        List<JsonObject> r = rows.get(targets.get(target).toString());
        assertThat(r).as(target + " in " + rows.keySet()).hasSize(1);
        return r.get(0);
    }

    private static String str(JsonObject row, String field) {
        return row.get(field).isJsonNull() ? null : row.get(field).getAsString();
    }

    @Test
    void everyTargetGetsItsRowWithTheRightStatusAndTheRunFails() {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(rows.keySet()).containsExactlyElementsOf(targets.values().stream().map(Path::toString).toList());
        assertThat(str(only("good"), "verdict")).isEqualTo("accepted");
        assertThat(only("good").get("insnsProcessed").getAsInt()).isPositive();
        assertThat(str(only("good"), "program")).isEqualTo("xdp_good");
        assertThat(str(only("good"), "kernel")).matches("debian 6\\.\\S+");

        assertThat(str(only("rejected"), "verdict")).isEqualTo("rejected");
        assertThat(str(only("rejected"), "message")).startsWith("invalid access to packet, off=12 size=1");
        assertThat(str(only("twin"), "object")).isEqualTo("good.bpf.o");
        assertThat(str(only("twin"), "program")).isEqualTo("xdp_twin");
        assertThat(str(only("twin"), "message")).startsWith("invalid access to packet, off=13 size=1");

        // the first compiler error, clickable
        assertThat(str(only("broken"), "verdict")).isEqualTo("not-built");
        assertThat(str(only("broken"), "message")).isEqualTo(targets.get("broken").resolve("broken.c")
                + ":6:9: error: use of undeclared identifier 'no_such_verdict'");

        assertThat(str(only("data"), "verdict")).isEqualTo("no-programs");
        assertThat(str(only("data"), "object")).isEqualTo("data.bpf.o");

        assertThat(str(only("notes.o"), "verdict")).isEqualTo("not-loadable");
        assertThat(str(only("notes.o"), "message")).endsWith("notes.o: not an ELF file; build it with 'opened build DIR' or clang -target bpf");

        assertThat(str(only("legacy"), "verdict")).isEqualTo("not-loadable");
        assertThat(str(only("legacy"), "program")).isEqualTo("xdp_legacy");
        assertThat(str(only("legacy"), "message")).contains("legacy map definitions");

        List<JsonObject> attach = rows.get(targets.get("attach").toString());
        assertThat(attach).extracting(r -> str(r, "program") + " " + str(r, "programType") + " " + str(r, "verdict"))
                .containsExactly("trace_nothing tracing untestable", "replace_it ext untestable");
        assertThat(str(attach.get(0), "message")).startsWith(
                "fentry/opened_no_such_function: this kernel has no BTF function 'opened_no_such_function'");
        assertThat(str(attach.get(1), "message")).startsWith("freplace/some_subprog: an ext (freplace) program loads only");
    }

    @Test
    void theSavedCsvHasTheSameRowsAndTheTextATableWithItsSummary() throws Exception {
        List<List<String>> csv = parseCsv(Files.readString(tmp.resolve("out/rows.csv")));
        assertThat(csv.get(0)).containsExactly("target", "object", "program", "section", "type", "kernel", "verdict", "insns",
                "states", "peak_states", "errno", "message");
        JsonArray json = JsonParser.parseString(run.out()).getAsJsonArray();
        assertThat(csv).hasSize(json.size() + 1);
        for (int i = 0; i < json.size(); i++) {
            JsonObject r = json.get(i).getAsJsonObject();
            assertThat(csv.get(i + 1)).hasSize(12);
            assertThat(csv.get(i + 1).subList(0, 3)).containsExactly(str(r, "target"), str(r, "object"), str(r, "program"));
            assertThat(csv.get(i + 1).get(6)).isEqualTo(str(r, "verdict"));
            assertThat(csv.get(i + 1).get(11)).isEqualTo(str(r, "message") == null ? "" : str(r, "message"));
        }
        List<String> text = Files.readAllLines(tmp.resolve("out/rows.txt"));
        assertThat(text.get(0)).matches("TARGET +PROGRAM +TYPE +debian 6\\.\\S+");
        assertThat(text.subList(1, json.size() + 1)).extracting(l -> l.split(" +")[0] + " " + l.split(" +")[3])
                .containsExactly(targets.get("good") + " accepted", targets.get("rejected") + " rejected",
                        targets.get("twin") + " rejected",
                        targets.get("broken") + " not-built", targets.get("data") + " no-programs",
                        targets.get("attach") + " untestable", targets.get("attach") + " untestable",
                        targets.get("legacy") + " not-loadable", targets.get("notes.o") + " not-loadable");
        assertThat(text).last().isEqualTo("1 accepted, 8 not (2 rejected, 1 not-built, 1 no-programs, 2 not-loadable, 2 untestable)");
    }

    @Test
    void aTerminalSeesClangsErrorsAndProgressPerTargetBootAndObject() {
        assertThat(run.err()).contains(targets.get("broken").resolve("broken.c") + ":6:9: error: use of undeclared identifier");
        assertThat(run.err()).contains("\r\033[K[1/8] building " + targets.get("good"))
                .contains("\r\033[K[8/8] checking " + targets.get("notes.o"))
                .contains("\r\033[Kbooting debian under QEMU for 5 objects...")
                .contains("\r\033[K[debian] object 5/5 " + targets.get("legacy") + ": legacy.bpf.o not-loadable");
    }

    /** RFC 4180, enough for this test: quoted fields, doubled quotes, CRLF records. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field.toString()).as("the last record ends with CRLF").isEmpty();
        return records;
    }
}
