package dev.opened.callgraph;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTProblem;

/** The parser's problems in the repo's own files; a system header's problems say nothing about the repo. */
final class TuProblems extends TuPass {
    TuProblems(TuScan scan) {
        super(scan);
    }

    void problems() {
        for (IASTProblem p : tu.getPreprocessorProblems()) {
            problem(p, p.getMessage());
        }
        tu.accept(new ASTVisitor() {
            {
                shouldVisitProblems = true;
                shouldVisitDeclarations = true;
                shouldVisitStatements = true;
                shouldVisitExpressions = true;
                shouldVisitDeclarators = true;
                shouldVisitDeclSpecifiers = true;
                shouldVisitInitializers = true;
                shouldVisitParameterDeclarations = true;
                shouldVisitTypeIds = true;
                includeInactiveNodes = false;
            }

            @Override
            public int visit(IASTDeclaration declaration) {
                IASTFileLocation loc = declaration.getFileLocation();
                return loc != null && relative(loc.getFileName()) == null ? PROCESS_SKIP : PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTProblem problem) {
                problem(problem, problem.getMessage());
                return PROCESS_CONTINUE;
            }
        });
    }
}
