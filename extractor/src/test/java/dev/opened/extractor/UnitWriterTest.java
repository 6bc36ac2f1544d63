package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.OpenedException;

/** A unit goes in whole or not at all, and its directory is the user's like any other they make. */
class UnitWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writtenWholeWithTheUsersPermissionsAndNothingLeftBeside() throws Exception {
        Path dir = UnitWriter.write(Map.of("f.c", "int x;\n", "bpf/bpf_helpers.h", "/* h */\n"), tmp.resolve("unit"), false);
        assertThat(Files.readString(dir.resolve("f.c"))).isEqualTo("int x;\n");
        assertThat(Files.readString(dir.resolve("bpf/bpf_helpers.h"))).isEqualTo("/* h */\n");
        // made beside the target and moved in: not owner-only as a temporary directory would be
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        assertThat(perms).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("unit", "plain");
        }
    }

    @Test
    void aNonEmptyDirectoryIsRefusedUnlessForcedAndKeepsOtherFiles() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("unit"));
        Files.writeString(dir.resolve("mine.txt"), "keep");
        assertThatThrownBy(() -> UnitWriter.write(Map.of("f.c", "x"), dir, false))
                .isInstanceOf(OpenedException.class).hasMessageContaining("--force");
        UnitWriter.write(Map.of("f.c", "y"), dir, true);
        assertThat(Files.readString(dir.resolve("mine.txt"))).isEqualTo("keep");
        assertThat(Files.readString(dir.resolve("f.c"))).isEqualTo("y");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("unit");
        }
    }
}
