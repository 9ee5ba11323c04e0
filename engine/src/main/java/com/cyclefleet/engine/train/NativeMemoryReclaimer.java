package com.cyclefleet.engine.train;

/**
 * ND4J frees off-heap buffers only when their Java owners are collected, and one iteration's activations are
 * hundreds of MB against a nearly empty heap, so the GC would rarely run on its own (stack notes). Called once per
 * training iteration by the trainer and the benchmark alike.
 */
public final class NativeMemoryReclaimer {
    public void afterIteration() {
        System.gc();
    }
}
