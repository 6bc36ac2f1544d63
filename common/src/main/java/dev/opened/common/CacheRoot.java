package dev.opened.common;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where OPENED keeps what it can make again (clones, kernels, the loader, generated headers):
 * {@code $OPENED_CACHE}, else {@code ~/.cache/opened}. Every module asks here, so one variable
 * moves all of it (tests give each run its own).
 */
public final class CacheRoot {
    private CacheRoot() {
    }

    /** The cache root of this process's environment. */
    public static Path get() {
        return of(System.getenv(), System.getProperty("user.home"));
    }

    /** The cache root for {@code env} and {@code home}: {@code OPENED_CACHE} when set and not blank. */
    public static Path of(Map<String, String> env, String home) {
        String cache = env.get("OPENED_CACHE");
        return cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(home, ".cache", "opened");
    }
}
