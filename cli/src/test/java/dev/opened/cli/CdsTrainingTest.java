package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * Every verb of the launcher's training run succeeds: one that fails keeps its classes out of the
 * start-up archive, and every later start of that verb pays for it (a second crawl of the corpus
 * into the same graph once made every name ambiguous, and left extract out).
 */
class CdsTrainingTest {
    @Test
    void everyTrainingRunSucceeds() throws Exception {
        assertThat(CdsTraining.train(GitFixtures.projectRoot())).isEmpty();
    }
}
