package dev.opened.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every verb of {@code opened}, after JGit pgm's {@code CommandCatalog}. A new verb is one class
 * and one line here.
 */
public final class CommandCatalog {
    private final Map<String, Supplier<TextBuiltin>> verbs = new LinkedHashMap<>();

    /** The catalog of all verbs, in the order {@code opened help} lists them. */
    public CommandCatalog() {
        add(Help::new);
        // call graph
        add(Crawl::new);
        add(Repos::new);
        add(Funcs::new);
        add(Show::new);
        add(Callers::new);
        add(Callees::new);
        add(Maps::new);
        add(Problems::new);
        // extraction and retargeting
        add(Extract::new);
        add(Retarget::new);
        add(HookpointsVerb::new);
        // build and verification
        add(Build::new);
        add(Verify::new);
        add(Library::new);
        add(TestVerb::new);
        add(DoctorVerb::new);
        add(Demo::new);
        add(Completion::new);
    }

    private void add(Supplier<TextBuiltin> verb) {
        verbs.put(verb.get().name(), verb);
    }

    /** A new instance of the verb named {@code name}, or null. */
    public TextBuiltin get(String name) {
        Supplier<TextBuiltin> s = verbs.get(name);
        return s == null ? null : s.get();
    }

    /** All verbs, new instances. */
    public List<TextBuiltin> all() {
        List<TextBuiltin> list = new ArrayList<>();
        verbs.values().forEach(s -> list.add(s.get()));
        return list;
    }

    /** The verb names. */
    public List<String> names() {
        return new ArrayList<>(verbs.keySet());
    }
}
