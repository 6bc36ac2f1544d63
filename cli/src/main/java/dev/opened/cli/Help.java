package dev.opened.cli;

import org.apache.commons.cli.CommandLine;

/** {@code opened help}: lists the verbs. */
final class Help extends TextBuiltin {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "list the verbs";
    }

    @Override
    protected String synopsis() {
        return "";
    }

    @Override
    protected int run(CommandLine cl) {
        out.println("usage: opened [--db FILE] VERB [ARGS...]   (opened VERB --help for a verb's options)");
        out.println();
        for (TextBuiltin verb : new CommandCatalog().all()) {
            out.printf("  %-12s %s%n", verb.name(), verb.description());
        }
        return 0;
    }
}
