package com.cyclefleet.cli;

import com.cyclefleet.engine.bench.NativeThreads;

/** Applies --threads to ND4J's native thread pools. */
final class Threads {
    private Threads() {
    }

    static void apply(Integer threads) {
        if (threads != null) {
            NativeThreads.set(threads);
        }
    }
}
