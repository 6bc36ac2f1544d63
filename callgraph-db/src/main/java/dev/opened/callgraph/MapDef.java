package dev.opened.callgraph;

/**
 * A map definition's attributes.
 *
 * @param definition the map's definition row
 * @param style {@code "btf"} for {@code SEC(".maps")}, {@code "legacy"} for {@code bpf_map_def}
 * @param mapType e.g. {@code BPF_MAP_TYPE_HASH}, or null when not resolvable
 * @param keyType the key type as written ({@code struct flow_key}, {@code __u32}), or null
 * @param valueType the value type as written, or null
 * @param maxEntries max_entries when a constant, or null
 */
public record MapDef(Definition definition, String style, String mapType, String keyType, String valueType,
        Long maxEntries) {
}
