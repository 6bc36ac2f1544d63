package dev.opened.transformer;

/**
 * One step of a retarget over its {@link Job}: reads the unit's text (and AST), adds edits,
 * diagnostics and headers. Passes only add to the job; the text is rewritten once, at the end.
 */
interface Pass {
    void apply(Job job);
}
