package com.cyclefleet.cli;

import org.nd4j.linalg.factory.Nd4j;

/** Applies --threads to ND4J's native thread pools. */
final class Threads {
    private Threads() {
    }

    static void apply(Integer threads) {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
    }
}
