package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * Reading a call graph writes nothing: not into an empty or foreign file given as {@code --db}, and
 * not into the graph's directory, so that a graph on a read-only file system or owned by another
 * user can be queried. The read-only case runs in a real process as user nobody, since root may
 * write anywhere.
 */
class ReadOnlyGraphTest {
    @TempDir
    Path tmp;

    /** Lists a graph's repos from a separate process: what a read verb does. */
    public static void main(String[] args) {
        try (CallGraph g = CallGraph.openExisting(Path.of(args[0]))) {
            System.out.println("repos " + g.repos().stream().map(Repo::name).toList());
        }
    }

    @Test
    void anEmptyOrForeignFileIsBadInputAndIsNotWritten() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.db"));
        assertThatThrownBy(() -> CallGraph.openExisting(empty)).isInstanceOf(CallGraphException.class)
                .hasMessageContaining("empty.db: an empty file, not a call graph");
        assertThat(Files.size(empty)).isZero();
        Path text = Files.writeString(tmp.resolve("notes.db"), "not a database\n");
        assertThatThrownBy(() -> CallGraph.openExisting(text)).isInstanceOf(CallGraphException.class)
                .hasMessageContaining("notes.db: cannot read the call graph");
        assertThat(Files.readString(text)).isEqualTo("not a database\n");
        assertThat(siblings(tmp)).containsExactlyInAnyOrder("empty.db", "notes.db");
    }

    @Test
    void aGraphInADirectoryNobodyMayWriteIsReadAndLeftAsItWas() throws Exception {
        Path repo = GitFixtures.repo(tmp.resolve("fix"), Fixture.files());
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        Path db = dir.resolve("cg.db");
        try (CallGraph g = CallGraph.open(db)) {
            new Crawler(g, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
        }
        Files.deleteIfExists(dir.resolve("cg.db-wal"));
        Files.deleteIfExists(dir.resolve("cg.db-shm"));
        byte[] before = Files.readAllBytes(db);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path cp = classpathFor(tmp.resolve("cp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp + "/*:" + cp + "/classes",
                ReadOnlyGraphTest.class.getName(), db.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("repos [fix]");
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThat(siblings(dir)).containsExactly("cg.db");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The classes and jars a read needs, copied where user nobody can read them. */
    private static Path classpathFor(Path to) throws IOException {
        Files.createDirectories(to.resolve("classes"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path e = Path.of(entry);
            String name = e.getFileName().toString();
            // OPENED's own modules are jars under `mvn verify` and class directories under `mvn test`
            if (name.startsWith("sqlite-jdbc") || name.startsWith("gson") || name.startsWith("opened-") && name.endsWith(".jar")) {
                Files.copy(e, to.resolve(name));
            } else if (Files.isDirectory(e) && (entry.endsWith("classes") || entry.endsWith("test-classes"))) {
                GitFixtures.copyTree(e, to.resolve("classes"));
            }
        }
        try (Stream<Path> all = Files.walk(to)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return to;
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).toList();
        }
    }
}
