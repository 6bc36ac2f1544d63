package dev.opened.transformer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.ASTTypeUtil;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IBasicType;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IField;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.core.dom.ast.IParameter;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IQualifierType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;

import dev.opened.callgraph.HookFamily;
import dev.opened.extractor.Manifest;

/**
 * A helper function (no section) gets an entry program for the hook, from the hook's template,
 * that calls it with its parameters bound by type and name: the context, {@code data} and
 * {@code data_end}, and zeroed locals for the rest (a struct's {@code void *} members get the
 * packet's start, so that a cursor points into the packet). Its result is kept in a volatile
 * local so that the compiler cannot drop the call the proof is about.
 */
final class Wrapper {
    private final Job job;
    private final Templates templates;

    Wrapper(Job job, Templates templates) {
        this.job = job;
        this.templates = templates;
    }

    /** Bytes of packet the entry program checks for before it hands {@code data} on: headers up to inner IPv6 and L4. */
    static final int PACKET_BOUND = 256;

    void wrap() {
        Manifest m = job.unit.manifest();
        String fn = m.function();
        IASTFunctionDefinition def = find(fn);
        if (def == null || !def.isActive()) {
            List<String> macros = new ArrayList<>();
            m.definitions().stream().filter(t -> t.name().equals(fn)).findFirst()
                    .ifPresent(t -> t.guards().forEach(g -> macros.addAll(g)));
            job.error(0, fn + " is compiled only under " + String.join(" ", macros) + ": extract it with the -D that"
                    + " turns it on (opened extract " + fn + "@" + m.repo() + " -D NAME), then retarget that unit");
            return;
        }
        IASTParameterDeclaration[] params = def.getDeclarator() instanceof IASTStandardFunctionDeclarator sfd
                ? sfd.getParameters() : new IASTParameterDeclaration[0];
        String ctxFamily = null;
        for (IASTParameterDeclaration p : params) {
            String s = ContextFieldsPass.structName(type(p));
            HookFamily fam = s == null ? null : HookFamily.boundContext(s);
            ctxFamily = fam != null ? fam.name() : ctxFamily;
        }
        if (ctxFamily != null && !HookFamily.named(ctxFamily).sharesContext(job.hook.hookFamily())) {
            RuleTable table = RuleTable.load(ctxFamily, job.hook.family(), job.userRules);
            if (table == null) {
                int[] at = job.physical(def.getDeclarator());
                job.error(at == null ? 0 : at[0], fn + " takes a " + ctxFamily + " context, and no rewrite takes that to "
                        + job.hook.family());
                return;
            }
            Rewrite.run(job, table, List.of());
        }
        List<String> locals = new ArrayList<>();
        List<String> args = new ArrayList<>();
        boolean packet = job.hook.directPacketAccess();
        for (IASTParameterDeclaration p : params) {
            String name = new String(innermost(p.getDeclarator()).getName().toCharArray());
            IType t = type(p);
            if (t == null || (t instanceof IBasicType b && b.getKind() == IBasicType.Kind.eVoid)) {
                continue;
            }
            String struct = ContextFieldsPass.structName(t);
            if (p.getDeclarator() instanceof org.eclipse.cdt.core.dom.ast.IASTArrayDeclarator && !isVoidPointer(t)) {
                // an array parameter (u8 events[N][LEN]) is declared as written, so that its sizes stay
                // the ones the function indexes by
                String decl = p.getRawSignature().replaceAll("\\b" + java.util.regex.Pattern.quote(name) + "\\b", "v_" + name);
                locals.add(decl + " = {};");
                args.add("v_" + name);
                continue;
            }
            if (struct != null && HookFamily.boundContext(struct) != null && isPointer(t)) {
                args.add("ctx");
            } else if (isVoidPointer(t)) {
                boolean end = name.contains("end");
                if (!packet) {
                    int[] at = job.physical(p);
                    job.error(at == null ? 0 : at[0], fn + " takes packet pointers (" + name + "), and a "
                            + job.hook.family() + " program has no packet to give it");
                    args.add("0");
                } else {
                    args.add(end ? "data_end" : "data");
                }
            } else if (isPointer(t) && pointee(t) instanceof IPointerType) {
                locals.add(typeText(pointee(t)) + " v_" + name + " = 0;");
                args.add("&v_" + name);
            } else if (isPointer(t) && strip(pointee(t)) instanceof ICompositeType c) {
                locals.add(typeText(pointee(t)) + " v_" + name + " = {" + packetMembers(c, packet) + "};");
                args.add("&v_" + name);
            } else if (isPointer(t)) {
                locals.add(typeText(pointee(t)) + " v_" + name + " = 0;");
                args.add("&v_" + name);
            } else if (strip(t) instanceof ICompositeType) {
                locals.add(typeText(t) + " v_" + name + " = {};");
                args.add("v_" + name);
            } else {
                args.add("0");
            }
        }
        IBinding fb = innermost(def.getDeclarator()).getName().resolveBinding();
        boolean returnsVoid = fb instanceof IFunction f && f.getType().getReturnType() instanceof IBasicType rb
                && rb.getKind() == IBasicType.Kind.eVoid;
        String program = "opened_" + fn + "_" + job.hook.family();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("function", fn);
        model.put("program", program);
        model.put("section", job.hook.section());
        model.put("contextDecl", job.hook.contextDecl());
        model.put("packet", packet);
        // a function handed packet pointers relies on its callers' length checks, which the
        // verifier follows into it; without one, its first header access is out of range
        boolean handsPacket = packet && (args.contains("data") || locals.stream().anyMatch(l -> l.contains("= data")));
        model.put("packetBound", handsPacket ? PACKET_BOUND : 0);
        model.put("locals", locals);
        model.put("call", fn + "(" + String.join(", ", args) + ")");
        model.put("returnsVoid", returnsVoid);
        model.put("passCode", job.hook.passCode());
        model.put("hook", job.hook.spec());
        job.appended = "\n" + contextType(job) + secMacro(job.text) + templates.render("hooks/" + job.hook.family() + ".ftl", model);
        job.newPrograms.add(new Manifest.EntryProgram(program, job.hook.section(), job.hook.programType(),
                Edits.lineOf(job.text, job.text.length()) + 1 + lineWithin(job.appended, "\nSEC(") + 1));
        if (!job.hook.hookFamily().headers().isEmpty()) {
            HeadersPass.add(job, job.hook.hookFamily().headers());
        }
    }

    /**
     * {@code SEC} for the entry program, when nothing in the unit defines it: a header of pure
     * helpers (a hash function) needs no section macro itself, so its unit has none.
     */
    static String secMacro(String text) {
        if (java.util.regex.Pattern.compile("#\\s*define\\s+SEC\\b|#\\s*include\\s*[<\"][^>\"]*bpf_helpers\\.h[>\"]")
                .matcher(text).find()) {
            return "";
        }
        return "/* Added by OPENED: the unit defines no SEC */\n#ifndef SEC\n#define SEC(name) __attribute__((section(name), used))\n#endif\n\n";
    }

    /**
     * The context struct an entry program takes, when the unit has no definition of it: a repo that
     * carries its own copy of the UAPI {@code bpf.h} gives the unit only what the function used, so
     * {@code struct xdp_md} may be missing. The system header's definition stands in, as the
     * kernel's layout is the same.
     */
    static String contextType(Job job) {
        String name = job.hook.hookFamily().context().struct();
        if (name == null) {
            return "";
        }
        String text = job.text;
        java.util.regex.Pattern defines = java.util.regex.Pattern.compile("struct\\s+" + name + "\\s*\\{");
        // a vmlinux.h the unit carries may be a repo's hand-written few types (xdp-tools'), not a BTF dump
        String vmlinux = job.unit.files().get("vmlinux.h");
        boolean byVmlinux = text.contains("vmlinux.h") && (vmlinux == null || defines.matcher(vmlinux).find());
        if (byVmlinux || java.util.regex.Pattern.compile("#\\s*include\\s*<linux/bpf\\.h>").matcher(text).find()
                || defines.matcher(text).find()) {
            return "";
        }
        String uapi = Uapi.TEXT;
        java.util.regex.Matcher def = java.util.regex.Pattern.compile("(?m)^struct\\s+" + name + "\\s*\\{").matcher(uapi);
        if (!def.find()) {
            return "";
        }
        int depth = 0;
        int end = -1;
        for (int i = uapi.indexOf('{', def.start()); i < uapi.length(); i++) {
            if (uapi.charAt(i) == '{') {
                depth++;
            } else if (uapi.charAt(i) == '}' && --depth == 0) {
                end = uapi.indexOf(';', i) + 1;
                break;
            }
        }
        if (end <= 0) {
            return "";
        }
        String body = uapi.substring(def.start(), end);
        // the return code the entry program passes with (XDP_PASS) comes from the same header
        String pass = job.hook.passCode();
        if (pass.matches("[A-Z_]+") && !java.util.regex.Pattern.compile("\\b" + pass + "\\s*[,=]").matcher(text).find()) {
            java.util.regex.Matcher en = java.util.regex.Pattern.compile("(?m)^enum\\s+\\w+\\s*\\{[^}]*\\b" + pass + "\\b[^}]*\\};")
                    .matcher(uapi);
            if (en.find()) {
                body = en.group() + "\n\n" + body;
            }
        }
        StringBuilder out = new StringBuilder("/* Added by OPENED: the entry program's context, as <linux/bpf.h> defines it"
                + " (the unit has no definition of it) */\n#include <linux/types.h>\n");
        if (body.contains("__bpf_md_ptr")) {
            out.append("#ifndef __bpf_md_ptr\n#define __bpf_md_ptr(type, name)\tunion { type name; __u64 :64; } "
                    + "__attribute__((aligned(8)))\n#endif\n");
        }
        return out.append(body).append("\n\n").toString();
    }

    /** {@code <linux/bpf.h>}, read once per process: a library build wraps hundreds of helpers. */
    private static final class Uapi {
        static final String TEXT = read();

        private static String read() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/usr/include/linux/bpf.h"));
            } catch (java.io.IOException | RuntimeException e) {
                return "";
            }
        }
    }

    private static int lineWithin(String text, String marker) {
        int at = text.indexOf(marker);
        return at < 0 ? 0 : Edits.lineOf(text, at) - 1;
    }

    private String packetMembers(ICompositeType c, boolean packet) {
        if (!packet) {
            return "";
        }
        List<String> init = new ArrayList<>();
        for (IField f : c.getFields()) {
            if (isVoidPointer(f.getType())) {
                init.add("." + f.getName() + " = data");
            }
        }
        return init.isEmpty() ? "" : " " + String.join(", ", init) + " ";
    }

    private IASTFunctionDefinition find(String fn) {
        IASTFunctionDefinition[] found = new IASTFunctionDefinition[1];
        job.ast().accept(new ASTVisitor() {
            {
                shouldVisitDeclarations = true;
                includeInactiveNodes = true;
            }

            @Override
            public int visit(IASTDeclaration d) {
                if (d instanceof IASTFunctionDefinition f && found[0] == null
                        && new String(innermost(f.getDeclarator()).getName().toCharArray()).equals(fn)
                        && f.getFileLocation() != null && f.getFileLocation().getFileName().equals(job.file.toString())) {
                    found[0] = f;
                }
                return PROCESS_SKIP;
            }
        });
        return found[0];
    }

    private static IASTDeclarator innermost(IASTDeclarator d) {
        while (d.getNestedDeclarator() != null) {
            d = d.getNestedDeclarator();
        }
        return d;
    }

    private static IType type(IASTParameterDeclaration p) {
        IBinding b = innermost(p.getDeclarator()).getName().resolveBinding();
        return b instanceof IParameter ip ? ip.getType() : null;
    }

    /** The C spelling of a type for a local's declaration ({@code struct x}, {@code __u16}, {@code struct ethhdr *}). */
    private static String typeText(IType t) {
        if (t instanceof ICompositeType c) {
            return (c.getKey() == ICompositeType.k_union ? "union " : "struct ") + c.getName();
        }
        if (t instanceof org.eclipse.cdt.core.dom.ast.IEnumeration e) {
            return "enum " + e.getName();
        }
        if (t instanceof ITypedef td) {
            return td.getName();
        }
        if (t instanceof IQualifierType q) {
            return typeText(q.getType());
        }
        if (t instanceof IPointerType p) {
            return typeText(p.getType()) + " *";
        }
        return ASTTypeUtil.getType(t);
    }

    private static IType strip(IType t) {
        IType x = t;
        while (x instanceof ITypedef || x instanceof IQualifierType) {
            x = x instanceof ITypedef td ? td.getType() : ((IQualifierType) x).getType();
        }
        return x;
    }

    private static boolean isPointer(IType t) {
        return strip(t) instanceof IPointerType;
    }

    private static IType pointee(IType t) {
        return ((IPointerType) strip(t)).getType();
    }

    private static boolean isVoidPointer(IType t) {
        return isPointer(t) && strip(pointee(t)) instanceof IBasicType b && b.getKind() == IBasicType.Kind.eVoid;
    }
}
