package com.cyclefleet.engine.train;

/**
 * ND4J frees off-heap buffers only when their Java owners are collected, and one iteration's activations are
 * hundreds of MB against a nearly empty heap, so the GC would rarely run on its own (measured: resident memory grew
 * from 634 MB to 2,325 MB over 50 iterations of a tiny model without this). A full collection
 * costs ~20 ms whatever the model size, which is 5% of a small model's iteration, so it runs only once resident memory
 * is a budget above the lowest point it has ever had. The floor never moves up: if the allocator keeps freed memory,
 * every later iteration collects (the safe behaviour) instead of the bound creeping upwards with each collection.
 * Called once per training iteration by the trainer and the benchmark alike.
 */
public final class NativeMemoryReclaimer {
    /** Well under TrainingLearnsTest's 200 MB flatness bound, and several small-model iterations' worth. */
    public static final long DEFAULT_BUDGET_BYTES = 128L << 20;
    private final long budgetBytes;
    private long trough = Long.MAX_VALUE;

    public NativeMemoryReclaimer() {
        this(DEFAULT_BUDGET_BYTES);
    }

    public NativeMemoryReclaimer(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** @return whether it collected */
    public boolean afterIteration() {
        long rss = NativeMemory.residentBytes();
        // unknown resident size (not Linux): collect every time, the safe choice
        trough = Math.min(trough, rss);
        if (rss < 0 || rss - trough > budgetBytes) {
            System.gc();
            return true;
        }
        return false;
    }
}
