package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a crawl wrote for one repo, as sorted text lines with no row ids and no commit ids, so
 * that two crawls (before and after a change to the crawler, or serial and parallel) compare as text.
 */
final class GraphDump {
    private GraphDump() {
    }

    /** A definition named by what identifies it, not by its row id. */
    private static final String DEF = "d.kind || ' ' || d.name || ' ' || f.path || ':' || d.start_off || '-' || d.end_off";

    static List<String> dump(CallGraph graph, String repo) {
        List<String> out = new ArrayList<>();
        List<Object> args = List.of(repo);
        out.addAll(graph.query("SELECT 'FILE ' || f.path || ' tu=' || f.is_tu || ' lines=' || f.lines || ' spdx='"
                + " || ifnull(f.spdx, '-') || ' licensecomment=' || length(ifnull(f.license_comment, ''))"
                + " FROM files f JOIN repos r ON r.id = f.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'DEF ' || " + DEF + " || ' lines=' || d.start_line || '-' || d.end_line"
                + " || ' static=' || d.is_static || ' inline=' || d.is_inline || ' section=' || ifnull(d.section, '-')"
                + " || ' prog=' || ifnull(d.prog_type, '-') || ' active=' || d.active || ' guards=' || d.guards"
                + " || ' sig=' || ifnull(d.signature, '-')"
                + " FROM defs d JOIN files f ON f.id = d.file_id JOIN repos r ON r.id = d.repo_id WHERE r.name = ?",
                args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'REF ' || " + DEF + " || ' -> ' || " + DEF.replace("d.", "t.").replace("f.", "tf.")
                + " || ' ' || x.kind || ' line=' || x.line || ' tu=' || x.tu"
                + " FROM refs x JOIN defs d ON d.id = x.from_id JOIN files f ON f.id = d.file_id"
                + " JOIN defs t ON t.id = x.to_id JOIN files tf ON tf.id = t.file_id"
                + " JOIN repos r ON r.id = d.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'HELPER ' || " + DEF + " || ' ' || h.helper || ' at=' || h.line || ':' || h.col"
                + " FROM helper_calls h JOIN defs d ON d.id = h.def_id JOIN files f ON f.id = d.file_id"
                + " JOIN repos r ON r.id = d.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'MAP ' || " + DEF + " || ' ' || m.style || ' type=' || ifnull(m.map_type, '-')"
                + " || ' key=' || ifnull(m.key_type, '-') || ' value=' || ifnull(m.value_type, '-')"
                + " || ' max=' || ifnull(m.max_entries, '-')"
                + " FROM maps m JOIN defs d ON d.id = m.def_id JOIN files f ON f.id = d.file_id"
                + " JOIN repos r ON r.id = d.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'INCLUDE ' || f.path || ':' || i.line || ' ' || i.directive || ' system=' || i.system"
                + " || ' -> ' || ifnull(i.resolved_path, '-') || ' guards=' || i.guards"
                + " FROM includes i JOIN files f ON f.id = i.file_id JOIN repos r ON r.id = f.repo_id WHERE r.name = ?",
                args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'TUFILE ' || tf.path || ' reads ' || f.path FROM tu_files t"
                + " JOIN files tf ON tf.id = t.tu_file_id JOIN files f ON f.id = t.file_id"
                + " JOIN repos r ON r.id = f.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.addAll(graph.query("SELECT 'PROBLEM ' || p.path || ':' || p.line || ' ' || p.message || ' tu=' || p.tu_path"
                + " FROM problems p JOIN repos r ON r.id = p.repo_id WHERE r.name = ?", args, rs -> rs.getString(1)));
        out.replaceAll(l -> repo + " " + l);
        out.sort(null);
        return out;
    }
}
