package com.cyclefleet.engine.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Float32 gemm throughput through Nd4j.gemm on square matrices: the machine's practical peak for the same threads. */
public final class GemmPeak {
    public static final int SIZE = 2048;
    private static final int WARMUP = 2;
    private static final int REPEATS = 5;
    private static final double FLOPS_PER_MAC = 2;

    private GemmPeak() {
    }

    /** Best GFLOP/s over a few repetitions: peak, so the best run rather than the median. */
    public static double measure() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 'f', SIZE, SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, 'f', SIZE, SIZE);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[]{SIZE, SIZE}, 'f');
        double flops = FLOPS_PER_MAC * SIZE * (double) SIZE * SIZE;
        double best = 0;
        for (int i = 0; i < WARMUP + REPEATS; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (i >= WARMUP) {
                best = Math.max(best, flops / seconds / 1e9);
            }
        }
        return best;
    }
}
