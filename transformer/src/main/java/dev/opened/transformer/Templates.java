package dev.opened.transformer;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.common.OpenedException;
import dev.opened.extractor.Makefiles;
import dev.opened.extractor.Manifest;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * The FreeMarker templates a unit's Makefile and a hook's entry-program wrapper come from: the
 * user's {@code --templates DIR} first, then the project's {@code templates/}, then the copy
 * shipped in the jar. A user overrides a template by giving one of the same name, or adds a hook.
 */
public final class Templates {
    private final Configuration cfg;
    private final String launcher;

    /** Templates from {@code userDir} (may be null) and {@code projectDir} (may be null), then the jar's. */
    public Templates(Path userDir, Path projectDir) {
        this(userDir, projectDir, null);
    }

    /**
     * As {@link #Templates(Path, Path)}; {@code launcher} is the {@code opened} command that wrote
     * the unit (an absolute path), which the Makefile's {@code verify} runs, so that {@code make
     * verify} works without {@code opened} on PATH. Null means {@code opened} from PATH.
     */
    public Templates(Path userDir, Path projectDir, String launcher) {
        this.launcher = launcher == null || launcher.isBlank() ? "opened" : launcher;
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        // a template is code; one from --templates or a shared templates/ must not reach Java classes
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        List<TemplateLoader> loaders = new ArrayList<>();
        try {
            if (userDir != null) {
                if (!Files.isDirectory(userDir)) {
                    throw OpenedException.badInput("--templates " + userDir + ": not a directory");
                }
                loaders.add(new FileTemplateLoader(userDir.toFile()));
            }
            if (projectDir != null && Files.isDirectory(projectDir)) {
                loaders.add(new FileTemplateLoader(projectDir.toFile()));
            }
        } catch (IOException e) {
            throw OpenedException.badInput("cannot read templates: " + e.getMessage());
        }
        loaders.add(new ClassTemplateLoader(Templates.class, "/templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
    }

    /**
     * Reads and parses {@code Makefile.ftl}, and the hook table it is rendered with, now, so that a
     * command can have it done on another thread while it does other work; a template that cannot
     * be read is reported by the render that needs it, not here.
     */
    public void preload() {
        // the Makefile's hook is named from the hook table: read it here too, off the caller's thread
        dev.opened.callgraph.HookFamily.all();
        try {
            cfg.getTemplate("Makefile.ftl");
            // one render of a stand-in unit: FreeMarker's first processing environment is built
            // here, not on the caller's thread when it renders the real one
            extractedMakefile(WARM_UP);
        } catch (IOException | RuntimeException e) {
            // the Makefile's render meets the same problem and reports it
        }
    }

    private static final Manifest WARM_UP = new Manifest(1, "f", "f.c", "f.bpf.o", "r", null, "0",
            new Manifest.Location("f.c", 1, 1), "xdp", "xdp", null, List.of(new Manifest.EntryProgram("f", "xdp", "xdp", 1)),
            List.of(), null, List.of(), List.of(), List.of(), List.of("A=1"), List.of("-I."), null, null, List.of());

    String render(String name, Map<String, Object> model) {
        try {
            Template t = cfg.getTemplate(name);
            StringWriter w = new StringWriter();
            t.process(model, w);
            return w.toString();
        } catch (freemarker.template.TemplateNotFoundException e) {
            throw OpenedException.badInput("no template " + name + " (in --templates, templates/ or the jar); add one");
        } catch (IOException | TemplateException e) {
            throw OpenedException.badInput("template " + name + ": " + e.getMessage());
        }
    }

    /**
     * The Makefile of a unit as extracted (not retargeted): its load and attach targets follow the
     * hook its entry program's section names, or {@code bpftool prog loadall} when the section is
     * not one of the hooks OPENED knows (or the unit has no entry program).
     */
    public String extractedMakefile(Manifest m) {
        Hook hook = null;
        if (m.section() != null && !m.section().isBlank()) {
            try {
                hook = Hook.parse(m.section(), null);
            } catch (OpenedException e) {
                hook = null;
            }
        }
        return makefile(m, hook, false);
    }

    /** The unit's Makefile for {@code hook}, from {@code Makefile.ftl}. */
    public String makefile(Manifest m, Hook hook) {
        return makefile(m, hook, hook != null);
    }

    private String makefile(Manifest m, Hook hook, boolean retargeted) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("retargeted", retargeted);
        // make expands $ everywhere, also in a variable's default value
        model.put("opened", launcher.replace("$", "$$"));
        model.put("function", m.function());
        model.put("unit", m.unit());
        model.put("object", m.object());
        model.put("repo", m.repo());
        model.put("commit", m.commit());
        model.put("source", Makefiles.comment(m.source().path() + ":" + m.source().startLine()));
        // each flag one quoted make word, so a repository's -D value is never run by make or the shell
        model.put("cflags", m.cflags().stream().map(Makefiles::makeWord).toList());
        model.put("defines", m.defines().stream().map(Makefiles::makeWord).toList());
        model.put("guardMacros", m.guardMacros());
        model.put("hook", hook == null ? "" : hook.spec());
        model.put("family", hook == null ? "" : hook.family());
        // the section string is the repository's own when there is no hook: a recipe word like the flags
        model.put("section", Makefiles.makeWord(hook == null ? (m.section() == null ? "" : m.section()) : hook.section()));
        model.put("target", Makefiles.makeWord(hook == null || hook.target() == null ? "" : hook.target()));
        List<String> programs = new ArrayList<>();
        m.entryPrograms().forEach(p -> programs.add(p.name()));
        model.put("programs", programs);
        model.put("program", programs.isEmpty() ? m.function() : programs.get(programs.size() - 1));
        return render("Makefile.ftl", model);
    }
}
