package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.OpenedException;
import dev.opened.extractor.Manifest;

/** Reading the templates ahead (and rendering a stand-in once) changes nothing the real render gives or reports. */
class TemplatesTest {
    @TempDir
    Path tmp;

    private static Manifest unit(String function) {
        return new Manifest(1, function, function + ".c", function + ".bpf.o", "repo", null, "abc",
                new Manifest.Location("src/prog.c", 7, 30), "tc", "sched_cls", null,
                List.of(new Manifest.EntryProgram(function, "tc", "sched_cls", 12)), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), List.of("-I."), null, null, List.of());
    }

    /** A directory of templates holding {@code makefile} as {@code Makefile.ftl}. */
    private Path templates(String name, String makefile) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve("Makefile.ftl"), makefile);
        return dir;
    }

    @Test
    void preloadedTemplatesRenderTheRealUnit() throws Exception {
        Path mine = templates("mine", "unit ${function} from ${source}\n");
        Templates preloaded = new Templates(mine, null);
        preloaded.preload();
        Templates cold = new Templates(mine, null);
        assertThat(preloaded.extractedMakefile(unit("parse_udp"))).isEqualTo(cold.extractedMakefile(unit("parse_udp")))
                .isEqualTo("unit parse_udp from src/prog.c:7\n");
    }

    @Test
    void aTemplateThatFailsIsReportedByTheRenderNotByThePreload() throws Exception {
        Templates t = new Templates(templates("broken", "${no_such_value}\n"), null);
        t.preload();
        assertThatThrownBy(() -> t.extractedMakefile(unit("f"))).isInstanceOf(OpenedException.class)
                .hasMessageContaining("Makefile.ftl");
    }
}
