package dev.opened.callgraph;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds one translation unit's parse. A repository can hold a macro that expands exponentially or
 * nesting that recurses without end, and CDT then runs for minutes and fills the heap; one such
 * file must cost one problem record, not the crawl. The parse runs on its own thread, watched for
 * wall time, for the bytes it allocates (a measure of work that does not depend on the machine's
 * speed) and for a heap about to run out; over a limit the thread is stopped. Errors it throws
 * itself ({@link OutOfMemoryError}, {@link StackOverflowError}) end it the same way.
 */
final class ParseGuard {
    /** How every problem of a unit that could not be parsed at all begins. */
    static final String FAILED = "could not parse this translation unit: ";

    /** Thrown when the unit's parse did not finish; the message says why. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private static final long POLL_MS = 50;

    private final long millis;
    private final long allocBudget;

    /** Limits from {@code opened.parse.seconds} (120) and {@code opened.parse.alloc.mb} (4096). */
    ParseGuard() {
        this(Long.getLong("opened.parse.seconds", 120) * 1000, Long.getLong("opened.parse.alloc.mb", 4096) << 20);
    }

    ParseGuard(long millis, long allocBudget) {
        this.millis = millis;
        this.allocBudget = allocBudget;
    }

    /** Runs {@code parse} within the limits. */
    @SuppressWarnings({"removal", "deprecation"})
    <T> T run(String unit, Callable<T> parse) throws Failed, InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                outcome.set(new Object[] {parse.call()});
            } catch (Throwable e) { // the parser's own errors are this unit's failure, nothing more
                outcome.set(e);
            }
        }, "opened-parse " + unit, 256L << 20);
        t.setDaemon(true);
        com.sun.management.ThreadMXBean threads = threads();
        t.start();
        long deadline = System.nanoTime() + millis * 1_000_000;
        String over = null;
        try {
            while (t.isAlive() && over == null) {
                t.join(POLL_MS);
                if (!t.isAlive()) {
                    break;
                }
                long allocated = threads == null ? -1 : threads.getThreadAllocatedBytes(t.getId());
                if (System.nanoTime() > deadline) {
                    over = "it took longer than " + millis / 1000 + " s (opened.parse.seconds)";
                } else if (allocated > allocBudget) {
                    over = "it allocated more than " + (allocBudget >> 20) + " MiB (opened.parse.alloc.mb): "
                            + "a macro that expands without bound?";
                } else if (allocated > (256L << 20) && heapNearlyFull()) {
                    over = "the heap ran nearly full while it parsed (" + (allocated >> 20) + " MiB allocated)";
                }
            }
        } finally {
            if (t.isAlive()) {
                t.interrupt();
                try {
                    t.stop(); // CDT checks no interrupt; on JVMs without stop the daemon thread is abandoned
                } catch (UnsupportedOperationException e) {
                    // abandoned
                }
                t.join(1000);
            }
        }
        if (over != null) {
            throw new Failed(over);
        }
        Object o = outcome.get();
        if (o instanceof Object[] a) {
            @SuppressWarnings("unchecked")
            T r = (T) a[0];
            return r;
        }
        Throwable e = (Throwable) o;
        if (e instanceof OutOfMemoryError) {
            throw new Failed("the parser ran out of memory");
        }
        if (e instanceof StackOverflowError) {
            throw new Failed("the parser's recursion overflowed its stack (nesting too deep)");
        }
        throw new Failed("the parser failed: " + e);
    }

    private static boolean heapNearlyFull() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getMax() > 0 && heap.getUsed() > heap.getMax() * 0.9;
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                && b.isThreadAllocatedMemorySupported()) {
            if (!b.isThreadAllocatedMemoryEnabled()) {
                b.setThreadAllocatedMemoryEnabled(true);
            }
            return b;
        }
        return null;
    }
}
