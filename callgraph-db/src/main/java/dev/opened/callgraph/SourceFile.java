package dev.opened.callgraph;

import java.util.List;

/**
 * A crawled {@code .c} or {@code .h} file at the repo's commit.
 *
 * @param repo the repo's name
 * @param path path inside the repo, '/'-separated
 * @param blobId the git blob id (or a content hash for plain directories)
 * @param spdx the SPDX license expression(s) of its {@code SPDX-License-Identifier} lines, or null
 * @param licenseComment its license header comment (the first comment, when it speaks of a license
 *        or copyright), verbatim, or null
 * @param translationUnit true for a {@code .c} file parsed as its own translation unit
 * @param lines number of lines
 */
public record SourceFile(String repo, String path, String blobId, String spdx, String licenseComment,
        boolean translationUnit, int lines) {
}
