package com.cyclefleet.engine.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Thread settings of the native backend. libnd4j's own loops follow its Environment, while oneDNN and the BLAS run
 * on OpenMP, whose team size is a per-thread setting of the calling (benchmark) thread: both must be set. OpenBLAS
 * (gemm) keeps its own thread pool and is set separately; without that a "1 thread" gemm used both cores.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The OpenMP team size native ops started from this thread use. */
    public static int current() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
