package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How the licenses of the files a unit draws from combine into its one SPDX line. */
class LicenseTest {
    private static String combined(String... expressions) {
        return Emitter.conjunction(new LinkedHashSet<>(List.of(expressions)));
    }

    @Test
    void oneLicenseStaysAsWritten() {
        assertThat(combined("GPL-2.0-or-later OR BSD-2-Clause")).isEqualTo("GPL-2.0-or-later OR BSD-2-Clause");
    }

    @Test
    void filesUnderDifferentLicensesGiveTheirConjunction() {
        // not a second SPDX line under the first: one identifier per file
        assertThat(combined("GPL-2.0-or-later OR BSD-2-Clause", "GPL-2.0"))
                .isEqualTo("(GPL-2.0-or-later OR BSD-2-Clause) AND GPL-2.0");
        assertThat(combined("(MIT OR GPL-2.0)", "LGPL-2.1 WITH Linux-syscall-note"))
                .isEqualTo("(MIT OR GPL-2.0) AND (LGPL-2.1 WITH Linux-syscall-note)");
    }
}
