package dev.opened.callgraph;

import java.util.List;

/**
 * A crawled repo, or one build profile of it.
 *
 * <p>A <em>build profile</em> is a named set of {@code -D}/{@code -I} flags a repository's build
 * compiles its sources under (e.g. katran's {@code -DDECAP_TPR_STATS -DINLINE_DECAP_GUE}). Each
 * profile is crawled as a repo row of its own, named {@code REPO+PROFILE}; the profile named
 * {@value #DEFAULT_PROFILE} is the plain {@code REPO}. A row per profile rather than per-profile
 * active/inactive marks on one crawl, because which code is active, which calls and map uses
 * count, and the guard of every definition all follow from the flags a translation unit is parsed
 * with: every pass and verb already works per repo row, so a profile gets all of them unchanged,
 * and switching profiles changes what a unit pulls in. File contents are stored once per blob
 * and parses are cached by blob and flags, so a second profile costs only the parses its flags
 * change. {@code +} rather than {@code @} or {@code :}, which {@code FUNC@REPO[:PATH]} uses.
 *
 * @param name its name in the call graph (the {@code @REPO} part of {@code FUNC@REPO})
 * @param source what was crawled: URL, repository path or directory
 * @param commit the commit crawled (for a plain directory, a content hash)
 * @param crawledAt ISO-8601 instant of the last crawl
 * @param includeDirs repo-relative {@code -I} dirs used
 * @param defines {@code -D} flags used ({@code NAME} or {@code NAME=VALUE})
 * @param files number of files
 * @param functions number of functions
 */
public record Repo(String name, String source, String commit, String crawledAt, List<String> includeDirs,
        List<String> defines, int files, int functions) {
    /** The profile a crawl without {@code --profile} stores: the repo under its plain name. */
    public static final String DEFAULT_PROFILE = "default";

    /** Copies the lists. */
    public Repo {
        includeDirs = List.copyOf(includeDirs);
        defines = List.copyOf(defines);
    }

    /**
     * The repo row that holds profile {@code profile} of repo {@code base}: {@code base} itself for
     * null or {@value #DEFAULT_PROFILE}, else {@code base+profile}.
     *
     * @throws CallGraphException for a profile name other than letters, digits and {@code ._-}
     */
    public static String profiled(String base, String profile) {
        if (profile == null || profile.equals(DEFAULT_PROFILE)) {
            return base;
        }
        if (!profile.matches("[A-Za-z0-9._-]+")) {
            throw new CallGraphException("profile name '" + profile
                    + "' has characters other than letters, digits and ._-; give another --profile");
        }
        return base + "+" + profile;
    }

    /** The repository this row is a profile of: the name up to its last {@code +}, or the whole name. */
    public String base() {
        int plus = name.lastIndexOf('+');
        return plus > 0 ? name.substring(0, plus) : name;
    }

    /** The build profile this row holds: the name after its last {@code +}, or {@value #DEFAULT_PROFILE}. */
    public String profile() {
        int plus = name.lastIndexOf('+');
        return plus > 0 && plus < name.length() - 1 ? name.substring(plus + 1) : DEFAULT_PROFILE;
    }
}
