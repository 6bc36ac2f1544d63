package dev.opened.callgraph;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IEnumeration;
import org.eclipse.cdt.core.dom.ast.IEnumerator;
import org.eclipse.cdt.core.dom.ast.IField;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.core.dom.ast.IFunctionType;
import org.eclipse.cdt.core.dom.ast.IParameter;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IProblemBinding;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;
import org.eclipse.cdt.core.dom.ast.IVariable;

/** The uses of names inside each definition, resolved by CDT's bindings to the definitions they name. */
final class References extends TuPass {
    private final DefPlaces places;

    References(TuScan scan, DefPlaces places) {
        super(scan);
        this.places = places;
    }

    void references(TuResult.Def from, IASTNode node) {
        String fromKey = from.key();
        node.accept(new ASTVisitor() {
            {
                shouldVisitNames = true;
                includeInactiveNodes = true;
            }

            @Override
            public int visit(IASTName name) {
                if (name.isDefinition() && name.getParent() instanceof IASTDeclarator dd && dd.getParent() == node) {
                    return PROCESS_CONTINUE;
                }
                IBinding b;
                try {
                    b = name.resolveBinding();
                } catch (RuntimeException | StackOverflowError e) {
                    return PROCESS_CONTINUE;
                }
                if (b == null || b instanceof IProblemBinding || b instanceof IParameter || b instanceof IField) {
                    return PROCESS_CONTINUE;
                }
                try {
                    reference(from, fromKey, name, b);
                } catch (RuntimeException | StackOverflowError e) {
                    // one unresolvable name must not lose the rest of the definition
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    private void reference(TuResult.Def from, String fromKey, IASTName name, IBinding b) {
        int line = useLine(name);
        if (b instanceof IFunction f) {
            boolean call = isCallee(name);
            IASTName[] defsInAst = names().definitions(f);
            if (defsInAst.length > 0) {
                TuResult.Def target = defAt(defsInAst[0], DefinitionKind.FUNCTION);
                if (target != null) {
                    addRef(fromKey, target.key(), null, call ? ReferenceKind.CALL : ReferenceKind.ADDRESS, line);
                }
                return;
            }
            IASTName[] decls = names().declarations(f);
            if (decls.length == 0) {
                if (call && name.getFileLocation() != null && !new String(name.toCharArray()).startsWith("__builtin_") && !new String(name.toCharArray()).startsWith("__sync_")) {
                    String p = relative(name.getFileLocation().getFileName());
                    if (p != null) {
                        problems.add(new Problem(p, name.getFileLocation().getStartingLineNumber(),
                                "implicit declaration of function '" + new String(name.toCharArray()) + "'", tuPath));
                    }
                    // most often a function defined only under other -D switches: linked by name,
                    // to its inactive definition, as calls in inactive code are
                    addRef(fromKey, null, new String(name.toCharArray()), ReferenceKind.CALL, line);
                }
                return;
            }
            // a kernel function (kfunc): its extern __ksym declaration, kept as a global, is all
            // there is of it, and what a unit calling it needs
            TuResult.Def kfunc = defAt(decls[0], DefinitionKind.GLOBAL);
            if (kfunc != null && kfunc.name().equals(new String(name.toCharArray())) && !kfunc.key().equals(fromKey)) {
                addRef(fromKey, kfunc.key(), null, ReferenceKind.GLOBAL, line);
                return;
            }
            boolean localDecl = false;
            for (IASTName dn : decls) {
                if (dn.getFileLocation() != null && relative(dn.getFileLocation().getFileName()) != null) {
                    localDecl = true;
                }
            }
            if (localDecl) {
                addRef(fromKey, null, new String(name.toCharArray()), call ? ReferenceKind.CALL : ReferenceKind.ADDRESS, line);
            }
            return;
        }
        if (b instanceof IVariable v) {
            String n = new String(name.toCharArray());
            if (isCallee(name) && n.startsWith("bpf_") && isFunctionPointer(v)) {
                IASTFileLocation loc = name.getFileLocation();
                if (loc != null && !helpers.containsKey(fromKey + "|" + n)) {
                    String p = relative(loc.getFileName());
                    int col = p == null ? 1 : lines(p).column(loc.getNodeOffset());
                    helpers.put(fromKey + "|" + n, new TuResult.HelperUse(fromKey, n, loc.getStartingLineNumber(), col));
                }
                // the older kernel-samples style declares each helper in the repo's own header
                // as a function pointer variable: a unit calling it needs that declaration
                IASTName[] helperDefs = names().definitions(v);
                TuResult.Def declared = helperDefs.length == 0 ? null : defAt(helperDefs[0], DefinitionKind.GLOBAL);
                if (declared != null && !declared.key().equals(fromKey)) {
                    addRef(fromKey, declared.key(), null, ReferenceKind.GLOBAL, line);
                }
                return;
            }
            IASTName[] defsInAst = names().definitions(v);
            if (defsInAst.length == 0) {
                defsInAst = names().declarations(v);
            }
            if (defsInAst.length == 0) {
                return;
            }
            TuResult.Def target = defAt(defsInAst[0], DefinitionKind.MAP, DefinitionKind.GLOBAL);
            if (target == null || target.key().equals(fromKey)) {
                return;
            }
            ReferenceKind kind = target.kind().equals(DefinitionKind.MAP.name()) ? mapAccess(name) : ReferenceKind.GLOBAL;
            addRef(fromKey, target.key(), null, kind, line);
            return;
        }
        if (b instanceof ICompositeType || b instanceof IEnumeration || b instanceof ITypedef || b instanceof IEnumerator) {
            IASTName[] defsInAst = names().definitions(b);
            if (defsInAst.length == 0) {
                return;
            }
            DefinitionKind[] kinds = b instanceof ITypedef ? new DefinitionKind[] {DefinitionKind.TYPEDEF}
                    : b instanceof ICompositeType ct ? new DefinitionKind[] {
                        ct.getKey() == ICompositeType.k_union ? DefinitionKind.UNION : DefinitionKind.STRUCT}
                    : new DefinitionKind[] {DefinitionKind.ENUM};
            TuResult.Def target = defAt(defsInAst[0], kinds);
            if (target == null) {
                target = defAt(defsInAst[0]);
            }
            if (target != null && !target.key().equals(fromKey)) {
                addRef(fromKey, target.key(), null, ReferenceKind.TYPE, line);
            }
        }
    }

    private boolean isFunctionPointer(IVariable v) {
        IType t = v.getType();
        while (t instanceof ITypedef td) {
            t = td.getType();
        }
        return t instanceof IPointerType p && p.getType() instanceof IFunctionType;
    }

    private boolean isCallee(IASTName name) {
        IASTNode p = name.getParent();
        return p instanceof IASTIdExpression id && id.getParent() instanceof IASTFunctionCallExpression call
                && call.getFunctionNameExpression() == id;
    }

    /** How a map is used: the helper it is passed to decides. */
    private ReferenceKind mapAccess(IASTName name) {
        IASTNode n = name.getParent();
        if (n instanceof IASTIdExpression) {
            IASTNode p = n.getParent();
            while (p instanceof IASTUnaryExpression u && (u.getOperator() == IASTUnaryExpression.op_amper
                    || u.getOperator() == IASTUnaryExpression.op_bracketedPrimary)) {
                n = p;
                p = p.getParent();
            }
            if (p instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() != n) {
                IASTExpression fn = call.getFunctionNameExpression();
                String callee = fn instanceof IASTIdExpression id ? new String(id.getName().toCharArray()) : "";
                if (callee.contains("lookup") || callee.equals("bpf_tail_call") || callee.contains("peek")
                        || callee.contains("for_each") || callee.equals("bpf_redirect_map")) {
                    return ReferenceKind.MAP_READ;
                }
                if (callee.contains("update") || callee.contains("delete") || callee.contains("ringbuf")
                        || callee.contains("output") || callee.contains("push") || callee.contains("pop")) {
                    return ReferenceKind.MAP_UPDATE;
                }
            }
        }
        return ReferenceKind.MAP_USE;
    }

    void addRef(String from, String to, String extern, ReferenceKind kind, int line) {
        String key = from + "->" + (to != null ? to : "extern:" + extern) + "|" + kind;
        refs.putIfAbsent(key, new TuResult.Ref(from, to, extern, kind.name(), line, to == null ? "call" : null));
        if (to != null && kind != ReferenceKind.MACRO) {
            alternatives(from, to, kind, line);
        }
    }

    /**
     * A guarded definition has alternatives: the same name defined in the other branches of its
     * #if chain. The parse resolves a use to the branch the crawl's flags took; the user of the
     * other flags needs the other branch, so it is linked too.
     */
    private void alternatives(String from, String to, ReferenceKind kind, int line) {
        String[] parts = to.split("\\|", 4);
        if (parts.length < 4) {
            return;
        }
        for (TuResult.Def d : places.named(parts[2], parts[0], parts[1])) {
            if (!d.key().equals(to) && !d.key().equals(from) && !d.guards().isEmpty()) {
                refs.putIfAbsent(from + "->" + d.key() + "|" + kind, new TuResult.Ref(from, d.key(), null, kind.name(), line, null));
            }
        }
    }

    private int useLine(IASTName name) {
        IASTFileLocation loc = name.getFileLocation();
        return loc == null ? 0 : loc.getStartingLineNumber();
    }

    /** The repo definition whose text holds {@code name}'s location, preferring the given kinds. */
    private TuResult.Def defAt(IASTName name, DefinitionKind... kinds) {
        IASTFileLocation loc = name.getFileLocation();
        if (loc == null) {
            return null;
        }
        String path = relative(loc.getFileName());
        if (path == null) {
            return null;
        }
        return places.at(path, loc.getNodeOffset(), kinds);
    }
}
