package dev.opened.transformer;

/**
 * A pass that works one function at a time: applied alone, to every function that takes the old
 * context; {@link Rewrite} interleaves several per function, so that the first edit of a span wins
 * in the order the rewrite has always made them.
 */
interface FunctionPass extends Pass {
    void apply(Job job, Region function);

    @Override
    default void apply(Job job) {
        for (Region r : job.contextFunctions) {
            apply(job, r);
        }
    }

    /** The passes applied to each function in turn. */
    static Pass each(FunctionPass... passes) {
        return job -> {
            for (Region r : job.contextFunctions) {
                for (FunctionPass p : passes) {
                    p.apply(job, r);
                }
            }
        };
    }
}
