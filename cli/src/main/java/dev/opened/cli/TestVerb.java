package dev.opened.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.common.CacheRoot;
import dev.opened.verifier.Batch;
import dev.opened.verifier.Packet;
import dev.opened.verifier.PacketResult;
import dev.opened.verifier.Packets;
import dev.opened.verifier.ProgramRun;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * {@code opened test TARGET... [--packets FILE.pcap|builtin]}: runs every program on packets in
 * the test kernel ({@code BPF_PROG_TEST_RUN}), one boot for all: per packet the return code, the
 * output frame and the maps after the run.
 */
final class TestVerb extends TextBuiltin {
    @Override
    public String name() {
        return "test";
    }

    @Override
    public String description() {
        return "run every program of unit dirs or .o files on packets in the test kernel (BPF_PROG_TEST_RUN): "
                + "return codes, output frames, maps";
    }

    @Override
    protected String synopsis() {
        return "TARGET... [--packets FILE.pcap|builtin] [--kernel debian|host|BZIMAGE] [--boot-timeout S] [--format text|json]";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("packets").hasArg().argName("FILE|builtin")
                .desc("a pcap file, or builtin (default): OPENED's set of headers, cuts, fragments and random bytes").build());
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K").desc("debian (default), host, or a bzImage").build());
        o.addOption(Option.builder().longOpt("boot-timeout").hasArg().argName("S")
                .desc("seconds a kernel may take to come up (default 180)").build());
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().isEmpty()) {
            throw usage("give at least one unit DIR or .o file");
        }
        List<Packet> packets = Packets.of(cl.getOptionValue("packets", "builtin"), env.cwd());
        Verifier verifier = new Verifier(CacheRoot.get(), Path.of(System.getProperty("opened.root", ".")),
                bootTimeout(cl), 120).searching(env.vars().get("PATH"));
        List<Batch.Target> targets = cl.getArgList().stream().map(t -> new Batch.Target(t, env.cwd().resolve(t))).toList();
        List<ProgramRun> runs = new Batch(verifier).test(targets, packets, verifier.kernel(cl.getOptionValue("kernel", "debian")),
                new Batch.Listener() { });
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("packets", packets.stream().map(p -> Map.of("name", p.name(), "bytes", p.hex())).toList());
            doc.put("runs", runs);
            printJson(doc);
        } else {
            print(runs, packets);
        }
        // a program that cannot be tested is said so; one that would not load fails the run
        return runs.stream().allMatch(r -> r.verdict() == Verdict.ACCEPTED || r.verdict() == Verdict.UNTESTABLE) ? 0 : EXIT_FAILED;
    }

    private void print(List<ProgramRun> runs, List<Packet> packets) {
        for (ProgramRun r : runs) {
            out.println(r.target() + " " + r.object() + ":" + r.program() + " (" + r.programType() + "): "
                    + (r.verdict() == Verdict.ACCEPTED ? r.results().size() + " packets" : r.verdict().label() + ": " + r.message()));
            Map<String, Integer> tally = new TreeMap<>();
            for (PacketResult p : r.results()) {
                String key = p.errno() != 0 ? "errno " + p.errno() : "ret " + p.ret();
                tally.merge(key, 1, Integer::sum);
                String name = p.packet() < packets.size() ? packets.get(p.packet()).name() : "";
                boolean same = p.packet() < packets.size() && packets.get(p.packet()).hex().equals(p.out());
                out.printf("  #%-4d %-36s %s out=%s maps=%d%n", p.packet(), name, key,
                        p.errno() != 0 ? "-" : same ? "same" : p.out(), p.maps().size());
                p.maps().forEach(m -> out.println("        " + m));
            }
            if (!tally.isEmpty()) {
                out.println("  " + tally);
            }
        }
    }
}
