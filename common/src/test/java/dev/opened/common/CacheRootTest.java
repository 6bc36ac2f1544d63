package dev.opened.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheRootTest {

    @Test
    void openedCacheWinsOverTheHomeDirectory() {
        assertThat(CacheRoot.of(Map.of("OPENED_CACHE", "/tmp/c"), "/home/u")).isEqualTo(Path.of("/tmp/c"));
    }

    @Test
    void unsetOrBlankFallsBackToDotCacheOpened() {
        assertThat(CacheRoot.of(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/opened"));
        assertThat(CacheRoot.of(Map.of("OPENED_CACHE", "  "), "/home/u")).isEqualTo(Path.of("/home/u/.cache/opened"));
    }
}
