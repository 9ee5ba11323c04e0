package com.cyclefleet.worker.translate;

/**
 * What went wrong in a stage of the translate pipeline, for the loop thread to act on: a unit that must be consumed
 * again (its transaction aborted, or the object store unavailable) or a failure the loop cannot go on after. Until
 * the loop has rewound, later units are discarded rather than committed, so no commit ever skips a failed unit.
 */
final class PipelineFault {

    /** @param backoff pause before consuming again (the object store was unavailable) */
    record Fault(String reason, boolean backoff, RuntimeException fatal) {
    }

    private volatile Fault fault;

    /** Keeps the first fault raised until the loop clears it. */
    synchronized void raise(String reason, boolean backoff) {
        if (fault == null) {
            fault = new Fault(reason, backoff, null);
        }
    }

    /** A fatal failure replaces a retryable one: the loop stops. */
    synchronized void fatal(RuntimeException e) {
        if (fault == null || fault.fatal() == null) {
            fault = new Fault(e.toString(), false, e);
        }
    }

    boolean raised() {
        return fault != null;
    }

    Fault current() {
        return fault;
    }

    synchronized void clear() {
        if (fault != null && fault.fatal() == null) {
            fault = null;
        }
    }
}
