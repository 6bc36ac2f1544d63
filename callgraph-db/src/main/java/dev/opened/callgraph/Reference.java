package dev.opened.callgraph;

/**
 * One use of a definition by another, resolved to the definition the user's translation unit
 * sees.
 *
 * @param fromId the using definition
 * @param toId the used definition
 * @param kind how it is used
 * @param line 1-based line of the use in the user's file (the first one, when used several times)
 */
public record Reference(long fromId, long toId, ReferenceKind kind, int line) {
}
