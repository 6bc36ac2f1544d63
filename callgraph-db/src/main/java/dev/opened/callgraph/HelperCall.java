package dev.opened.callgraph;

/**
 * A direct call of a kernel helper ({@code bpf_*} from {@code bpf_helper_defs.h}) by a function.
 *
 * @param functionId the calling function
 * @param helper the helper's name, e.g. {@code bpf_map_lookup_elem}
 * @param line 1-based line of the first call in the function's file
 * @param column 1-based column of that call
 */
public record HelperCall(long functionId, String helper, int line, int column) {
}
