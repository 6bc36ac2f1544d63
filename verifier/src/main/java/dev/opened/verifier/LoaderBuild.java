package dev.opened.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.opened.common.OpenedException;

/**
 * OPENED's loader, a small C program on libbpf shipped as a resource: built once per source
 * version with gcc, linked statically so that it runs alone in the guest's initramfs.
 */
final class LoaderBuild {
    private LoaderBuild() {
    }

    static Path ensure(Path cache) {
        byte[] source;
        try (InputStream in = LoaderBuild.class.getResourceAsStream("opened-loader.c")) {
            source = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("opened-loader.c is missing from the verifier's resources", e);
        }
        String hash = sha(source).substring(0, 12);
        Path bin = cache.resolve("bin").resolve("opened-loader-" + hash);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        if (Processes.which("gcc") == null) {
            throw OpenedException.badInput("gcc is missing: it builds OPENED's loader; apt-get install gcc libbpf-dev libelf-dev zlib1g-dev");
        }
        try {
            Files.createDirectories(bin.getParent());
            Path src = Files.createTempFile(bin.getParent(), "opened-loader-", ".c");
            Path tmp = Files.createTempFile(bin.getParent(), "opened-loader-", ".tmp");
            try {
                Files.write(src, source);
                Processes.Result r = Processes.run(null, List.of("gcc", "-O2", "-static", "-o", tmp.toString(), src.toString(),
                        "-lbpf", "-lelf", "-lz"), 300);
                if (r.exit() != 0) {
                    throw OpenedException.badInput("cannot build OPENED's loader (needs the static libbpf, libelf and zlib: "
                            + "apt-get install libbpf-dev libelf-dev zlib1g-dev):\n" + r.output());
                }
                tmp.toFile().setExecutable(true);
                Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(tmp);
            }
            return bin;
        } catch (IOException e) {
            throw OpenedException.failure("cannot build OPENED's loader in " + bin.getParent() + ": " + e.getMessage());
        }
    }

    static String sha(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
