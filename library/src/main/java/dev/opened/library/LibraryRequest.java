package dev.opened.library;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code opened library build} was asked for.
 *
 * @param db the call graph database to read the crawled repos from
 * @param repos the repos to take functions from; empty for every crawled repo
 * @param functions {@code entry} (programs only), {@code all} (every active function), or a glob
 *        on function names
 * @param hooks the hooks every function is retargeted to (libbpf section names: {@code xdp},
 *        {@code tc}, ...); {@code own} keeps each function at its own section, as extracted
 * @param out the library directory
 * @param jobs how many units are extracted and built at once
 * @param kernels the kernels every object is loaded into ({@code debian}, {@code host}, a bzImage)
 * @param templates the user's templates directory, or null
 * @param launcher the command the units' Makefiles call back ({@code bin/opened}), or null
 * @param projectRoot the OPENED checkout (templates, {@code bin/fetch-kernel})
 */
public record LibraryRequest(Path db, List<String> repos, String functions, List<String> hooks, Path out, int jobs,
        List<String> kernels, Path templates, String launcher, Path projectRoot) {
    /** Copies the lists. */
    public LibraryRequest {
        repos = List.copyOf(repos);
        hooks = List.copyOf(hooks);
        kernels = List.copyOf(kernels);
    }
}
