package dev.opened.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.opened.common.ActionMap;

/**
 * Whether two programs (an original and its retarget) did the same with the same packets: the
 * return code through the hook pair's mapping, the output frame, and the maps after each packet.
 */
public final class Equivalence {
    private static final int EINVAL = 22;

    private Equivalence() {
    }

    /**
     * One packet on which the two differ, or differ inherently.
     *
     * @param packet the packet's index
     * @param name the packet's name
     * @param inherent true when the difference is one the hooks cannot avoid (then {@code what} says why)
     * @param what what differs, one line each, with a hex diff for frames and map values
     */
    public record Difference(int packet, String name, boolean inherent, List<String> what) {
        /** Copies the list. */
        public Difference {
            what = List.copyOf(what);
        }
    }

    /**
     * The two runs compared packet by packet.
     *
     * @param packets how many packets both ran
     * @param differences packets that differ (inherent ones included, marked)
     */
    public record Report(int packets, List<Difference> differences) {
        /** Copies the list. */
        public Report {
            differences = List.copyOf(differences);
        }

        /** True when no packet differs but inherently. */
        public boolean equivalent() {
            return differences.stream().allMatch(Difference::inherent);
        }

        /** How many packets differ, inherent differences left out. */
        public long differing() {
            return differences.stream().filter(d -> !d.inherent()).count();
        }
    }

    /** Compares {@code a} (original) and {@code b} (retargeted), which ran on {@code packets}. */
    public static Report compare(ProgramRun a, ProgramRun b, List<Packet> packets, ActionMap actions) {
        List<Difference> out = new ArrayList<>();
        int n = Math.min(a.results().size(), b.results().size());
        for (int i = 0; i < n; i++) {
            PacketResult x = a.results().get(i);
            PacketResult y = b.results().get(i);
            String name = x.packet() < packets.size() ? packets.get(x.packet()).name() : "#" + x.packet();
            List<String> what = new ArrayList<>();
            boolean inherent = false;
            if (x.errno() != y.errno()) {
                what.add("test run: errno " + x.errno() + " vs " + y.errno());
                // BPF_PROG_TEST_RUN itself takes different frames per hook (tc's refuses a bare
                // Ethernet header that xdp's runs): the harness's limit, not the program's
                inherent = (x.errno() == 0 || y.errno() == 0) && x.errno() + y.errno() == EINVAL;
                if (inherent) {
                    what.set(what.size() - 1, what.get(what.size() - 1) + ": the kernel's test run of one hook refuses "
                            + "this frame and the other's runs it");
                }
            } else if (x.errno() == 0) {
                if (actions.inherent().containsKey(x.ret())) {
                    inherent = true;
                    what.add("returns " + code(x.ret(), actions.originalNames()) + ": " + actions.inherent().get(x.ret()));
                } else {
                    long want = actions.expected().getOrDefault(x.ret(), x.ret());
                    if (y.ret() != want) {
                        what.add("returns " + code(x.ret(), actions.originalNames()) + " vs " + code(y.ret(), actions.retargetedNames())
                                + " (expected " + code(want, actions.retargetedNames()) + ")");
                    }
                }
                if (!x.out().equals(y.out())) {
                    what.add("output frame differs:");
                    what.addAll(hexDiff(x.out(), y.out()));
                }
            }
            if (x.errno() == y.errno()) {
                what.addAll(mapDiff(x.maps(), y.maps()));
            }
            if (!what.isEmpty()) {
                out.add(new Difference(x.packet(), name, inherent && what.size() == 1, what));
            }
        }
        if (a.results().size() != b.results().size()) {
            out.add(new Difference(n, "-", false, List.of("ran " + a.results().size() + " packets vs " + b.results().size())));
        }
        return new Report(n, out);
    }

    private static String code(long c, Map<Long, String> names) {
        return names.containsKey(c) ? names.get(c) + " (" + c + ")" : String.valueOf(c);
    }

    /** Internal maps are named after their object ({@code OBJNAME.bss}); two objects' names differ. */
    private static String mapName(String entry) {
        String name = entry.substring(0, entry.indexOf(' '));
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(dot) : name) + entry.substring(entry.indexOf(' '));
    }

    private static List<String> mapDiff(List<String> a, List<String> b) {
        TreeSet<String> x = new TreeSet<>();
        TreeSet<String> y = new TreeSet<>();
        a.forEach(e -> x.add(mapName(e)));
        b.forEach(e -> y.add(mapName(e)));
        List<String> out = new ArrayList<>();
        for (String e : x) {
            if (!y.contains(e)) {
                out.add("map entry only in the original: " + e);
            }
        }
        for (String e : y) {
            if (!x.contains(e)) {
                out.add("map entry only in the retarget:  " + e);
            }
        }
        return out;
    }

    /** The 16-byte rows where two hex frames differ, each side by side with its offset. */
    static List<String> hexDiff(String a, String b) {
        List<String> out = new ArrayList<>();
        if (a.length() != b.length()) {
            out.add(String.format("  length %d vs %d bytes", a.length() / 2, b.length() / 2));
        }
        int rows = (Math.max(a.length(), b.length()) + 31) / 32;
        for (int r = 0; r < rows && out.size() < 24; r++) {
            String x = row(a, r);
            String y = row(b, r);
            if (!x.equals(y)) {
                out.add(String.format("  %04x  - %-47s", r * 16, spaced(x)));
                out.add(String.format("  %04x  + %-47s", r * 16, spaced(y)));
            }
        }
        return out;
    }

    private static String row(String hex, int r) {
        int from = Math.min(hex.length(), r * 32);
        return hex.substring(from, Math.min(hex.length(), from + 32));
    }

    private static String spaced(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            s.append(i == 0 ? "" : " ").append(hex, i, i + 2);
        }
        return s.toString();
    }
}
