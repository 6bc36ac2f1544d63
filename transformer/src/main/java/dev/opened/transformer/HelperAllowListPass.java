package dev.opened.transformer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;

/**
 * Helper calls the kernel does not allow for the new program type, each an error at its call. The
 * kernel's table is asked only about a {@code bpf_} call in one of the unit's functions, so a unit
 * that calls no helper never makes the caller probe a kernel.
 */
final class HelperAllowListPass implements Pass {
    private final HelperTable kernelHelpers;

    /** {@code kernelHelpers}: null when not checked. */
    HelperAllowListPass(HelperTable kernelHelpers) {
        this.kernelHelpers = kernelHelpers;
    }

    @Override
    public void apply(Job job) {
        if (kernelHelpers == null) {
            return;
        }
        job.ast().accept(new ASTVisitor() {
            {
                shouldVisitExpressions = true;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() instanceof IASTIdExpression id) {
                    check(job, new String(id.getName().toCharArray()), call.getFileLocation());
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    private void check(Job job, String name, IASTFileLocation loc) {
        if (!name.startsWith("bpf_") || loc == null || !loc.getFileName().equals(job.file.toString())
                || job.mapped.contains(name) || !job.inFunction(loc.getNodeOffset())) {
            return;
        }
        if (kernelHelpers.isHelper(name) && !kernelHelpers.allows(job.hook.programType(), name)) {
            job.error(loc.getNodeOffset(), name + " is not allowed in " + job.hook.programType()
                    + " programs (kernel " + kernelHelpers.kernel() + " says so) and has no counterpart there");
        }
    }
}
