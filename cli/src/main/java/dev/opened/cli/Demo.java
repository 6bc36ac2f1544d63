package dev.opened.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code opened demo}: the whole path on the bundled corpus, each step printed as the command a
 * user would type, with its output and where its files are. It only runs other verbs (and
 * {@code make}, as a user would), in a directory of its own with a call graph of its own.
 */
final class Demo extends TextBuiltin {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String description() {
        return "crawl the bundled corpus, show a call graph, extract, retarget XDP to TC, make, verify both in one boot";
    }

    @Override
    protected String synopsis() {
        return "[-o DIR]";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder("o").hasArg().argName("DIR").desc("where the demo writes (default ./opened-demo)").build());
    }

    @Override
    protected int run(CommandLine cl) throws IOException {
        Path dir = env.cwd().resolve(cl.getOptionValue("o", "opened-demo"));
        Path corpus = Path.of(System.getProperty("opened.root", ".")).resolve("test-corpus");
        if (!Files.isDirectory(corpus.resolve("lb"))) {
            throw badInput(corpus + ": the bundled corpus is not there; run the demo from an OPENED checkout (bin/opened demo)");
        }
        Files.createDirectories(dir);
        Environment demo = new Environment(out, err, dir.resolve("callgraph.db"), dir, env.vars(), env.terminal());
        Path unit = dir.resolve("balancer_ingress");
        Path tc = dir.resolve("balancer_ingress-tc");
        List<String[]> steps = List.of(
                new String[] {"index the corpus's lb repo into a call graph", "crawl", corpus.resolve("lb").toString()},
                new String[] {"the call graph under one XDP program", "callees", "balancer_ingress@lb"},
                new String[] {"extract it with everything it needs", "extract", "balancer_ingress@lb", "-o", unit.toString(), "--force"},
                new String[] {"retarget it from XDP to TC", "retarget", unit.toString(), "--hook", "tc", "-o", tc.toString(), "--force"},
                new String[] {"build both with make", "make", unit.toString(), tc.toString()},
                new String[] {"load both into Debian's kernel, one boot", "verify", unit.toString(), tc.toString()});
        int n = 0;
        for (String[] step : steps) {
            out.println();
            out.println("== " + ++n + ". " + step[0]);
            List<String> args = new ArrayList<>(List.of(step).subList(2, step.length));
            int exit;
            if (step[1].equals("make")) {
                exit = 0;
                for (String d : args) {
                    out.println("$ make -C " + d);
                    exit |= make(Path.of(d));
                }
            } else {
                out.println("$ opened --db " + demo.db() + " " + step[1] + " " + String.join(" ", args));
                exit = new CommandCatalog().get(step[1]).execute(args, demo);
            }
            out.println(exit == 0 ? "-> ok" : "-> failed (exit " + exit + ")");
            if (exit != 0) {
                return exit == EXIT_USAGE ? EXIT_USAGE : EXIT_FAILED;
            }
        }
        out.println();
        out.println("The files: " + unit + "/ (the extracted unit), " + tc + "/ (the TC unit), " + demo.db() + " (the call graph).");
        return 0;
    }

    private int make(Path dir) throws IOException {
        Process p = new ProcessBuilder("make", "-C", dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(out);
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
    }
}
