package dev.opened.verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the loader's blocks back from a serial console or a pipe, line by line, into verdicts
 * and the helper probe; kernel messages interleaved on the console are skipped.
 */
final class LoaderOutput {
    private static final Pattern PROG = Pattern.compile("@@OPENED-PROG obj=(\\S+) prog=(\\S+) sec=(\\S+) type=(\\S+)");
    private static final Pattern VERDICT = Pattern.compile("@@OPENED-VERDICT (\\S+) errno=(-?\\d+)");
    private static final Pattern STATS = Pattern.compile(
            "processed (\\d+) insns \\(limit \\d+\\) max_states_per_insn \\d+ total_states (\\d+) peak_states (\\d+)");
    private static final Pattern INSN = Pattern.compile("^\\d+: \\(.*");

    private final String kernelLabel;
    private final List<String> objectNames;
    private final List<String> targets;
    /** Program types that load only with an attach target: a BTF function, or another BPF program. */
    private static final Set<String> ATTACHED_TYPES = Set.of("tracing", "ext", "lsm", "struct_ops");
    final List<ProgramVerdict> verdicts = new ArrayList<>();
    /** Each program's packet results, parallel to {@link #verdicts} in a test run. */
    final List<List<PacketResult>> runs = new ArrayList<>();
    private final List<PacketResult> results = new ArrayList<>();
    private String untestable;
    /** Told of each verdict as it comes off the console. */
    java.util.function.Consumer<ProgramVerdict> listener = v -> { };
    final Map<String, Set<String>> probe = new LinkedHashMap<>();
    final Set<String> unprobeable = new TreeSet<>();
    String release;
    boolean done;
    String current;

    private String obj;
    private int objIndex = -1;
    private String prog;
    private String sec;
    private String type;
    private String verdict;
    private int errno;
    private final List<String> log = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean inLog;

    /** {@code objectNames}: the objects' own file names, in the order they were given to the loader. */
    LoaderOutput(String kernelLabel, List<String> objectNames) {
        this(kernelLabel, objectNames, objectNames);
    }

    /** As above, each object with the target the user named it by ({@code targets} parallel to the names). */
    LoaderOutput(String kernelLabel, List<String> objectNames, List<String> targets) {
        this.kernelLabel = kernelLabel;
        this.objectNames = objectNames;
        this.targets = targets;
    }

    /** The index, among the objects given, of each verdict's object (-1 when the guest named one not given). */
    final List<Integer> objectIndexes = new ArrayList<>();

    /**
     * The name of the {@code index}-th object in the guest: numbered, since two units may both
     * build a {@code NAME.bpf.o}, and with what the guest's shell would split replaced.
     */
    static String guestName(int index, String name) {
        return index + "-" + name.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /** The guest sees {@code N-name.o}; the user gave {@code name.o}. */
    private String objectName(String seen) {
        objIndex = objectNames.indexOf(seen);
        Matcher m = Pattern.compile("^(\\d+)-(.*)$").matcher(seen);
        if (m.matches() && m.group(1).length() < 9) {
            int i = Integer.parseInt(m.group(1));
            if (i < objectNames.size() && guestName(i, objectNames.get(i)).equals(seen)) {
                objIndex = i;
                return objectNames.get(i);
            }
        }
        return seen;
    }

    String kernel() {
        return kernelLabel + (release == null ? "" : " " + release);
    }

    void line(String raw) {
        String line = raw.replace("\r", "");
        int at = line.indexOf("@@OPENED-");
        if (at > 0) {
            line = line.substring(at); // a kernel message ran into the same console line
        }
        if (line.startsWith("@@OPENED-READY")) {
            release = line.substring("@@OPENED-READY".length()).trim();
        } else if (line.startsWith("@@OPENED-PROBE-TYPE ")) {
            String[] p = line.split(" ");
            if (p.length >= 3 && p[2].equals("supported")) {
                probe.putIfAbsent(p[1], new TreeSet<>());
            } else if (p.length >= 3 && p[2].equals("unprobeable")) {
                unprobeable.add(p[1]);
            }
        } else if (line.startsWith("@@OPENED-PROBE ")) {
            String[] p = line.split(" ");
            if (p.length >= 3) {
                probe.computeIfAbsent(p[1], k -> new TreeSet<>()).add(p[2]);
            }
        } else if (line.startsWith("@@OPENED-PROG ")) {
            Matcher m = PROG.matcher(line);
            if (m.find()) {
                obj = objectName(m.group(1));
                prog = m.group(2);
                sec = m.group(3);
                type = m.group(4);
                current = obj + ":" + prog;
                verdict = null;
                errno = 0;
                log.clear();
                notes.clear();
                results.clear();
                untestable = null;
                inLog = false;
            }
        } else if (line.startsWith("@@OPENED-VERDICT ")) {
            Matcher m = VERDICT.matcher(line);
            if (m.find()) {
                verdict = m.group(1);
                errno = Integer.parseInt(m.group(2));
            }
        } else if (line.startsWith("@@OPENED-PKT ")) {
            String[] p = line.split(" ");
            if (p.length >= 5) {
                results.add(new PacketResult(Integer.parseInt(p[1]), Long.parseLong(p[2].substring(4)),
                        Integer.parseInt(p[3].substring(6)), p[4].substring(4), List.of()));
            }
        } else if (line.startsWith("@@OPENED-MAP ") && !results.isEmpty()) {
            String[] p = line.split(" ");
            PacketResult last = results.get(results.size() - 1);
            if (p.length >= 5 && Integer.parseInt(p[1]) == last.packet()) {
                List<String> maps = new ArrayList<>(last.maps());
                maps.add(p[2] + " " + p[3] + " " + p[4]);
                results.set(results.size() - 1, new PacketResult(last.packet(), last.ret(), last.errno(), last.out(), maps));
            }
        } else if (line.startsWith("@@OPENED-UNTESTABLE ")) {
            untestable = line.substring("@@OPENED-UNTESTABLE ".length());
        } else if (line.startsWith("@@OPENED-NOTE ")) {
            notes.add(line.substring("@@OPENED-NOTE ".length()));
        } else if (line.startsWith("@@OPENED-LOG")) {
            inLog = true;
        } else if (line.startsWith("@@OPENED-END")) {
            finish();
        } else if (line.startsWith("@@OPENED-DONE")) {
            done = true;
        } else if (inLog && line.startsWith("| ")) {
            log.add(line.substring(2));
        }
    }

    private void finish() {
        if (obj == null || verdict == null) {
            return;
        }
        Integer insns = null;
        Integer states = null;
        Integer peak = null;
        for (String l : log) {
            Matcher m = STATS.matcher(l);
            if (m.find()) {
                insns = Integer.parseInt(m.group(1));
                states = Integer.parseInt(m.group(2));
                peak = Integer.parseInt(m.group(3));
            }
        }
        Verdict v = switch (verdict) {
            case "accepted" -> Verdict.ACCEPTED;
            case "untested" -> Verdict.UNTESTABLE;
            case "rejected" -> Verdict.REJECTED;
            case "no-programs" -> Verdict.NO_PROGRAMS;
            default -> Verdict.NOT_LOADABLE;
        };
        String message = null;
        String failing = null;
        if (v == Verdict.REJECTED) {
            List<String> body = log.stream().filter(l -> !isStats(l)).toList();
            int lastInsn = -1;
            for (int i = 0; i < body.size(); i++) {
                if (INSN.matcher(body.get(i)).matches()) {
                    failing = body.get(i);
                    lastInsn = i;
                }
            }
            // the verifier's words come after the instruction it stopped at, sometimes on two lines
            List<String> words = body.subList(lastInsn + 1, body.size()).stream().filter(l -> !l.startsWith(";")).toList();
            message = !words.isEmpty() ? String.join("; ", words)
                    : body.isEmpty() ? "rejected (errno " + errno + ")" : body.get(body.size() - 1);
        } else if (v == Verdict.NO_PROGRAMS) {
            message = "the object has no programs (no SEC(\"...\") function)";
        } else if (v == Verdict.NOT_LOADABLE) {
            message = log.stream().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("error")
                            || l.contains("failed") || l.contains("not supported")).findFirst()
                            .orElse(log.isEmpty() ? "not loaded (errno " + errno + ")" : log.get(log.size() - 1));
        }
        if (untestable != null) {
            message = untestable;
        }
        if (v == Verdict.NOT_LOADABLE && ATTACHED_TYPES.contains(type)) {
            String why = untestable(type, sec);
            if (why != null) {
                v = Verdict.UNTESTABLE;
                message = why;
            }
        }
        String target = objIndex >= 0 && objIndex < targets.size() ? targets.get(objIndex) : obj;
        ProgramVerdict verdict = new ProgramVerdict(target, kernel(), obj, prog, sec, type, v, insns, states, peak, errno,
                message, failing, log, notes);
        verdicts.add(verdict);
        runs.add(List.copyOf(results));
        objectIndexes.add(objIndex);
        listener.accept(verdict);
        obj = null;
        current = null;
    }

    /**
     * Why a program of an attach-target type could not be loaded here, when libbpf's words say the
     * target is what is missing; null when it failed for another reason.
     */
    private String untestable(String programType, String section) {
        for (String l : log) {
            Matcher m = Pattern.compile("failed to find kernel BTF type ID of '([^']+)'").matcher(l);
            if (m.find()) {
                return section + ": this kernel has no BTF function '" + m.group(1) + "' for a " + programType
                        + " program to attach to (" + l.trim() + ")";
            }
            if (l.contains("attach program FD is not set") || l.contains("no BTF-based attach target")) {
                return section + ": " + (programType.equals("ext") ? "an ext (freplace)" : "a " + programType)
                        + " program loads only against a target program or function given at load time, which a "
                        + "verification load has not (" + l.trim() + ")";
            }
        }
        return null;
    }

    private static boolean isStats(String l) {
        return l.startsWith("verification time") || l.startsWith("stack depth") || l.startsWith("processed ")
                || l.isBlank();
    }
}
