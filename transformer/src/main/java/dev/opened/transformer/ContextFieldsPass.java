package dev.opened.transformer;

import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IQualifierType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;

/**
 * Context field accesses, found with their types in the AST (a lexer cannot tell {@code ctx->data}
 * from another struct's {@code data}): renamed, computed from the owner ({@code =...$owner...}),
 * or an error when the new context has nothing like the field.
 */
final class ContextFieldsPass implements Pass {
    @Override
    public void apply(Job job) {
        RuleTable table = job.table;
        if (table.sameContext() || table.context().isEmpty()) {
            return;
        }
        Set<String> fromStructs = new LinkedHashSet<>();
        table.context().keySet().forEach(k -> fromStructs.add(k.replaceFirst("^struct\\s+", "")));
        job.ast().accept(new ASTVisitor() {
            {
                shouldVisitExpressions = true;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFieldReference f) {
                    field(job, table, fromStructs, f);
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    private static void field(Job job, RuleTable table, Set<String> fromStructs, IASTFieldReference f) {
        int[] loc = job.physical(f.getFieldName());
        if (loc == null || job.contextFunctions.stream().noneMatch(r -> r.contains(loc[0]))) {
            return;
        }
        String owner = structName(f.getFieldOwner().getExpressionType());
        if (owner == null || !fromStructs.contains(owner)) {
            return;
        }
        String field = new String(f.getFieldName().toCharArray());
        String to = table.fields().get(field);
        if (to == null) {
            job.error(loc[0], table.noField() != null ? table.noField() + " (" + field + ")"
                    : "struct " + owner + " has a field " + field + ", the new context has none like it");
        } else if (to.startsWith("=")) {
            int[] whole = job.physical(f);
            int[] ownerLoc = job.physical(f.getFieldOwner());
            if (whole != null && ownerLoc != null) {
                String ownerText = job.text.substring(ownerLoc[0], ownerLoc[0] + ownerLoc[1]);
                job.edits.replace(whole[0], whole[1], to.substring(1).replace("$owner", ownerText),
                        "context field " + field + " -> " + to.substring(1).replace("$owner", ownerText));
            }
        } else if (!to.equals(field)) {
            job.edits.replace(loc[0], loc[1], to, "context field " + field + " -> " + to);
        }
    }

    /** The struct a type is or points to, through typedefs and qualifiers; null for other types. */
    static String structName(IType t) {
        IType x = t;
        for (int i = 0; i < 8 && x != null; i++) {
            if (x instanceof IPointerType p) {
                x = p.getType();
            } else if (x instanceof ITypedef td) {
                x = td.getType();
            } else if (x instanceof IQualifierType q) {
                x = q.getType();
            } else {
                break;
            }
        }
        return x instanceof ICompositeType c ? c.getName() : null;
    }
}
