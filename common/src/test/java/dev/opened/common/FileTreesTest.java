package dev.opened.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    private Path tree() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/f.c"), "int x;");
        Files.writeString(root.resolve("g.h"), "");
        return root;
    }

    @Test
    void deleteRemovesTheWholeTreeAndAnAbsentOneIsNothingToDo() throws Exception {
        Path root = tree();
        FileTrees.delete(root);
        assertThat(root).doesNotExist();
        FileTrees.delete(root);
        FileTrees.deleteQuietly(root);
    }

    @Test
    void emptyKeepsTheRoot() throws Exception {
        Path root = tree();
        FileTrees.empty(root);
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aLinkIsRemovedNotFollowed() throws Exception {
        Path root = tree();
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("keep"), "x");
        Files.createSymbolicLink(root.resolve("link"), outside);
        FileTrees.delete(root);
        assertThat(root).doesNotExist();
        assertThat(outside.resolve("keep")).exists();
    }
}
