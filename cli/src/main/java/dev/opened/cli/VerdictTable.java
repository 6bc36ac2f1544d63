package dev.opened.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.opened.verifier.Baseline;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.VerifyReport;

/**
 * How {@code opened verify} prints a run and a comparison: one text table with a column per
 * kernel and the rejections' details under it, or CSV with a row per program per kernel.
 */
final class VerdictTable {
    private static final int SHOWN_LOG_LINES = 12;
    private static final List<String> CSV_HEADER = List.of("target", "object", "program", "section", "type", "kernel",
            "verdict", "insns", "states", "peak_states", "errno", "message");

    private VerdictTable() {
    }

    /** The run as a table: target, program, type, then a cell per kernel; details of every row not accepted. */
    static void text(VerifyReport report, PrintStream out) {
        Map<String, Map<String, ProgramVerdict>> byRow = new LinkedHashMap<>();
        for (ProgramVerdict v : report.verdicts()) {
            byRow.computeIfAbsent(v.target() + "\u0000" + v.object() + "\u0000" + v.program(), k -> new LinkedHashMap<>())
                    .put(v.kernel(), v);
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("TARGET", "PROGRAM", "TYPE"));
        header.addAll(report.kernels());
        table.add(header);
        for (Map<String, ProgramVerdict> row : byRow.values()) {
            ProgramVerdict first = row.values().iterator().next();
            List<String> cells = new ArrayList<>(List.of(first.target(), first.program(), first.programType()));
            for (String k : report.kernels()) {
                ProgramVerdict v = row.get(k);
                cells.add(v == null ? "" : cell(v));
            }
            table.add(cells);
        }
        aligned(table, out);
        // what two kernels said alike is said once, naming both
        Map<List<Object>, List<String>> kernelsOf = new LinkedHashMap<>();
        Map<List<Object>, ProgramVerdict> firstOf = new LinkedHashMap<>();
        for (ProgramVerdict v : report.verdicts()) {
            if (v.verdict() == Verdict.ACCEPTED) {
                v.notes().forEach(n -> out.println(v.target() + " " + v.program() + ": note: " + n));
                continue;
            }
            List<Object> key = java.util.Arrays.asList(v.target(), v.object(), v.program(), v.verdict(), v.message(),
                    v.failingInstruction(), v.notes());
            kernelsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(v.kernel());
            firstOf.putIfAbsent(key, v);
        }
        firstOf.forEach((key, v) -> {
            out.println();
            out.println(v.target() + " " + v.program() + (v.object().equals("-") ? "" : " (" + v.object() + ")") + " on "
                    + String.join(", ", kernelsOf.get(key)) + ": " + v.verdict().label());
            out.println("    " + v.message());
            v.notes().forEach(n -> out.println("    note: " + n));
            if (v.failingInstruction() != null) {
                out.println("    at " + v.failingInstruction());
            }
            if (v.verdict() == Verdict.REJECTED || v.verdict() == Verdict.NOT_LOADABLE || v.verdict() == Verdict.UNTESTABLE) {
                List<String> tail = v.logTail();
                tail.subList(Math.max(0, tail.size() - SHOWN_LOG_LINES), tail.size()).forEach(l -> out.println("    | " + l));
            }
        });
        out.println(summary(report.verdicts()));
    }

    /** {@code 2 accepted, 3 not (1 rejected, 1 not-built, 1 untestable)}. */
    static String summary(List<ProgramVerdict> verdicts) {
        Map<Verdict, Integer> counts = new TreeMap<>();
        verdicts.forEach(v -> counts.merge(v.verdict(), 1, Integer::sum));
        int accepted = counts.getOrDefault(Verdict.ACCEPTED, 0);
        List<String> not = new ArrayList<>();
        counts.forEach((v, n) -> {
            if (v != Verdict.ACCEPTED) {
                not.add(n + " " + v.label());
            }
        });
        return accepted + " accepted, " + (verdicts.size() - accepted) + " not" + (not.isEmpty() ? "" : " (" + String.join(", ", not) + ")");
    }

    private static String cell(ProgramVerdict v) {
        return v.verdict().label() + (v.insnsProcessed() == null ? ""
                : " " + v.insnsProcessed() + " insns, " + v.totalStates() + " states, " + v.peakStates() + " peak");
    }

    /** The run as CSV (RFC 4180): a header, then a row per program per kernel. */
    static void csv(List<ProgramVerdict> verdicts, PrintStream out) {
        out.print(csvLine(CSV_HEADER));
        for (ProgramVerdict v : verdicts) {
            out.print(csvLine(List.of(v.target(), v.object(), v.program(), v.section(), v.programType(), v.kernel(),
                    v.verdict().label(), str(v.insnsProcessed()), str(v.totalStates()), str(v.peakStates()),
                    String.valueOf(v.errno()), v.message() == null ? "" : v.message())));
        }
    }

    /** A comparison as a table, each failing row followed by why. */
    static void compareText(Baseline.Comparison c, PrintStream out) {
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("TARGET", "PROGRAM", "KERNEL", "VERDICT", "INSNS", "STATES", "PEAK"));
        for (Baseline.Change ch : c.changes()) {
            String verdict = ch.before() == ch.after() ? ch.after().label()
                    : (ch.before() == null ? "(new)" : ch.before().label()) + " -> " + (ch.after() == null ? "(gone)" : ch.after().label());
            table.add(List.of(ch.target(), ch.program(), ch.kernel(), verdict, metric(ch.insns()), metric(ch.states()),
                    metric(ch.peakStates())));
        }
        aligned(table, out);
        long failed = c.changes().stream().filter(ch -> !ch.failures().isEmpty()).count();
        for (Baseline.Change ch : c.changes()) {
            ch.failures().forEach(f -> out.println("FAIL " + ch.target() + " " + ch.program() + ": " + f));
        }
        long changed = c.changes().stream().filter(ch -> !ch.status().equals("same")).count();
        out.println(c.changes().size() + " compared, " + changed + " changed, " + failed + " failed");
    }

    /** A comparison as CSV: a row per program, old and new side by side. */
    static void compareCsv(Baseline.Comparison c, PrintStream out) {
        out.print(csvLine(List.of("target", "object", "program", "kernel", "status", "verdict_before", "verdict_after",
                "insns_before", "insns_after", "insns_delta", "states_before", "states_after", "states_delta",
                "peak_states_before", "peak_states_after", "peak_states_delta", "failures")));
        for (Baseline.Change ch : c.changes()) {
            out.print(csvLine(List.of(ch.target(), ch.object(), ch.program(), ch.kernel(), ch.status(),
                    ch.before() == null ? "" : ch.before().label(), ch.after() == null ? "" : ch.after().label(),
                    str(ch.insns().before()), str(ch.insns().after()), str(ch.insns().delta()),
                    str(ch.states().before()), str(ch.states().after()), str(ch.states().delta()),
                    str(ch.peakStates().before()), str(ch.peakStates().after()), str(ch.peakStates().delta()),
                    String.join("; ", ch.failures()))));
        }
    }

    private static String metric(Baseline.Metric m) {
        if (m.before() == null && m.after() == null) {
            return "";
        }
        if (m.delta() == null) {
            return m.before() == null ? "-> " + m.after() : m.before() + " ->";
        }
        if (m.delta() == 0) {
            return String.valueOf(m.after());
        }
        return m.before() + " -> " + m.after() + " (" + (m.delta() > 0 ? "+" : "") + m.delta()
                + (m.percent() == null ? "" : ", " + (m.percent() > 0 ? "+" : "") + m.percent() + "%") + ")";
    }

    private static void aligned(List<List<String>> table, PrintStream out) {
        int columns = table.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : table) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + width[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String str(Integer n) {
        return n == null ? "" : n.toString();
    }

    /** One CSV record with its CRLF: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String csvLine(List<String> fields) {
        List<String> quoted = new ArrayList<>();
        for (String f : fields) {
            String s = f == null ? "" : f;
            quoted.add(s.matches("(?s).*[\",\r\n].*") || !s.equals(s.strip()) ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", quoted) + "\r\n";
    }
}
