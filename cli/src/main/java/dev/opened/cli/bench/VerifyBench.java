package dev.opened.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.opened.common.CacheRoot;
import dev.opened.common.FileTrees;
import dev.opened.common.Toolchain;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.Verifier;

/**
 * Verification under QEMU: the time from the start to the first verdict (the boot), and to the
 * last, for N objects in one boot (N = 1, 10, 50). Objects are the corpus's own programs, built here, repeated to reach N.
 */
final class VerifyBench implements Bench.Section {
    @Override
    public void run(List<String> args) throws Exception {
        Path work = Files.createTempDirectory("opened-bench-verify-");
        try {
            List<Path> sources = List.of(Path.of("xdp-basics/packet01-parsing/xdp_parse_kern.c"),
                    Path.of("xdp-basics/packet04-meta/xdp_meta_kern.c"), Path.of("lb/healthcheck.c"), Path.of("lb/balancer.c"),
                    Path.of("xdp-basics/basic01-pass/xdp_pass_kern.c"));
            List<Path> objects = new ArrayList<>();
            for (Path src : sources) {
                Path repo = Bench.root().resolve("test-corpus").resolve(src.getName(0));
                Path o = work.resolve(src.getFileName().toString().replace(".c", ".o"));
                Process p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-idirafter", Toolchain.host().archIncludeDir(),
                        "-I" + repo.resolve("include"), "-c", repo.resolve(src.subpath(1, src.getNameCount())).toString(), "-o",
                        o.toString()).inheritIO().start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("clang failed on " + src);
                }
                objects.add(o);
            }
            Verifier verifier = new Verifier(CacheRoot.get(), Bench.root(), 180, 120);
            var kernel = verifier.kernel(args.isEmpty() ? "debian" : args.get(0));
            System.out.println("kernel: " + kernel.name() + (kernel.image() == null ? "" : " " + kernel.image()));
            for (int n : List.of(1, 10, 50)) {
                List<Path> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Path src = objects.get(i % objects.size());
                    Path copy = work.resolve("n" + n + "-" + i + "-" + src.getFileName());
                    Files.copy(src, copy);
                    batch.add(copy);
                }
                long t0 = System.nanoTime();
                long[] first = {0};
                List<ProgramVerdict> v = verifier.verify(batch, kernel, x -> {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                });
                double s = (System.nanoTime() - t0) / 1e9;
                long accepted = v.stream().filter(x -> x.verdict() == dev.opened.verifier.Verdict.ACCEPTED).count();
                System.out.printf("N=%-3d objects: %3d programs, %3d accepted, first verdict after %5.1f s, all in %5.1f s"
                        + " (one boot, %.2f s per object)%n", n, v.size(), accepted, (first[0] - t0) / 1e9, s, s / n);
            }
        } finally {
            FileTrees.delete(work);
        }
    }
}
