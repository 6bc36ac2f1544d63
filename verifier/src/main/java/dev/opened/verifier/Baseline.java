package dev.opened.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import dev.opened.common.OpenedException;

/**
 * Compares two runs of {@code opened verify}, as {@code veristat -C} does: per program, the verdict
 * change and the change in instructions processed, states and peak states, against thresholds
 * that make a CI run fail. The way a project guards its programs against verifier-cost
 * regressions between commits, or between two kernels.
 */
public final class Baseline {
    private static final Pattern LIMIT = Pattern.compile("(\\d{1,9})(%?)");

    /**
     * How much a number may grow: by {@code amount} percent, or by {@code amount} in absolute terms.
     *
     * @param amount the allowed growth
     * @param percent true when {@code amount} is a percentage of the old value
     */
    public record Limit(long amount, boolean percent) {
        /** {@code 10%} or {@code 500}; anything else (a negative number, a word) is bad input. */
        public static Limit parse(String text) {
            Matcher m = LIMIT.matcher(text.trim());
            if (!m.matches()) {
                throw OpenedException.badInput("'" + text + "' is not a limit; give a percentage (10%) or a count (500)");
            }
            return new Limit(Long.parseLong(m.group(1)), !m.group(2).isEmpty());
        }

        /** True when going from {@code before} to {@code after} grows by more than this allows. */
        boolean exceeded(Integer before, Integer after) {
            if (before == null || after == null || after <= before) {
                return false;
            }
            if (!percent) {
                return after - before > amount;
            }
            return before == 0 || (after - before) * 100.0 / before > amount;
        }

        @Override
        public String toString() {
            return amount + (percent ? "%" : "");
        }
    }

    /**
     * The limits a run must keep to; a null limit is not checked.
     *
     * @param insns instructions processed
     * @param states total states
     * @param peakStates peak states
     */
    public record Thresholds(Limit insns, Limit states, Limit peakStates) {
        /** No limit: only verdicts that were accepted and no longer are fail. */
        public static final Thresholds NONE = new Thresholds(null, null, null);
    }

    /**
     * One number before and after.
     *
     * @param before in the old run, or null
     * @param after in the new run, or null
     * @param delta after minus before, or null when either is missing
     * @param percent the delta as a percentage of before, or null when before is missing or zero
     */
    public record Metric(Integer before, Integer after, Integer delta, Double percent) {
        static Metric of(Integer before, Integer after) {
            Integer delta = before == null || after == null ? null : after - before;
            Double pct = delta == null || before == 0 ? null : Math.round(delta * 1000.0 / before) / 10.0;
            return new Metric(before, after, delta, pct);
        }
    }

    /**
     * One program (or host-side row) in either run.
     *
     * @param target the target as the user gave it
     * @param object the object's file name
     * @param program the program, or {@code -}
     * @param kernel the new run's kernel (the old one's when the program is gone)
     * @param status {@code same}, {@code changed}, {@code new} or {@code gone}
     * @param before the old verdict, or null when new
     * @param after the new verdict, or null when gone
     * @param insns instructions processed
     * @param states total states
     * @param peakStates peak states
     * @param failures why this row fails the comparison; empty when it passes
     */
    public record Change(String target, String object, String program, String kernel, String status, Verdict before,
            Verdict after, Metric insns, Metric states, Metric peakStates, List<String> failures) {
        /** Copies the list. */
        public Change {
            failures = List.copyOf(failures);
        }
    }

    /**
     * A whole comparison.
     *
     * @param changes one per program in either run, the new run's order first, then what is gone
     * @param thresholds the limits it was checked against
     */
    public record Comparison(List<Change> changes, Thresholds thresholds) {
        /** Copies the list. */
        public Comparison {
            changes = List.copyOf(changes);
        }

        /** True when no row fails. */
        public boolean passed() {
            return changes.stream().allMatch(c -> c.failures().isEmpty());
        }
    }

    private Baseline() {
    }

    /**
     * The rows of a run saved by {@code opened verify --format json} (an array of rows, or the
     * object a {@code --baseline} run prints, whose {@code verdicts} are the rows).
     */
    public static List<ProgramVerdict> read(Path file) {
        try {
            JsonElement doc = JsonParser.parseString(Files.readString(file));
            JsonElement rows = doc.isJsonObject() ? doc.getAsJsonObject().get("verdicts") : doc;
            if (rows == null || !rows.isJsonArray()) {
                throw OpenedException.badInput(file + ": not the JSON of an 'opened verify --format json' run");
            }
            List<ProgramVerdict> out = new ArrayList<>();
            Gson gson = new Gson();
            for (JsonElement e : rows.getAsJsonArray()) {
                ProgramVerdict v = gson.fromJson(e, ProgramVerdict.class);
                if (v.target() == null || v.program() == null || v.verdict() == null) {
                    throw OpenedException.badInput(file + ": a row without target, program or verdict; "
                            + "give the JSON of an 'opened verify --format json' run");
                }
                out.add(v);
            }
            return out;
        } catch (IOException e) {
            throw OpenedException.badInput(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof OpenedException) {
                throw e;
            }
            throw OpenedException.badInput(file + ": not the JSON of an 'opened verify --format json' run (" + e.getMessage() + ")");
        }
    }

    /**
     * Compares the new run {@code after} with the old {@code before}. A row fails when it was
     * accepted and is not now, when it is new and not accepted, or when a number grows past its
     * threshold. Rows match by target, object and program, and by kernel too when either run
     * covers several kernels (with one kernel each, two kernels of a matrix compare).
     */
    public static Comparison compare(List<ProgramVerdict> before, List<ProgramVerdict> after, Thresholds limits) {
        boolean byKernel = kernels(before).size() > 1 || kernels(after).size() > 1;
        Function<ProgramVerdict, String> key = v -> v.target() + "\u0000" + v.object() + "\u0000" + v.program()
                + (byKernel ? "\u0000" + v.kernel() : "");
        Map<String, ProgramVerdict> old = new LinkedHashMap<>();
        before.forEach(v -> old.putIfAbsent(key.apply(v), v));
        List<Change> changes = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ProgramVerdict now : after) {
            String k = key.apply(now);
            if (!seen.add(k)) {
                continue;
            }
            ProgramVerdict was = old.get(k);
            List<String> failures = new ArrayList<>();
            if (was == null) {
                if (now.verdict() != Verdict.ACCEPTED) {
                    failures.add("new and " + now.verdict().label());
                }
                changes.add(new Change(now.target(), now.object(), now.program(), now.kernel(), "new", null, now.verdict(),
                        Metric.of(null, now.insnsProcessed()), Metric.of(null, now.totalStates()),
                        Metric.of(null, now.peakStates()), failures));
                continue;
            }
            if (was.verdict() == Verdict.ACCEPTED && now.verdict() != Verdict.ACCEPTED) {
                failures.add("was accepted, now " + now.verdict().label());
            }
            check(failures, "instructions processed", limits.insns(), was.insnsProcessed(), now.insnsProcessed());
            check(failures, "states", limits.states(), was.totalStates(), now.totalStates());
            check(failures, "peak states", limits.peakStates(), was.peakStates(), now.peakStates());
            boolean same = was.verdict() == now.verdict() && java.util.Objects.equals(was.insnsProcessed(), now.insnsProcessed())
                    && java.util.Objects.equals(was.totalStates(), now.totalStates())
                    && java.util.Objects.equals(was.peakStates(), now.peakStates());
            changes.add(new Change(now.target(), now.object(), now.program(), now.kernel(), same ? "same" : "changed",
                    was.verdict(), now.verdict(), Metric.of(was.insnsProcessed(), now.insnsProcessed()),
                    Metric.of(was.totalStates(), now.totalStates()), Metric.of(was.peakStates(), now.peakStates()), failures));
        }
        old.forEach((k, was) -> {
            if (!seen.contains(k)) {
                changes.add(new Change(was.target(), was.object(), was.program(), was.kernel(), "gone", was.verdict(), null,
                        Metric.of(was.insnsProcessed(), null), Metric.of(was.totalStates(), null),
                        Metric.of(was.peakStates(), null), List.of()));
            }
        });
        return new Comparison(changes, limits);
    }

    private static void check(List<String> failures, String what, Limit limit, Integer before, Integer after) {
        if (limit != null && limit.exceeded(before, after)) {
            Metric m = Metric.of(before, after);
            failures.add(what + " " + before + " -> " + after + " (+" + m.delta()
                    + (m.percent() == null ? "" : ", +" + m.percent() + "%") + ") exceeds the allowed +" + limit);
        }
    }

    private static Set<String> kernels(List<ProgramVerdict> rows) {
        return rows.stream().map(ProgramVerdict::kernel).collect(Collectors.toSet());
    }
}
