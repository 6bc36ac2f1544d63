package dev.opened.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every verb of {@code opened}, after JGit pgm's {@code CommandCatalog}. A new verb is one class
 * and one line here.
 */
public final class CommandCatalog {
    /**
     * The verbs by name, made with the catalog: a command makes one catalog and runs one verb of it.
     * Instances, not constructor references: each reference is a call site the JVM links at start,
     * a few milliseconds of every command for verbs it does not run.
     */
    private final Map<String, TextBuiltin> verbs = new LinkedHashMap<>();

    /** The catalog of all verbs, in the order {@code opened help} lists them. */
    public CommandCatalog() {
        add(new Help());
        // call graph
        add(new Crawl());
        add(new Repos());
        add(new Funcs());
        add(new Show());
        add(new Callers());
        add(new Callees());
        add(new Maps());
        add(new Problems());
        // extraction and retargeting
        add(new Extract());
        add(new Retarget());
        add(new HookpointsVerb());
        // build and verification
        add(new Build());
        add(new Verify());
        add(new Library());
        add(new TestVerb());
        add(new DoctorVerb());
        add(new Demo());
        add(new Completion());
    }

    private void add(TextBuiltin verb) {
        verbs.put(verb.name(), verb);
    }

    /** This catalog's verb named {@code name}, or null. */
    public TextBuiltin get(String name) {
        return verbs.get(name);
    }

    /** All verbs of this catalog. */
    public List<TextBuiltin> all() {
        return new ArrayList<>(verbs.values());
    }

    /** The verb names. */
    public List<String> names() {
        return new ArrayList<>(verbs.keySet());
    }
}
