package dev.opened.extractor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.google.gson.FormattingStyle;
import com.google.gson.stream.JsonWriter;

/**
 * {@code opened.json} written field by field, in the records' component order, as Gson's pretty
 * printing with nulls writes it: the same bytes without Gson's reflective record adapters, which
 * cost every {@code opened extract} process tens of milliseconds of its start (docs/PERFORMANCE.md).
 * {@code ManifestJsonTest} holds it to Gson's output, so that a field added to a record and not
 * here fails a test.
 */
final class ManifestJson {
    private ManifestJson() {
    }

    static String write(Manifest m) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setFormattingStyle(FormattingStyle.PRETTY);
            w.setHtmlSafe(false);
            w.setSerializeNulls(true);
            manifest(w, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void manifest(JsonWriter w, Manifest m) throws IOException {
        w.beginObject();
        w.name("opened").value(m.opened());
        w.name("function").value(m.function());
        w.name("unit").value(m.unit());
        w.name("object").value(m.object());
        w.name("repo").value(m.repo());
        w.name("profile").value(m.profile());
        w.name("commit").value(m.commit());
        w.name("source");
        if (m.source() == null) {
            w.nullValue();
        } else {
            w.beginObject();
            w.name("path").value(m.source().path());
            w.name("startLine").value(m.source().startLine());
            w.name("endLine").value(m.source().endLine());
            w.endObject();
        }
        w.name("section").value(m.section());
        w.name("programType").value(m.programType());
        w.name("hook").value(m.hook());
        w.name("entryPrograms");
        if (nullList(w, m.entryPrograms())) {
            for (Manifest.EntryProgram p : m.entryPrograms()) {
                w.beginObject();
                w.name("name").value(p.name());
                w.name("section").value(p.section());
                w.name("programType").value(p.programType());
                w.name("line").value(p.line());
                w.endObject();
            }
            w.endArray();
        }
        w.name("definitions");
        if (nullList(w, m.definitions())) {
            for (Manifest.Taken t : m.definitions()) {
                taken(w, t);
            }
            w.endArray();
        }
        w.name("closure");
        if (m.closure() == null) {
            w.nullValue();
        } else {
            w.beginObject();
            w.name("nodes");
            strings(w, m.closure().nodes());
            w.name("edges");
            if (nullList(w, m.closure().edges())) {
                for (Manifest.Edge e : m.closure().edges()) {
                    w.beginObject();
                    w.name("from").value(e.from());
                    w.name("to").value(e.to());
                    w.name("kind").value(e.kind());
                    w.endObject();
                }
                w.endArray();
            }
            w.endObject();
        }
        w.name("maps");
        if (nullList(w, m.maps())) {
            for (Manifest.MapInfo i : m.maps()) {
                w.beginObject();
                w.name("name").value(i.name());
                w.name("type").value(i.type());
                w.name("keyType").value(i.keyType());
                w.name("valueType").value(i.valueType());
                w.name("maxEntries").value(i.maxEntries());
                w.name("style").value(i.style());
                w.endObject();
            }
            w.endArray();
        }
        w.name("helpers");
        strings(w, m.helpers());
        w.name("guardMacros");
        strings(w, m.guardMacros());
        w.name("defines");
        strings(w, m.defines());
        w.name("cflags");
        strings(w, m.cflags());
        w.name("license");
        if (m.license() == null) {
            w.nullValue();
        } else {
            w.beginObject();
            w.name("spdx");
            strings(w, m.license().spdx());
            w.name("name").value(m.license().name());
            w.endObject();
        }
        w.name("retarget");
        retarget(w, m.retarget());
        w.name("notes");
        strings(w, m.notes());
        w.endObject();
    }

    private static void taken(JsonWriter w, Manifest.Taken t) throws IOException {
        w.beginObject();
        w.name("kind").value(t.kind());
        w.name("name").value(t.name());
        w.name("path").value(t.path());
        w.name("startLine").value(t.startLine());
        w.name("endLine").value(t.endLine());
        w.name("unitStartLine").value(t.unitStartLine());
        w.name("unitEndLine").value(t.unitEndLine());
        w.name("guards");
        if (nullList(w, t.guards())) {
            for (List<String> level : t.guards()) {
                strings(w, level);
            }
            w.endArray();
        }
        w.endObject();
    }

    private static void retarget(JsonWriter w, Manifest.Retarget r) throws IOException {
        if (r == null) {
            w.nullValue();
            return;
        }
        w.beginObject();
        w.name("from").value(r.from());
        w.name("to").value(r.to());
        w.name("hook").value(r.hook());
        w.name("rules");
        if (nullList(w, r.rules())) {
            for (Manifest.Rule rule : r.rules()) {
                w.beginObject();
                w.name("rule").value(rule.rule());
                w.name("line").value(rule.line());
                w.endObject();
            }
            w.endArray();
        }
        w.name("changedLines");
        if (nullList(w, r.changedLines())) {
            for (Integer line : r.changedLines()) {
                w.value(line);
            }
            w.endArray();
        }
        w.endObject();
    }

    private static void strings(JsonWriter w, List<String> l) throws IOException {
        if (nullList(w, l)) {
            for (String s : l) {
                w.value(s);
            }
            w.endArray();
        }
    }

    /** Writes null for a null list and returns false; else opens the array and returns true. */
    private static boolean nullList(JsonWriter w, List<?> l) throws IOException {
        if (l == null) {
            w.nullValue();
            return false;
        }
        w.beginArray();
        return true;
    }
}
