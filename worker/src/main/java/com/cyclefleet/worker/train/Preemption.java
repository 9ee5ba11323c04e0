package com.cyclefleet.worker.train;

import java.util.OptionalLong;

/**
 * A stop request for a running chunk (the worker got SIGTERM), honoured by {@link ChunkRunner} at the next iteration
 * boundary so the iterations done so far are checkpointed and committed instead of redone; and how far the chunk got,
 * so a chunk abandoned anyway (its grace ran out) can say what is lost. Shared by the loop and the chunk thread.
 */
public final class Preemption {

    private volatile boolean requested;
    private volatile long iteration = -1;

    /** Asks the chunk to end after the iteration it is running. */
    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** Called by the chunk thread after each iteration with the job's iteration count. */
    void reached(long jobIteration) {
        iteration = jobIteration;
    }

    /** The job's iteration count after the chunk's last finished iteration; empty before the first. */
    public OptionalLong iteration() {
        long at = iteration;
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }
}
