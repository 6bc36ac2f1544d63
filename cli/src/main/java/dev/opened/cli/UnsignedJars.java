package dev.opened.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The build's last step for {@code cli/target/lib} ({@code cli/pom.xml}): every jar there that is
 * signed (JGit's and the Eclipse platform's) is written again without its signature files. The JVM
 * checks a signed jar's signature in every process that loads a class from it, and never puts a
 * signed jar's classes in the launcher's class-data-sharing archive: for a crawl that reads git,
 * about 200 ms of each start (docs/PERFORMANCE.md). The classes and resources stay byte for byte;
 * the signatures only vouched for the download, which Maven has already checked against its
 * repository.
 */
public final class UnsignedJars {
    private UnsignedJars() {
    }

    /** {@code UnsignedJars DIR}: rewrites the signed jars in DIR. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                unsign(jar);
            }
        }
    }

    /** Rewrites {@code jar} without signature files, when it has any; returns whether it did. */
    static boolean unsign(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> isSignature(e.getName()))) {
                return false;
            }
            // a whole copy beside it, then one rename: a build stopped half-way leaves the jar as it was
            Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigned.tmp");
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    if (isSignature(e.getName())) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    if (e.getComment() != null) {
                        copy.setComment(e.getComment());
                    }
                    out.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** A jar signature's files: {@code META-INF/NAME.SF} and its signature block. */
    static boolean isSignature(String entry) {
        String e = entry.toUpperCase(Locale.ROOT);
        if (!e.startsWith("META-INF/") || e.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return e.endsWith(".SF") || e.endsWith(".RSA") || e.endsWith(".DSA") || e.endsWith(".EC")
                || e.startsWith("META-INF/SIG-");
    }
}
