package dev.opened.cli;

import java.nio.file.Path;

import org.apache.commons.cli.CommandLine;

import dev.opened.verifier.UnitBuilder;

/** {@code opened build DIR}: compiles a unit with clang for BPF. */
final class Build extends TextBuiltin {
    @Override
    public String name() {
        return "build";
    }

    @Override
    public String description() {
        return "compile a unit directory with clang -O2 -g -target bpf to DIR/*.bpf.o";
    }

    @Override
    protected String synopsis() {
        return "DIR";
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().size() != 1) {
            throw usage("give one unit DIR");
        }
        Path dir = env.cwd().resolve(cl.getArgList().get(0));
        UnitBuilder.Result r = UnitBuilder.build(dir);
        err.print(r.diagnostics());
        if (json) {
            printJson(java.util.Map.of("ok", r.ok(), "objects", r.objects().stream().map(Path::toString).toList(),
                    "diagnostics", r.diagnostics()));
        } else {
            r.objects().forEach(o -> out.println(o));
        }
        return r.ok() ? 0 : EXIT_FAILED;
    }
}
