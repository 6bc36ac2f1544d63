package dev.opened.cli;

import org.apache.commons.cli.CommandLine;

/** {@code opened help [VERB]}: lists the verbs, or prints one verb's options. */
final class Help extends TextBuiltin {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "list the verbs, or a verb's options (help VERB)";
    }

    @Override
    protected String synopsis() {
        return "[VERB]";
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().size() > 1) {
            throw usage("give at most one VERB");
        }
        if (cl.getArgList().size() == 1) {
            TextBuiltin verb = new CommandCatalog().get(cl.getArgList().get(0));
            if (verb == null) {
                throw badInput("'" + cl.getArgList().get(0) + "' is not a verb. Verbs: " + String.join(", ", new CommandCatalog().names()));
            }
            return verb.execute(java.util.List.of("--help"), env);
        }
        out.println("usage: opened [--db FILE] VERB [ARGS...]   (opened VERB --help for a verb's options)");
        out.println();
        for (TextBuiltin verb : new CommandCatalog().all()) {
            out.printf("  %-12s %s%n", verb.name(), verb.description());
        }
        return 0;
    }
}
